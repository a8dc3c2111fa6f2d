package dev.jgrad.autograd;

import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Locale;

/**
 * An allocation that does not fit the Java heap, reported as one line: what was being allocated, how much, the heap
 * limit ({@code Runtime.maxMemory()}) and how to raise it. Thrown before allocating when the size alone exceeds the
 * limit ({@link SizeLimits#checkHeap}), or in place of the {@link OutOfMemoryError} of a tensor allocation
 * ({@link SizeLimits#allocate}); {@link #ranOut} words any other {@code OutOfMemoryError} the same way.
 *
 * <p>It is an {@link IllegalStateException}: the request is valid, the JVM's heap is too small for it.
 *
 * <pre>{@code
 * zeros: shape [100000, 100000] needs 37.3 GiB, more than the Java heap limit of 4.0 GiB; raise the limit with
 * -Xmx (e.g. java -Xmx47g ..., or JGRAD_JAVA_OPTS=-Xmx47g for the jgrad command)
 * }</pre>
 */
public final class HeapLimitException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final long bytes;
  private final long heapLimit;

  /**
   * @param what the op and what it allocates, e.g. {@code "Linear(in_features=100000, out_features=100000):
   *     parameters [100000, 100000] and [100000]"}
   * @param bytes the size of the allocation
   * @param heapLimit {@code Runtime.maxMemory()}
   * @param cause the {@link OutOfMemoryError} when the heap ran out, or null when the size was refused up front
   */
  public HeapLimitException(String what, long bytes, long heapLimit, OutOfMemoryError cause) {
    super(message(what, bytes, heapLimit, cause != null), cause);
    this.bytes = bytes;
    this.heapLimit = heapLimit;
  }

  /**
   * An {@code OutOfMemoryError} of unknown size (one not raised by a tensor allocation) as the same one line, e.g.
   * {@code train: the Java heap ran out (limit 4.0 GiB, 3.9 GiB in use); raise the limit with -Xmx (...)}.
   *
   * @param what what was running, e.g. the command's name
   */
  public static HeapLimitException ranOut(String what, OutOfMemoryError cause) {
    return new HeapLimitException(what, -1, Runtime.getRuntime().maxMemory(), cause);
  }

  /** The size of the allocation that did not fit, in bytes, or -1 when unknown ({@link #ranOut}). */
  public long bytes() {
    return bytes;
  }

  /** The heap limit at the time, {@code Runtime.maxMemory()}, in bytes. */
  public long heapLimit() {
    return heapLimit;
  }

  private static String message(String what, long bytes, long heapLimit, boolean ranOut) {
    Runtime rt = Runtime.getRuntime();
    long inUse = rt.totalMemory() - rt.freeMemory();
    String ranOutText = "the Java heap ran out (limit " + human(heapLimit) + ", " + human(inUse) + " in use)";
    String problem = bytes < 0 ? ": " + ranOutText
        : " needs " + human(bytes) + (ranOut ? ", but " + ranOutText : ", more than the Java heap limit of "
            + human(heapLimit));
    // Room for the allocation, what is in use, and a quarter more for the rest of the run; twice the limit when
    // the allocation's size is unknown.
    double wanted = bytes < 0 ? 2.0 * heapLimit : (bytes + inUse) * 1.25;
    long suggested = Math.max(1, (long) Math.ceil(wanted / (1L << 30)));
    return what + problem + "; raise the limit with -Xmx (e.g. java -Xmx" + suggested + "g ..., or JGRAD_JAVA_OPTS=-Xmx"
        + suggested + "g for the jgrad command)";
  }

  /** Bytes in binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 37.3 GiB}. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
