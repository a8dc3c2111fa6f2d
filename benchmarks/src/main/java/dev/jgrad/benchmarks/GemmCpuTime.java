package dev.jgrad.benchmarks;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * {@code a.mm(b)} timed in the calling thread's CPU time rather than wall time, for comparing the one-thread gemm
 * with PyTorch's ({@code tools/bench_dgemm.py --cpu}) on a machine that other work shares: there JMH's wall-clock
 * figures carry ±50-100 % error bars (a thread gets a fraction of a vCPU), while CPU time only counts the cycles the
 * product ran. With {@code -Djgrad.gemm.threads=1} the calling thread's CPU time is the whole cost; with two threads
 * the figure is the process's CPU time (the worker's share and its spinning between products included, as
 * {@code --cpu} counts OpenBLAS's threads), the cost of a product in CPU time rather than its latency.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -Djgrad.gemm.threads=1 -cp benchmarks/target/benchmarks.jar \
 *     dev.jgrad.benchmarks.GemmCpuTime float64 256 1024
 * }</pre>
 *
 * Prints, per size, the median and the best of nine half-second rounds (after three warm-up rounds) in CPU
 * microseconds per product and GFLOP/s (2n³ per product).
 */
public final class GemmCpuTime {

  private GemmCpuTime() {
  }

  public static void main(String[] args) {
    if (args.length < 2 || !(args[0].equals("float32") || args[0].equals("float64"))) {
      throw new IllegalArgumentException("usage: GemmCpuTime float32|float64 N [N ...], got " + Arrays.toString(args));
    }
    DType dtype = args[0].equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
    for (int i = 1; i < args.length; i++) {
      int n = Integer.parseInt(args[i]);
      double[] micros = measure(dtype, n, 9, 500_000_000L);
      double flops = 2.0 * n * n * n;
      System.out.printf("jgrad %s threads=%s n=%d cpu median_us=%.1f gflops=%.1f best_us=%.1f gflops=%.1f%n",
          args[0], System.getProperty("jgrad.gemm.threads", "default"), n, micros[4], flops / micros[4] / 1e3,
          micros[0], flops / micros[0] / 1e3);
    }
  }

  /**
   * CPU microseconds per {@code a.mm(b)} of two n × n matrices, one figure per round of at least {@code roundNanos}
   * of CPU time after three warm-up rounds, sorted: the calling thread's CPU time with
   * {@code -Djgrad.gemm.threads=1}, else the process's.
   */
  static double[] measure(DType dtype, int n, int rounds, long roundNanos) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    boolean oneThread = "1".equals(System.getProperty("jgrad.gemm.threads"));
    LongSupplier cpu = oneThread ? threads::getCurrentThreadCpuTime : os::getProcessCpuTime;
    Generator g = new Generator(0);
    Tensor a = Tensor.randn(g, n, n).to(dtype);
    Tensor b = Tensor.randn(g, n, n).to(dtype);
    double[] micros = new double[rounds];
    for (int round = -3; round < rounds; round++) {
      long start = cpu.getAsLong();
      long count = 0;
      long elapsed;
      do {
        a.mm(b);
        count++;
        elapsed = cpu.getAsLong() - start;
      } while (elapsed < roundNanos);
      if (round >= 0) {
        micros[round] = elapsed / 1e3 / count;
      }
    }
    Arrays.sort(micros);
    return micros;
  }
}
