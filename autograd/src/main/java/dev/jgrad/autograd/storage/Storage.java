package dev.jgrad.autograd.storage;

import dev.jgrad.autograd.Tensor;

/**
 * The memory behind one or more tensors: a heap {@code float[]} plus a version counter.
 *
 * <p>Every view of a tensor shares its storage, so an in-place write through any view bumps the one counter that
 * the autograd engine checks for tensors it saved for backward (PyTorch's {@code _version}).
 */
public final class Storage {
  public final float[] data;
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
  }

  public Storage(int size) {
    this.data = new float[size];
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
