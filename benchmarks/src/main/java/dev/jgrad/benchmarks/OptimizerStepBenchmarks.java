package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.NAdam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.RAdam;
import dev.jgrad.optim.SGD;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The optimizer's {@code step()} alone on the float32 parameters of the MNIST-sized 784-512-512-10 MLP (669,706
 * values), with fixed random gradients: the update rules' speed without the forward and backward around them.
 * Run with {@code -jvmArgsAppend -Djgrad.kernels=java} for the plain-Java rules instead of the vectorised ones.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class OptimizerStepBenchmarks {

  /** SGD with momentum 0.9 and lr 0.01; the others at lr 1e-3 and PyTorch's other defaults. */
  @Param({"SGD", "Adam", "NAdam", "RAdam"})
  String optimizer;

  Optimizer opt;
  List<? extends Tensor> params;

  @Setup
  public void setup() {
    Generator g = new Generator(0);
    Module model = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(),
        new Linear(512, 10));
    params = model.parameters();
    for (Tensor p : params) {
      p.mul(Tensor.randn(g, p.shape())).sum().backward();      // p.grad: a fixed standard normal sample
    }
    opt = switch (optimizer) {
      case "SGD" -> new SGD(params, SGD.Options.defaults().withLr(0.01).withMomentum(0.9));
      case "Adam" -> new Adam(params, 1e-3);
      case "NAdam" -> new NAdam(params, 1e-3);
      case "RAdam" -> new RAdam(params, 1e-3);
      default -> throw new IllegalArgumentException("unknown optimizer " + optimizer);
    };
  }

  @Benchmark
  public Optimizer step() {
    opt.step();
    return opt;
  }
}
