package dev.jgrad.benchmarks;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * How much waking a parked thread costs on this machine: the time the waker spends inside
 * {@code LockSupport.unpark}, and how long until the woken thread runs, once with a woken thread that parks again at
 * once and once with one that stays busy for a while (as the gemm worker does: it works, then spins). This is what
 * shaped the gemm worker's policy (it dozes in timed parks and is unparked only for large products). On the 2-vCPU
 * Firecracker VM the woken thread ran after 11-16 µs; the unpark call returned after 18-24 µs when the woken thread
 * parked again at once, but after 117-124 µs when it stayed busy for 100 µs: the scheduler often places the woken
 * thread on the waker's own CPU (wake-affine), where it runs before the waker gets its CPU back.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.jgrad.benchmarks.WakeLatency 2000
 * }</pre>
 */
public final class WakeLatency {

  /** Medians and 90th percentiles of one measurement, in microseconds. */
  public record Result(double unparkMedian, double unparkP90, double wakeMedian, double wakeP90) {
    @Override
    public String toString() {
      return String.format("unpark call: median %.1f us, p90 %.1f us | woken thread runs after: median %.1f us, "
          + "p90 %.1f us", unparkMedian, unparkP90, wakeMedian, wakeP90);
    }
  }

  private WakeLatency() {
  }

  /**
   * Wakes a parked thread {@code samples} times, each after the waker has been idle for {@code idleMillis}; the woken
   * thread stays busy for {@code busyMicros} before it parks again.
   *
   * @throws IllegalArgumentException if {@code samples < 1}, {@code idleMillis < 0} or {@code busyMicros < 0}
   */
  public static Result measure(int samples, int idleMillis, int busyMicros) throws InterruptedException {
    if (samples < 1 || idleMillis < 0 || busyMicros < 0) {
      throw new IllegalArgumentException("WakeLatency.measure: samples must be >= 1, idleMillis and busyMicros >= 0, got "
          + samples + ", " + idleMillis + " and " + busyMicros);
    }
    long[] woke = new long[1];
    Object lock = new Object();
    Thread sleeper = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        LockSupport.park();
        synchronized (lock) {
          woke[0] = System.nanoTime();
        }
        long busyUntil = System.nanoTime() + busyMicros * 1000L;
        while (System.nanoTime() < busyUntil) {
          Thread.onSpinWait();
        }
      }
    }, "wake-latency-sleeper");
    sleeper.setDaemon(true);
    sleeper.start();
    long[] unpark = new long[samples];
    long[] wake = new long[samples];
    try {
      for (int i = 0; i < samples; i++) {
        Thread.sleep(idleMillis);
        while (sleeper.getState() != Thread.State.WAITING) {
          Thread.onSpinWait();   // it must be parked again before the next sample
        }
        long t0 = System.nanoTime();
        LockSupport.unpark(sleeper);
        long t1 = System.nanoTime();
        long w;
        do {
          synchronized (lock) {
            w = woke[0];
          }
        } while (w < t0);
        unpark[i] = t1 - t0;
        wake[i] = w - t0;
      }
    } finally {
      sleeper.interrupt();
      LockSupport.unpark(sleeper);
    }
    Arrays.sort(unpark);
    Arrays.sort(wake);
    return new Result(unpark[samples / 2] / 1e3, unpark[samples * 9 / 10] / 1e3, wake[samples / 2] / 1e3,
        wake[samples * 9 / 10] / 1e3);
  }

  /**
   * {@code WakeLatency [samples]}: prints two lines, a woken thread that parks again at once and one that stays busy
   * for 100 µs (default 2000 samples, 1 ms idle before each).
   */
  public static void main(String[] args) throws InterruptedException {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    System.out.println("woken thread parks again at once:   " + measure(samples, 1, 0));
    System.out.println("woken thread stays busy for 100 us: " + measure(samples, 1, 100));
  }
}
