package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The workloads of {@link MlpBenchmarks} written with raw Tensor ops ({@link RawMlp}: matmul, add, relu, and a
 * cross-entropy as logSoftmax times one-hot) and {@link RawOptim} instead of nn and optim. The difference to
 * {@link MlpBenchmarks} is the cost of the module and optimizer layers. Not in the issue-4 table; run with
 * {@code java -jar benchmarks.jar RawMlp}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class RawMlpBenchmarks {

  /** One model, its optimizer and one fixed batch. */
  abstract static class Case {
    RawMlp model;
    RawOptim optimizer;
    Tensor x;
    Tensor oneHot;

    final void init(boolean adam, int batch, int... sizes) {
      Generator g = new Generator(0);
      model = new RawMlp(g, sizes);
      optimizer = adam ? new RawOptim.Adam(model.parameters(), 1e-3)
          : new RawOptim.Sgd(model.parameters(), 0.01, 0.9);
      x = Tensor.randn(g, batch, sizes[0]);
      oneHot = RawMlp.oneHot(Tensor.randint(g, 0, sizes[sizes.length - 1], batch).toLongArray(),
          sizes[sizes.length - 1]);
    }

    /** PyTorch's loop body: {@code zero_grad(); loss = ce(model(x), y); loss.backward(); step()}. */
    final Tensor step() {
      optimizer.zeroGrad();
      Tensor loss = RawMlp.crossEntropy(model.forward(x), oneHot);
      loss.backward();
      optimizer.step();
      return loss;
    }
  }

  /** Iris-sized: 4-16-16-3, batch 32, SGD with momentum. */
  @State(Scope.Thread)
  public static class Tiny extends Case {
    @Setup
    public void setup() {
      init(false, 32, 4, 16, 16, 3);
    }
  }

  /** 64-256-256-10, batch 128, SGD with momentum. */
  @State(Scope.Thread)
  public static class Mid extends Case {
    @Setup
    public void setup() {
      init(false, 128, 64, 256, 256, 10);
    }
  }

  /** MNIST-sized: 784-512-512-10, batch 256, SGD with momentum. */
  @State(Scope.Thread)
  public static class Large extends Case {
    @Setup
    public void setup() {
      init(false, 256, 784, 512, 512, 10);
    }
  }

  /** 64-256-10, batch 128, Adam. */
  @State(Scope.Thread)
  public static class AdamMid extends Case {
    @Setup
    public void setup() {
      init(true, 128, 64, 256, 10);
    }
  }

  @Benchmark
  public Tensor rawMlpTiny(Tiny c) {
    return c.step();
  }

  @Benchmark
  public Tensor rawMlpMid(Mid c) {
    return c.step();
  }

  @Benchmark
  public Tensor rawMlpLarge(Large c) {
    return c.step();
  }

  @Benchmark
  public Tensor rawAdamMid(AdamMid c) {
    return c.step();
  }
}
