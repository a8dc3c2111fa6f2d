package dev.jgrad.autograd.storage;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.engine.Engine;

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
   * The tensor this storage was created for (by {@link Tensor#fresh}), or null. Views are other tensors over the
   * same storage, so {@code owner == t} (with t contiguous from offset 0 over the whole array) says that t is not a
   * view; the engine clears it when one gradient object reaches two places.
   */
  public Tensor owner;
  /** {@link Engine#passes} when this storage was created: tells the engine which gradients a pass made itself. */
  public final long born = Engine.passes;

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
}
