package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Synchronous data-parallel training on the cores of one machine, with the semantics of PyTorch's
 * DistributedDataParallel: the model's parameters are shared and only read during forward and backward (no model
 * copies); each of W replicas computes the gradients of a contiguous shard of every global batch, and the shards'
 * gradients are added into {@code .grad} in replica order, so the optimizer, unchanged, steps once per batch on the
 * gradient of the whole batch's mean loss.
 *
 * <pre>{@code
 * Trainer.builder().model(model).loss(loss).optimizer(adam)
 *     .dataParallel(DataParallel.replicas(8).gemmThreadsPerReplica(2))
 *     .build().fit(loader, epochs);
 * }</pre>
 *
 * <p><b>Determinism.</b> Shard i holds rows {@code [floor(i·b/W), floor((i+1)·b/W))} of a batch of b rows; the
 * computation of a shard and the reduction order are those of {@link dev.jgrad.train.parallel.ShardGradients}, so a
 * run is bit-identical to {@link #emulated(int) emulated(W)} (the same shards one after another on one thread) and to
 * any other run with the same W, whatever the thread timing. It agrees with ordinary training to float rounding (the
 * shards' losses are summed in another order). Dropout masks are drawn per global row (see
 * {@link dev.jgrad.autograd.ShardContext}), the same for every W but not PyTorch's stream.
 *
 * <p><b>Limits.</b> BatchNorm in training mode is refused (its statistics would be the shard's): put it in eval mode
 * or use one replica. A batch must have at least W rows, except an epoch's last, partial batch, whose empty shards
 * contribute nothing. Random ops other than Dropout that draw from the global generator are refused.
 *
 * <p><b>Threads.</b> W replica threads (daemons, started by each fit and stopped when it returns), each with its own
 * pool of {@link #gemmThreadsPerReplica} threads for large matrix products (itself plus helpers), so the default
 * {@code replicas × gemmThreads} does not exceed {@code Runtime.availableProcessors()}.
 */
public final class DataParallel {
  private final int replicas;
  private final boolean emulated;
  private final int gemmThreads;   // 0: availableProcessors / replicas

  private DataParallel(int replicas, boolean emulated, int gemmThreads) {
    this.replicas = replicas;
    this.emulated = emulated;
    this.gemmThreads = gemmThreads;
  }

  /**
   * W replicas on W threads.
   *
   * @throws IllegalArgumentException if {@code replicas < 1}
   */
  public static DataParallel replicas(int replicas) {
    checkArgument(replicas >= 1, "DataParallel.replicas: replicas must be at least 1, got %s", replicas);
    return new DataParallel(replicas, false, 0);
  }

  /**
   * The same W shards and reduction run one after another on the calling thread: bit-identical to
   * {@link #replicas(int) replicas(W)}, for checking and for reproducing a W-replica run on one core.
   *
   * @throws IllegalArgumentException if {@code replicas < 1}
   */
  public static DataParallel emulated(int replicas) {
    checkArgument(replicas >= 1, "DataParallel.emulated: replicas must be at least 1, got %s", replicas);
    return new DataParallel(replicas, true, 0);
  }

  /**
   * Threads per replica for large matrix products (the replica's own thread plus {@code threads - 1} helpers);
   * default {@code max(1, availableProcessors / replicas)}. Results do not depend on it.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public DataParallel gemmThreadsPerReplica(int threads) {
    checkArgument(threads >= 1, "DataParallel.gemmThreadsPerReplica: threads must be at least 1, got %s", threads);
    return new DataParallel(replicas, emulated, threads);
  }

  /** The number of replicas, W. */
  public int replicas() {
    return replicas;
  }

  /** Whether the replicas run one after another on the calling thread. */
  public boolean isEmulated() {
    return emulated;
  }

  /** Threads per replica for large matrix products: as set, or the default for this machine. */
  public int gemmThreadsPerReplica() {
    return gemmThreads > 0 ? gemmThreads : defaultGemmThreads(replicas, Runtime.getRuntime().availableProcessors());
  }

  /** {@code max(1, cores / replicas)}: no more threads than cores while every replica computes. */
  static int defaultGemmThreads(int replicas, int cores) {
    return Math.max(1, cores / replicas);
  }

  @Override
  public String toString() {
    return emulated ? "DataParallel.emulated(" + replicas + ")"
        : "DataParallel.replicas(" + replicas + ").gemmThreadsPerReplica(" + gemmThreadsPerReplica() + ")";
  }
}
