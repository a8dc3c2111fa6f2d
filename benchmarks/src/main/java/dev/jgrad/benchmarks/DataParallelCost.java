package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.IntraOpThreads;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.optim.SGD;
import dev.jgrad.train.parallel.ShardGradients;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The parts of the data-parallel cost model (docs/SCALING.md) for the MLP 784-512-512-10, measured as the CPU time
 * of the calling thread (so that other processes on a shared machine inflate them much less than wall time), each
 * the median of {@code samples} runs after as many for warm-up:
 *
 * <ul>
 *   <li>{@code shard(r)}: {@link ShardGradients#compute} of r rows on one thread (no gemm helpers);
 *   <li>{@code reduce(W)}: {@link ShardGradients#sumRange} of W flat gradient vectors on one thread;
 *   <li>{@code apply}: {@link ShardGradients#addToGrads} plus one step of SGD with momentum.
 * </ul>
 *
 * It then prints the model's step time for W replicas on W cores, {@code shard(b/W) + reduce(W)/W + apply}, next to
 * one thread's {@code shard(b) + apply}.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.jgrad.benchmarks.DataParallelCost 30
 * }</pre>
 */
public final class DataParallelCost {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private DataParallelCost() {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    System.out.printf(Locale.ROOT, "load average %.2f, %d cpus%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    Module model = DataParallelBenchmark.mlp();
    List<Parameter> params = ShardGradients.trainableParameters(model);
    int p = ShardGradients.flatSize(params);
    Generator g = new Generator(0);
    Tensor x = Tensor.randn(g, 1024, 784);
    Tensor y = Tensor.randint(g, 0, 10, 1024);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    double[] shard = new double[1025];
    try (IntraOpThreads one = IntraOpThreads.bind(1, "cost-gemm")) {
      for (int rows : new int[] {64, 128, 256, 512, 1024}) {
        shard[rows] = median(samples, () -> cpu(() -> ShardGradients.compute(model, loss, x.narrow(0, 0, rows),
            y.narrow(0, 0, rows), 0, 1024, 0, 0)));
        System.out.printf(Locale.ROOT, "shard(%4d rows): %8.3f ms%n", rows, shard[rows]);
      }
    }
    double perRow = (shard[1024] - shard[128]) / (1024 - 128);
    double fixed = shard[128] - 128 * perRow;
    System.out.printf(Locale.ROOT, "fit: shard(r) = %.3f ms + r x %.4f ms%n", fixed, perRow);
    List<float[]> grads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      grads.add(Tensor.randn(g, p).toArray());
    }
    float[] sum = new float[p];
    double perVector = 0;
    for (int w : new int[] {2, 4, 16}) {
      List<float[]> some = grads.subList(0, w);
      double t = median(samples, () -> cpu(() -> ShardGradients.sumRange(some, sum, 0, p)));
      perVector = t / w;
      System.out.printf(Locale.ROOT, "reduce(%2d vectors of %d floats) on one thread: %7.3f ms%n", w, p, t);
    }
    SGD sgd = new SGD(params, SGD.Options.defaults().withLr(0.001).withMomentum(0.9));
    double apply = median(samples, () -> cpu(() -> {
      sgd.zeroGrad();
      ShardGradients.addToGrads(params, sum);
      sgd.step();
    }));
    System.out.printf(Locale.ROOT, "apply (addToGrads + SGD-momentum step): %.3f ms%n", apply);
    for (int b : new int[] {256, 1024}) {
      double one = fixed + b * perRow + apply;
      for (int w : new int[] {2, 4, 8, 16}) {
        double tw = fixed + (double) b / w * perRow + perVector + apply;   // reduce(W)/W = one vector per thread
        System.out.printf(Locale.ROOT, "batch %4d: 1 thread %7.2f ms; W=%2d on %2d cores %7.2f ms, speed-up %.2f%n",
            b, one, w, w, tw, one / tw);
      }
    }
  }

  private static long cpu(Runnable body) {
    long t0 = THREADS.getCurrentThreadCpuTime();
    body.run();
    return THREADS.getCurrentThreadCpuTime() - t0;
  }

  private static double median(int samples, LongSupplier nanos) {
    for (int i = 0; i < samples; i++) {
      nanos.getAsLong();
    }
    long[] t = new long[samples];
    for (int i = 0; i < samples; i++) {
      t[i] = nanos.getAsLong();
    }
    Arrays.sort(t);
    return t[samples / 2] / 1e6;
  }
}
