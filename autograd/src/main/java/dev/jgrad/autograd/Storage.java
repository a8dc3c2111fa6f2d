package dev.jgrad.autograd;

/**
 * The memory behind one or more tensors: a heap {@code float[]} plus a version counter.
 *
 * <p>Every view of a tensor shares its storage, so an in-place write through any view bumps the one counter that
 * the autograd engine checks for tensors it saved for backward (PyTorch's {@code _version}).
 */
final class Storage {
  final float[] data;
  private int version;
  /**
   * The tensor this storage was created for (by {@link Tensor#fresh}), or null. Views are other tensors over the
   * same storage, so {@code owner == t} (with t contiguous from offset 0 over the whole array) says that t is not a
   * view; the engine clears it when one gradient object reaches two places.
   */
  Tensor owner;
  /** {@link Engine#passes} when this storage was created: tells the engine which gradients a pass made itself. */
  final long born = Engine.passes;

  Storage(float[] data) {
    this.data = data;
  }

  Storage(int size) {
    this.data = new float[size];
  }

  int version() {
    return version;
  }

  void bumpVersion() {
    version++;
  }
}
