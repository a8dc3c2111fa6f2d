package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import java.util.ArrayList;
import java.util.List;
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
 * Workloads 3 to 6 of the performance table: one full training step of an MLP built from nn modules ({@code Sequential} of
 * {@code Linear} and {@code ReLU}, {@code CrossEntropyLoss} on int64 class indices) with an optim optimizer, on a
 * fixed random batch, exactly as tools/bench_torch.py does it: {@code zeroGrad(); loss = ce(model(x), y);
 * loss.backward(); step()}. SGD with lr 0.01 and momentum 0.9 for the three MLPs, Adam with lr 1e-3 for the
 * 64-256-10 one. The same steps on raw Tensor ops are in {@link RawMlpBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)   // the steps need ~8 s to settle (C2 compiling the whole step)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class MlpBenchmarks {

  /** One model, its loss, its optimizer and one fixed batch. */
  abstract static class Case {
    Module model;
    CrossEntropyLoss loss;
    Optimizer optimizer;
    Tensor x;
    Tensor y;

    final void init(Workload w) {
      boolean adam = w.adam;
      int batch = w.batch;
      int[] sizes = w.sizes;
      Tensor.manualSeed(0);
      List<Module> layers = new ArrayList<>();
      for (int i = 0; i + 1 < sizes.length; i++) {
        layers.add(new Linear(sizes[i], sizes[i + 1]));
        if (i + 2 < sizes.length) {
          layers.add(new ReLU());
        }
      }
      model = new Sequential(layers);
      loss = new CrossEntropyLoss();
      optimizer = adam ? new Adam(model.parameters(), 1e-3)
          : new SGD(model.parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9));
      Generator g = new Generator(0);
      x = Tensor.randn(g, batch, sizes[0]);
      y = Tensor.randint(g, 0, sizes[sizes.length - 1], batch);
    }

    final Tensor step() {
      optimizer.zeroGrad();
      Tensor l = loss.forward(model.forward(x), y);
      l.backward();
      optimizer.step();
      return l;
    }
  }

  /** Iris-sized: 4-16-16-3, batch 32, SGD with momentum. */
  @State(Scope.Thread)
  public static class Tiny extends Case {
    @Setup
    public void setup() {
      init(Workload.TINY);
    }
  }

  /** 64-256-256-10, batch 128, SGD with momentum. */
  @State(Scope.Thread)
  public static class Mid extends Case {
    @Setup
    public void setup() {
      init(Workload.MID);
    }
  }

  /** MNIST-sized: 784-512-512-10, batch 256, SGD with momentum. */
  @State(Scope.Thread)
  public static class Large extends Case {
    @Setup
    public void setup() {
      init(Workload.LARGE);
    }
  }

  /** 64-256-10, batch 128, Adam. */
  @State(Scope.Thread)
  public static class AdamMid extends Case {
    @Setup
    public void setup() {
      init(Workload.ADAM_MID);
    }
  }

  @Benchmark
  public Tensor mlpTiny(Tiny c) {
    return c.step();
  }

  @Benchmark
  public Tensor mlpMid(Mid c) {
    return c.step();
  }

  @Benchmark
  public Tensor mlpLarge(Large c) {
    return c.step();
  }

  @Benchmark
  public Tensor adamMid(AdamMid c) {
    return c.step();
  }
}
