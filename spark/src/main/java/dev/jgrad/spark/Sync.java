package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How the workers of a {@link SparkTrainer} agree on the weights.
 *
 * <ul>
 *   <li>{@link #exact()}: one Spark job per optimizer step. The driver broadcasts the weights, every partition
 *       returns the scaled gradient of its shard of the step's global batch, the driver adds them in partition
 *       order and steps the optimizer, whose state never leaves the driver. Bit-identical to
 *       {@code DataParallel.emulated(W)} on one machine; costs one job (50 to 170 ms) per step.
 *   <li>{@link #localSgd(int)}: one job per k steps. Every partition starts from the broadcast weights and
 *       optimizer state, takes k optimizer steps on its own shards of the next k global batches, and the driver
 *       averages the parameters and the optimizer's state tensors in partition order. Deterministic, but an
 *       approximation of training on the global batch (each worker's steps see only its shard).
 * </ul>
 */
public sealed interface Sync extends java.io.Serializable {
  /** Exact synchronous data parallelism: one gradient sum per optimizer step. */
  static Sync exact() {
    return new Exact();
  }

  /**
   * Local SGD: k local steps per worker between parameter averages.
   *
   * @throws IllegalArgumentException if {@code k < 1}
   */
  static Sync localSgd(int k) {
    checkArgument(k >= 1, "Sync.localSgd: k (local steps between averages) must be at least 1, got %s", k);
    return new LocalSgd(k);
  }

  /** Global batches consumed by one Spark job. */
  int stepsPerJob();

  /** See {@link Sync#exact()}. */
  record Exact() implements Sync {
    @Override
    public int stepsPerJob() {
      return 1;
    }

    @Override
    public String toString() {
      return "Sync.exact()";
    }
  }

  /** See {@link Sync#localSgd(int)}. @param k local steps per worker between averages */
  record LocalSgd(int k) implements Sync {
    @Override
    public int stepsPerJob() {
      return k;
    }

    @Override
    public String toString() {
      return "Sync.localSgd(" + k + ")";
    }
  }
}
