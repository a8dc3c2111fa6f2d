package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.kernels.GemmWorker;

/**
 * The threads one large matrix product may use when called from the current thread (intra-op parallelism).
 * By default every thread shares the process-wide pool: the caller plus one helper thread. A thread that runs its
 * own share of a parallel job, such as a data-parallel replica, binds its own pool instead, so that replicas never
 * wait for each other's helpers and the machine's cores are not oversubscribed:
 *
 * <pre>{@code
 * try (IntraOpThreads threads = IntraOpThreads.bind(2, "replica-0-gemm")) {   // this thread + 1 helper
 *   ... forward and backward ...
 * }
 * }</pre>
 *
 * <p>Results never depend on the number of threads: a product is cut into the same chunks whoever runs them, and
 * each element is accumulated in the same order.
 */
public final class IntraOpThreads implements AutoCloseable {
  private final GemmWorker worker;
  private final GemmWorker previous;
  private final Thread owner;
  private boolean closed;

  private IntraOpThreads(GemmWorker worker) {
    this.worker = worker;
    this.owner = Thread.currentThread();
    this.previous = GemmWorker.bind(worker);
  }

  /**
   * Gives the current thread its own pool of {@code threads} threads: itself and {@code threads - 1} daemon helper
   * threads named after {@code name}. With 1, every product called from this thread runs on it alone.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static IntraOpThreads bind(int threads, String name) {
    checkArgument(threads >= 1, "IntraOpThreads.bind: threads must be at least 1, got %s", threads);
    return new IntraOpThreads(new GemmWorker(name, threads - 1));
  }

  /**
   * The threads of the pool a product called from this thread may use: the caller plus the pool's helpers. Whether
   * a product is shared at all depends on its size and on the kernels ({@code -Djgrad.gemm.threads=1} and the plain
   * Java kernels never share).
   */
  public static int current() {
    return GemmWorker.current().helperThreads() + 1;
  }

  /** Stops the helper threads and gives the thread back the pool it had before (call on the binding thread). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    worker.close();
    if (Thread.currentThread() == owner) {
      GemmWorker.bind(previous);
    }
  }
}
