package dev.jgrad.autograd.storage;

import dev.jgrad.autograd.HeapLimitException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The limits on a tensor's size, checked in one place: element counts (a tensor is one Java {@code float[]}, so it
 * holds at most {@link #MAX_NUMEL} elements) and memory (an allocation must fit the Java heap). Every shape an op
 * creates goes through {@link #numel(String, int...)}, so a product of sizes that overflows {@code int} fails with
 * the op, the shape and the limit instead of wrapping round to a small, zero or negative count.
 *
 * <pre>{@code
 * SizeLimits.numel("zeros", 65536, 65536);
 * // IllegalArgumentException: zeros: shape [65536, 65536] has 4294967296 elements, more than the 2147483639 a
 * // tensor can hold
 * }</pre>
 */
public final class SizeLimits {
  /** {@code Runtime.maxMemory()}, fixed for the JVM's life; read once, as every op allocates through here. */
  private static final long HEAP_LIMIT = Runtime.getRuntime().maxMemory();

  private SizeLimits() {}

  /**
   * The most elements a tensor holds: the longest array every JVM allocates (the JDK's own
   * {@code ArraysSupport.SOFT_MAX_ARRAY_LENGTH}); HotSpot refuses the very longest ones whatever the heap
   * ({@code new float[Integer.MAX_VALUE]} fails with "Requested array size exceeds VM limit" even under -Xmx64m).
   */
  public static final int MAX_NUMEL = Integer.MAX_VALUE - 8;

  /**
   * The number of elements of {@code shape}, checked: a negative size fails with PyTorch's "Trying to create tensor
   * with negative dimension", and a shape with more than {@link #MAX_NUMEL} elements (or whose non-empty sizes
   * multiply beyond it, which its strides could not address) fails naming {@code op}, the shape and the limit.
   */
  public static int numel(String op, int... shape) {
    long span = 1;
    boolean empty = false;
    for (int s : shape) {
      if (s < 0) {
        throw negativeDimension(op, s, Arrays.toString(shape));
      }
      if (s == 0) {
        empty = true;
      } else {
        span *= s;   // span <= MAX_NUMEL and s < 2^31 before this product, so it cannot overflow a long
        if (span > MAX_NUMEL) {
          throw tooLarge(op, Arrays.stream(shape).asLongStream().toArray());
        }
      }
    }
    return empty ? 0 : (int) span;
  }

  /**
   * {@link #numel(String, int...)} for a shape whose sizes were computed in {@code long} (a concatenation's summed
   * size, a repeat's product), returned as the {@code int[]} shape once it is known to fit.
   */
  public static int[] shape(String op, long... sizes) {
    int[] out = new int[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] < 0) {
        throw negativeDimension(op, sizes[i], Arrays.toString(sizes));
      }
      if (sizes[i] > MAX_NUMEL) {
        throw tooLarge(op, sizes);
      }
      out[i] = (int) sizes[i];
    }
    numel(op, out);
    return out;
  }

  /** PyTorch's message for a negative size, prefixed by the op. */
  static IllegalArgumentException negativeDimension(String op, long size, String shape) {
    return new IllegalArgumentException(
        op + ": Trying to create tensor with negative dimension " + size + ": " + shape);
  }

  private static IllegalArgumentException tooLarge(String op, long[] shape) {
    BigInteger count = BigInteger.ONE;
    BigInteger span = BigInteger.ONE;
    for (long s : shape) {
      count = count.multiply(BigInteger.valueOf(s));
      span = span.multiply(BigInteger.valueOf(Math.max(s, 1)));
    }
    String str = Arrays.toString(shape);
    if (count.signum() == 0) {
      return new IllegalArgumentException(op + ": shape " + str + " has no elements, but its non-empty sizes "
          + "multiply to " + span + ", more than the " + MAX_NUMEL + " positions a tensor's strides can address");
    }
    return new IllegalArgumentException(
        op + ": shape " + str + " has " + count + " elements, more than the " + MAX_NUMEL + " a tensor can hold");
  }

  /**
   * Fails with a {@link HeapLimitException} when {@code bytes} exceed the Java heap limit
   * ({@code Runtime.maxMemory()}): such an allocation cannot succeed, so it is refused before anything is
   * allocated. {@code what} names the op and what it allocates, e.g. {@code "zeros: shape [30000, 30000]"}.
   */
  public static void checkHeap(String what, long bytes) {
    long max = Runtime.getRuntime().maxMemory();
    if (bytes > max) {
      throw new HeapLimitException(what, bytes, max, null);
    }
  }

  /**
   * A new {@code float[]} of {@code numel(op, shape)} elements: the one place tensor storage (and any array sized by
   * a shape, such as a batch's) is allocated with its size checked. An allocation larger than the heap limit fails before allocating, and a Java
   * {@link OutOfMemoryError} becomes a {@link HeapLimitException} naming the op and shape.
   */
  public static float[] allocate(String op, int... shape) {
    return allocate(op, shape, Float.BYTES, float[]::new);
  }

  /** {@link #allocate} for a float64 tensor's {@code double[]}. */
  public static double[] allocateDoubles(String op, int... shape) {
    return allocate(op, shape, Double.BYTES, double[]::new);
  }

  /** {@link #allocate} for an int64 tensor's {@code long[]}. */
  public static long[] allocateLongs(String op, int... shape) {
    return allocate(op, shape, Long.BYTES, long[]::new);
  }

  /** {@link #allocate} for a bool tensor's {@code boolean[]} (one byte per element). */
  public static boolean[] allocateBools(String op, int... shape) {
    return allocate(op, shape, 1, boolean[]::new);
  }

  private static <T> T allocate(String op, int[] shape, int itemBytes, IntFunction<T> array) {
    int n = numel(op, shape);
    long bytes = (long) n * itemBytes;
    checkAllocation(op, shape, bytes);
    try {
      return array.apply(n);
    } catch (OutOfMemoryError e) {
      throw new HeapLimitException(op + ": shape " + Arrays.toString(shape), bytes, HEAP_LIMIT, e);
    }
  }

  private static void checkAllocation(String op, int[] shape, long bytes) {
    if (bytes > HEAP_LIMIT) {
      throw new HeapLimitException(op + ": shape " + Arrays.toString(shape), bytes, HEAP_LIMIT, null);
    }
  }

}
