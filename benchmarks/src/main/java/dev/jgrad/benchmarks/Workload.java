package dev.jgrad.benchmarks;

/**
 * The four MLP training steps of the performance table, shared by {@link MlpBenchmarks} (nn + optim) and {@link RawMlpBenchmarks}
 * (raw Tensor ops) so both measure exactly the same shapes as tools/bench_torch.py.
 */
public enum Workload {
  /** Iris-sized: 4-16-16-3, batch 32, SGD with momentum. */
  TINY(false, 32, 4, 16, 16, 3),
  /** 64-256-256-10, batch 128, SGD with momentum. */
  MID(false, 128, 64, 256, 256, 10),
  /** MNIST-sized: 784-512-512-10, batch 256, SGD with momentum. */
  LARGE(false, 256, 784, 512, 512, 10),
  /** 64-256-10, batch 128, Adam. */
  ADAM_MID(true, 128, 64, 256, 10);

  /** Adam (lr 1e-3) instead of SGD (lr 0.01, momentum 0.9). */
  final boolean adam;
  final int batch;
  /** Layer widths, input first. */
  final int[] sizes;

  Workload(boolean adam, int batch, int... sizes) {
    this.adam = adam;
    this.batch = batch;
    this.sizes = sizes;
  }

  int inputs() {
    return sizes[0];
  }

  int classes() {
    return sizes[sizes.length - 1];
  }
}
