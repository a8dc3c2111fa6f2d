package dev.jgrad.autograd.storage;

import dev.jgrad.autograd.Tensor;

/**
 * The memory behind one or more tensors: one heap array in the element type of its tensors plus a version counter.
 * float32 tensors use {@link #data}, float64 tensors {@link #doubles}, int64 tensors {@link #longs()} and bool
 * tensors {@link #bools()} (one byte per element).
 *
 * <p>Every view of a tensor shares its storage, so an in-place write through any view bumps the one counter that
 * the autograd engine checks for tensors it saved for backward (PyTorch's {@code _version}).
 */
public final class Storage {
  /** The elements of a float32 storage; null otherwise. */
  public final float[] data;
  /** The elements of a float64 storage; null otherwise. */
  public final double[] doubles;
  /**
   * The elements of an int64 ({@code long[]}) or bool ({@code boolean[]}) storage; null otherwise. One field for the
   * two keeps a storage at 40 bytes, as before int64 had its own array: the seed SGD step makes four storages.
   */
  private final Object integers;
  private int version;
  /**
   * The tensor this storage was created for (by {@code Tensor.fresh}), or null. Views are other tensors over the
   * same storage, so {@code owner == t} (with t contiguous from offset 0 over the whole array) says that t is not a
   * view; the engine clears it when one gradient object reaches two places.
   */
  public Tensor owner;
  /**
   * Backward passes started so far (all threads). A storage records the count when it is made, so a pass can tell a
   * gradient it computed itself from a tensor that existed before it began. A racy read only ever sees a smaller
   * count, which makes a gradient look older: a copy, never a wrong steal.
   */
  private static long passes;
  /** {@link #passes} when this storage was created: tells the engine which gradients a pass made itself. */
  public final long born = passes;

  public Storage(float[] data) {
    this(data, null, null);
  }

  public Storage(double[] doubles) {
    this(null, doubles, null);
  }

  public Storage(long[] longs) {
    this(null, null, longs);
  }

  public Storage(boolean[] bools) {
    this(null, null, bools);
  }

  private Storage(float[] data, double[] doubles, Object integers) {
    this.data = data;
    this.doubles = doubles;
    this.integers = integers;
  }

  /** The elements of an int64 storage; null otherwise. */
  public long[] longs() {
    return integers instanceof long[] l ? l : null;
  }

  /** The elements of a bool storage; null otherwise. */
  public boolean[] bools() {
    return integers instanceof boolean[] b ? b : null;
  }

  public Storage(int size) {
    this(new float[size]);
  }

  /** True when this storage holds doubles (a float64 tensor's). */
  public boolean isDouble() {
    return doubles != null;
  }

  /** The one non-null element array, for code that moves elements without reading them ({@code System.arraycopy}). */
  public Object array() {
    return data != null ? data : doubles != null ? doubles : integers;
  }

  /** The number of elements the array holds. */
  public int length() {
    return data != null ? data.length : doubles != null ? doubles.length
        : integers instanceof long[] l ? l.length : ((boolean[]) integers).length;
  }

  /** Element {@code i} as a double, whatever the array (an int64 above 2^53 rounds to the nearest double). */
  public double getDouble(int i) {
    return data != null ? data[i] : doubles != null ? doubles[i] : integers instanceof long[] l ? l[i]
        : ((boolean[]) integers)[i] ? 1 : 0;
  }

  /** Element {@code i} as a long: exact for int64 and bool, truncated toward zero for the floating dtypes. */
  public long getLong(int i) {
    return integers instanceof long[] l ? l[i] : integers instanceof boolean[] b ? (b[i] ? 1 : 0)
        : (long) getDouble(i);
  }

  public int version() {
    return version;
  }

  public void bumpVersion() {
    version++;
  }

  /** Counts a new backward pass and returns its number (see {@link #born}). */
  public static long startPass() {
    return ++passes;
  }
}
