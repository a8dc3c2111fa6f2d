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
 * <p>Why not an executor: handing work to a sleeping thread is expensive on the VMs this runs on. On the 2-vCPU
 * Firecracker VM the scheduler often puts a woken thread on the waker's own CPU (wake-affine), where it runs before
 * the waker gets its CPU back: {@code LockSupport.unpark} returned after 109-124 µs (median of 2,000) when the woken
 * thread stayed busy, as this worker does, and after 14-24 µs when it parked again at once
 * ({@code dev.jgrad.benchmarks.WakeLatency} measures both). So the caller does not wake the worker for an ordinary
 * product. The worker spins for {@link #SPIN_NANOS} after each job (the products of a training step find it awake, at
 * a hand-off cost well under a microsecond), then dozes in timed parks it wakes from by itself, on its own CPU,
 * {@link #MIN_DOZE_NANOS} doubling up to {@link #MAX_DOZE_NANOS}, and joins any job it finds published. Chunks are
 * claimed from a shared counter, so when the worker is dozing or slow the caller simply takes the next chunk itself:
 * a late worker never makes a product slower than running it on one thread. Only a product worth the unpark
 * ({@code worthWaking}) wakes a dozing worker.
 *
 * <p>One caller at a time owns the worker; a concurrent caller that finds it busy runs all of its chunks itself.
 *
 * <p><b>Per-thread workers.</b> Ops use {@link #current()}: the process-wide {@link #shared()} worker, unless the
 * calling thread has {@link #bind bound} its own. Data-parallel replicas each bind a worker with their own helper
 * threads (or none, to run every chunk on the replica's thread), so concurrent replicas never queue for the shared
 * worker nor put more threads on the cores than asked for. Which thread runs a chunk never changes a result: chunk
 * boundaries depend only on the job, not on the number of helpers.
 */
public final class GemmWorker {

  /**
   * How long the worker keeps spinning for the next job before it dozes: 200 µs, or system property
   * {@code jgrad.gemm.spinMicros} (read once; for experiments: a longer spin keeps the worker awake between the
   * products of a slower training step at the cost of a busy second core).
   */
  static final long SPIN_NANOS = Long.getLong("jgrad.gemm.spinMicros", 200) * 1000;
  /** The first timed park after spinning; each further one doubles, up to {@link #MAX_DOZE_NANOS}. */
  static final long MIN_DOZE_NANOS = 50_000;
  /** The longest timed park: an idle worker wakes 100 times a second to look for work (a negligible cost). */
  static final long MAX_DOZE_NANOS = 10_000_000;

  private static final class Holder {
    static final GemmWorker SHARED = new GemmWorker("jgrad-gemm-worker");
  }

  /** The worker bound to the current thread, if any (helper threads are bound to their own worker). */
  private static final ThreadLocal<GemmWorker> BOUND = new ThreadLocal<>();

  /** The process-wide worker, started on first use. */
  static GemmWorker shared() {
    return Holder.SHARED;
  }

  /** The worker ops on this thread share their chunks with: the one {@link #bind bound} here, else the shared one. */
  public static GemmWorker current() {
    GemmWorker w = BOUND.get();
    return w != null ? w : shared();
  }

  /**
   * Makes {@code worker} this thread's {@link #current()} worker (null: back to the shared one).
   *
   * @return the previously bound worker, or null
   */
  public static GemmWorker bind(GemmWorker worker) {
    GemmWorker previous = BOUND.get();
    if (worker == null) {
      BOUND.remove();
    } else {
      BOUND.set(worker);
    }
    return previous;
  }

  private final AtomicBoolean owned = new AtomicBoolean();
  private final AtomicReference<Job> pending = new AtomicReference<>();
  private final Helper[] helpers;
  private volatile boolean closed;

  /** A worker with one helper thread, as the shared one. */
  GemmWorker(String name) {
    this(name, 1);
  }

  /**
   * A worker with {@code helperThreads} daemon threads (named {@code name}, then {@code name-2}, ...); with 0 every
   * job runs on its caller.
   */
  public GemmWorker(String name, int helperThreads) {
    helpers = new Helper[helperThreads];
    for (int i = 0; i < helperThreads; i++) {
      helpers[i] = new Helper(i == 0 ? name : name + "-" + (i + 1));
    }
    for (Helper h : helpers) {
      h.thread.start();
    }
  }

  /** The number of helper threads (the caller makes one more). */
  public int helperThreads() {
    return helpers.length;
  }

  /** Whether every helper has stopped spinning and is dozing in timed parks (for tests). */
  boolean isDozing() {
    for (Helper h : helpers) {
      if (!h.dozing) {
        return false;
      }
    }
    return true;
  }

  /** The first helper's thread (for tests: it must be a daemon, and chunks may run on it). */
  Thread thread() {
    return helpers[0].thread;
  }

  /** Stops the helper threads once they finish the job at hand; later calls run every chunk on the caller. */
  public void close() {
    closed = true;
    for (Helper h : helpers) {
      LockSupport.unpark(h.thread);
    }
  }

  /**
   * Runs {@code body.accept(c)} for every chunk {@code c} in {@code [0, chunks)}, on this thread and the worker,
   * and returns when all have finished. Writes made by a chunk on the worker are visible to the caller afterwards.
   * If a chunk throws, the remaining chunks still run and the first failure is rethrown here. A dozing worker is
   * woken (see {@link #run(int, IntConsumer, boolean)}).
   */
  void run(int chunks, IntConsumer body) {
    run(chunks, body, true);
  }

  /**
   * {@link #run(int, IntConsumer)}; a dozing worker is woken only if {@code worthWaking}, otherwise it joins when
   * its timed park ends (or never, if the caller finishes first). Waking stalls the caller for about 120 µs on the
   * 2-vCPU VM, but the worker starts within about 15 µs and works on the product meanwhile, so it pays off for
   * products of a few hundred microseconds on one thread.
   */
  void run(int chunks, IntConsumer body, boolean worthWaking) {
    if (chunks <= 1 || helpers.length == 0 || closed || !owned.compareAndSet(false, true)) {
      for (int c = 0; c < chunks; c++) {
        body.accept(c);
      }
      return;
    }
    try {
      Job job = new Job(chunks, body);
      pending.set(job);
      if (worthWaking) {
        for (Helper h : helpers) {
          if (h.dozing) {
            LockSupport.unpark(h.thread);
          }
        }
      }
      job.work();
      // Withdraw the job once its chunks are all claimed; a helper that looks later finds no chunk left.
      pending.compareAndSet(job, null);
      job.awaitAll();
      job.rethrow();
    } finally {
      owned.set(false);
    }
  }

  /** One helper thread: joins each published job once, spins between jobs, then dozes. */
  private final class Helper {
    final Thread thread;
    volatile boolean dozing;

    Helper(String name) {
      thread = new Thread(this::loop, name);
      thread.setDaemon(true);
    }

    private void loop() {
      bind(GemmWorker.this);   // a chunk that calls gemm runs it inline here instead of queueing for a worker
      Job last = null;
      long idleSince = System.nanoTime();
      long doze = MIN_DOZE_NANOS;
      while (!closed) {
        Job job = pending.get();
        if (job != null && job != last) {
          last = job;
          job.work();
          idleSince = System.nanoTime();
          doze = MIN_DOZE_NANOS;
          continue;
        }
        if (job == null) {
          last = null;   // do not keep a finished job's arrays reachable
        }
        if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        // Publish "dozing" before the last look at pending: a caller that wants us awake either sees it and
        // unparks, or its job is seen here. Timed parks end by themselves, so no job is ever stranded.
        dozing = true;
        Job seen = pending.get();
        if (seen == null || seen == last) {
          LockSupport.parkNanos(this, doze);
          doze = Math.min(MAX_DOZE_NANOS, doze * 2);
        }
        dozing = false;
      }
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
