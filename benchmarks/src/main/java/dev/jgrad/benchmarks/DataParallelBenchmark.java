package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.SGD;
import dev.jgrad.train.DataParallel;
import dev.jgrad.train.Trainer;
import dev.jgrad.train.parallel.ShardGradients;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Data-parallel training of an MLP 784-512-512-10 (SGD with momentum, cross-entropy), docs/SCALING.md:
 * {@code step} is one optimizer step through {@code Trainer.fit} (ordinary training, or W replicas emulated on one
 * thread, or W replica threads), averaged over the {@value #BATCHES} batches of an epoch; {@code reduce} is the
 * reduction of W flat gradient vectors (669,706 floats each) into {@code .grad}, on one thread or on W.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DataParallelBenchmark
 * java -jar benchmarks/target/benchmarks.jar DataParallelBenchmark.step -p mode=plain -jvmArgsAppend -Djgrad.gemm.threads=1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class DataParallelBenchmark {
  static final int BATCHES = 4;
  static final int[] SIZES = {784, 512, 512, 10};

  static Module mlp() {
    Tensor.manualSeed(0);
    return new Sequential(new Linear(SIZES[0], SIZES[1]), new ReLU(), new Linear(SIZES[1], SIZES[2]), new ReLU(),
        new Linear(SIZES[2], SIZES[3]));
  }

  /** One epoch of {@value #BATCHES} batches per invocation. */
  @State(Scope.Thread)
  public static class Steps {
    @Param({"256", "1024"})
    int batch;
    @Param({"1", "2"})
    int replicas;
    /** plain: ordinary training (replicas ignored); emulated or threaded: DataParallel. */
    @Param({"plain", "emulated", "threaded"})
    String mode;

    Module model;
    SGD optimizer;
    DataLoader loader;
    DataParallel dp;

    @Setup(Level.Trial)
    public void setUp() {
      model = mlp();
      optimizer = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9));
      Generator g = new Generator(0);
      TensorDataset data = new TensorDataset(Tensor.randn(g, BATCHES * batch, SIZES[0]),
          Tensor.randint(g, 0, SIZES[3], BATCHES * batch));
      loader = DataLoader.builder(data).batchSize(batch).build();
      dp = switch (mode) {
        case "plain" -> null;
        case "emulated" -> DataParallel.emulated(replicas);
        case "threaded" -> DataParallel.replicas(replicas);
        default -> throw new IllegalArgumentException("mode: plain, emulated or threaded, got " + mode);
      };
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCHES)
  public double step(Steps s) {
    Trainer trainer = Trainer.builder().model(s.model).loss(new CrossEntropyLoss()).optimizer(s.optimizer).seed(0)
        .staleGradientCheck(false).dataParallel(s.dp).build();
    return trainer.fit(s.loader, 1).last("train_loss");
  }

  /** W gradient vectors of the MLP's size and its parameters with a zero {@code .grad}. */
  @State(Scope.Thread)
  public static class Reduction {
    @Param({"2"})
    int replicas;
    /** Threads sharing the reduction, each summing a slice of whole blocks. */
    @Param({"1", "2"})
    int threads;

    List<Parameter> params;
    List<float[]> grads;
    float[] sum;
    ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() {
      params = ShardGradients.trainableParameters(mlp());
      int n = ShardGradients.flatSize(params);
      grads = new ArrayList<>();
      Generator g = new Generator(1);
      for (int i = 0; i < replicas; i++) {
        grads.add(Tensor.randn(g, n).toArray());
      }
      sum = new float[n];
      pool = Executors.newFixedThreadPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      pool.shutdownNow();
    }
  }

  @Benchmark
  public float reduce(Reduction r) throws Exception {
    int blocks = (r.sum.length + ShardGradients.BLOCK - 1) / ShardGradients.BLOCK;
    List<Future<?>> parts = new ArrayList<>();
    for (int t = 0; t < r.threads; t++) {
      int from = Math.min(r.sum.length, ShardGradients.shardStart(blocks, r.threads, t) * ShardGradients.BLOCK);
      int to = Math.min(r.sum.length, ShardGradients.shardStart(blocks, r.threads, t + 1) * ShardGradients.BLOCK);
      parts.add(r.pool.submit(() -> ShardGradients.sumRange(r.grads, r.sum, from, to)));
    }
    for (Future<?> f : parts) {
      f.get();
    }
    for (Parameter p : r.params) {
      p.setGrad(null);   // as after zeroGrad(set_to_none): addToGrads then sets each .grad
    }
    ShardGradients.addToGrads(r.params, r.sum);
    return r.sum[0];
  }
}
