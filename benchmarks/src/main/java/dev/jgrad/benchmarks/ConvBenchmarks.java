package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
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
 * A LeNet-style convolutional training step, as tools/bench_torch.py's {@code lenet_step}: conv 1→6 5×5, ReLU,
 * max-pool 2, conv 6→16 5×5, ReLU, max-pool 2, flatten, 256-120-84-10 with ReLUs, cross-entropy on int64 classes,
 * SGD lr 0.01 momentum 0.9, on one fixed batch of 64 single-channel 28×28 images:
 * {@code zeroGrad(); loss = ce(model(x), y); loss.backward(); step()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ConvBenchmarks {

  /** The model, its loss and optimizer, and one batch. */
  @State(Scope.Thread)
  public static class LeNet {
    Module model;
    CrossEntropyLoss loss;
    Optimizer optimizer;
    Tensor x;
    Tensor y;

    @Setup
    public void setup() {
      Tensor.manualSeed(0);
      model = new Sequential(List.of(new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5),
          new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(256, 120), new ReLU(), new Linear(120, 84),
          new ReLU(), new Linear(84, 10)));
      loss = new CrossEntropyLoss();
      optimizer = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9));
      Generator g = new Generator(0);
      x = Tensor.randn(g, 64, 1, 28, 28);
      y = Tensor.randint(g, 0, 10, 64);
    }

    Tensor step() {
      optimizer.zeroGrad();
      Tensor l = loss.forward(model.forward(x), y);
      l.backward();
      optimizer.step();
      return l;
    }
  }

  @Benchmark
  public Tensor lenetStep(LeNet c) {
    return c.step();
  }
}
