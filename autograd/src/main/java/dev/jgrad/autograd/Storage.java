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
