package dev.jgrad.autograd.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * One persistent daemon thread that shares a job's chunks with the calling thread, so a large product uses both
 * cores of a two-core machine.
 *
 * <p>Why not an executor: waking a parked thread costs about 45 µs on the target VM (KERNELS-NOTES.md), as long as
 * a whole 100³ product. This worker spins for {@link #SPIN_NANOS} after each job (back-to-back products of a
 * training step find it awake, at a hand-off cost of well under a microsecond) and only then parks. Chunks are
 * claimed from a shared counter, so when the worker is parked or slow to wake the caller simply takes the next
 * chunk itself: a late worker never makes a product slower than running it on one thread.
 *
 * <p>One caller at a time owns the worker; a concurrent caller that finds it busy runs all of its chunks itself.
 */
final class GemmWorker {

  /**
   * How long the worker keeps spinning for the next job before it parks: 100 µs, or system property
   * {@code jgrad.gemm.spinMicros} (read once; for experiments: a longer spin keeps the worker awake between the products
   * of a slower training step at the cost of a busy second core).
   */
  static final long SPIN_NANOS = Long.getLong("jgrad.gemm.spinMicros", 100) * 1000;

  private static final class Holder {
    static final GemmWorker SHARED = new GemmWorker("jgrad-gemm-worker");
  }

  /** The process-wide worker, started on first use. */
  static GemmWorker shared() {
    return Holder.SHARED;
  }

  private final AtomicBoolean owned = new AtomicBoolean();
  private final AtomicReference<Job> pending = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean parked;

  GemmWorker(String name) {
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether the worker has stopped spinning and parked (for tests). */
  boolean isParked() {
    return parked;
  }

  /** The worker's thread (for tests: it must be a daemon, and chunks may run on it). */
  Thread thread() {
    return thread;
  }

  /**
   * Runs {@code body.accept(c)} for every chunk {@code c} in {@code [0, chunks)}, on this thread and the worker,
   * and returns when all have finished. Writes made by a chunk on the worker are visible to the caller afterwards.
   * If a chunk throws, the remaining chunks still run and the first failure is rethrown here.
   */
  void run(int chunks, IntConsumer body) {
    run(chunks, body, true);
  }

  /**
   * {@link #run(int, IntConsumer)}, except that when the worker is parked and {@code wakeForThis} is false the caller
   * runs every chunk itself and only wakes the worker for the products that follow. Waking a parked worker means
   * waking its idle vCPU: on the 2-vCPU VM that took 30-100 µs at the median and up to 400 µs at the 90th percentile
   * (a 128×256×64 product, 97 µs on one thread, took 132 µs split with a parked worker, 56 µs with a spinning one), so
   * only a product long enough to hide that should wait for it.
   */
  void run(int chunks, IntConsumer body, boolean wakeForThis) {
    if (chunks <= 1 || !owned.compareAndSet(false, true)) {
      runAlone(chunks, body);
      return;
    }
    if (parked && !wakeForThis) {
      owned.set(false);
      runAlone(chunks, body);
      return;
    }
    try {
      Job job = new Job(chunks, body);
      pending.set(job);
      if (parked) {
        LockSupport.unpark(thread);
      }
      job.work();
      // If the worker never picked the job up, withdraw it; a worker that takes it later finds no chunk left.
      pending.compareAndSet(job, null);
      job.awaitAll();
      job.rethrow();
    } finally {
      owned.set(false);
    }
  }

  private static void runAlone(int chunks, IntConsumer body) {
    for (int c = 0; c < chunks; c++) {
      body.accept(c);
    }
  }

  private void loop() {
    long idleSince = System.nanoTime();
    while (true) {
      Job job = pending.get();
      if (job != null) {
        if (pending.compareAndSet(job, null)) {
          job.work();
          idleSince = System.nanoTime();
        }
        continue;
      }
      if (System.nanoTime() - idleSince < SPIN_NANOS) {
        Thread.onSpinWait();
        continue;
      }
      // Publish "parked" before the last look at pending: a caller either sees parked and unparks us, or its job
      // is seen here. Spurious wake-ups just go round the loop.
      parked = true;
      if (pending.get() == null) {
        LockSupport.park(this);
      }
      parked = false;
      idleSince = System.nanoTime();
    }
  }

  /** The chunks of one call, claimed one at a time by whichever thread asks first. */
  private static final class Job {
    private final int chunks;
    private final IntConsumer body;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(int chunks, IntConsumer body) {
      this.chunks = chunks;
      this.body = body;
    }

    void work() {
      int c;
      while ((c = next.getAndIncrement()) < chunks) {
        try {
          body.accept(c);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.incrementAndGet();   // volatile write: publishes this chunk's results to the waiting caller
        }
      }
    }

    void awaitAll() {
      int spins = 0;
      while (done.get() < chunks) {
        // The other thread is mid-chunk; yield now and then in case it shares our core with other work.
        if (++spins % 1024 == 0) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
    }

    void rethrow() {
      Throwable t = failure.get();
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      if (t != null) {
        throw new IllegalStateException("gemm: a worker chunk failed", t);
      }
    }
  }
}
