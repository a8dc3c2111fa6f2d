package dev.jgrad.autograd.storage;

import dev.jgrad.autograd.Tensor;

/**
 * The memory behind one or more tensors: one heap array in the element type of its tensors plus a version counter.
 * float32 tensors (and, for now, int64 and bool tensors, held as exact floats) use {@link #data}; float64 tensors
 * use {@link #doubles}. Exactly one of the two is non-null.
 *
 * <p>Every view of a tensor shares its storage, so an in-place write through any view bumps the one counter that
 * the autograd engine checks for tensors it saved for backward (PyTorch's {@code _version}).
 */
public final class Storage {
  /** The elements of a float32, int64 or bool storage; null for float64. */
  public final float[] data;
  /** The elements of a float64 storage; null otherwise. */
  public final double[] doubles;
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
    this.data = data;
    this.doubles = null;
  }

  public Storage(double[] doubles) {
    this.data = null;
    this.doubles = doubles;
  }

  public Storage(int size) {
    this(new float[size]);
  }

  /** True when this storage holds doubles (a float64 tensor's). */
  public boolean isDouble() {
    return doubles != null;
  }

  /** Element {@code i} as a double, whatever the array. */
  public double getDouble(int i) {
    return doubles != null ? doubles[i] : data[i];
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
