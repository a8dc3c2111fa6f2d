package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Autograd;
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
 * Breaks the tiny workloads into parts, so that the cost of the autograd bookkeeping can be read off by
 * subtraction: the same forward with grad mode off (pure op cost), with grad mode on (plus graph recording), the
 * full step (plus the engine), and the single-tensor and grad-mode primitives. Not part of the performance table; run
 * with {@code java -jar benchmarks.jar Overhead}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class OverheadBenchmarks {
  Tensor x;
  Tensor x3;
  RawMlpBenchmarks.Case tiny;

  @Setup
  public void setup() {
    x = Tensor.randn(new Generator(0), 3).requiresGrad_(true);
    x3 = Tensor.randn(new Generator(1), 3);
    tiny = new RawMlpBenchmarks.Case();
    tiny.workload = Workload.TINY;
    tiny.setup();
  }

  /** The seed step's forward with grad mode off: op dispatch, shape checks, allocation, the loops. */
  @Benchmark
  public Tensor seedForwardNoGrad() {
    try (var g = Autograd.noGrad()) {
      Tensor y = x.add(2);
      return y.mul(y).mul(2).mean();
    }
  }

  /** The same forward recording the graph (nodes, saved tensors), without backward. */
  @Benchmark
  public Tensor seedForwardGrad() {
    Tensor y = x.add(2);
    return y.mul(y).mul(2).mean();
  }

  /** One elementwise op on 3 elements without autograd: the floor of every op. */
  @Benchmark
  public Tensor addScalar3() {
    return x3.add(2);
  }

  /** A fresh 3-element tensor from an array. */
  @Benchmark
  public Tensor tensorOf3() {
    return Tensor.of(1f, 2f, 3f);
  }

  /** The grad-mode read every op makes (a ThreadLocal lookup). */
  @Benchmark
  public boolean gradModeRead() {
    return Autograd.isGradEnabled();
  }

  /** MLP 4-16-16-3 b32: forward and loss with grad mode off. */
  @Benchmark
  public Tensor mlpTinyForwardNoGrad() {
    try (var g = Autograd.noGrad()) {
      return RawMlp.crossEntropy(tiny.model.forward(tiny.x), tiny.oneHot);
    }
  }

  /** MLP 4-16-16-3 b32: forward and loss recording the graph, no backward. */
  @Benchmark
  public Tensor mlpTinyForwardGrad() {
    return RawMlp.crossEntropy(tiny.model.forward(tiny.x), tiny.oneHot);
  }

  /** MLP 4-16-16-3 b32: forward, loss and backward, no optimizer step (gradients reset to null). */
  @Benchmark
  public Tensor mlpTinyForwardBackward() {
    tiny.optimizer.zeroGrad();
    Tensor loss = RawMlp.crossEntropy(tiny.model.forward(tiny.x), tiny.oneHot);
    loss.backward();
    return loss;
  }

  /** MLP 4-16-16-3 b32: the SGD-with-momentum update of the 6 parameters alone (gradients kept). */
  @Benchmark
  public Object mlpTinyOptimizerStep() {
    if (tiny.model.parameters().get(0).grad() == null) {
      RawMlp.crossEntropy(tiny.model.forward(tiny.x), tiny.oneHot).backward();
    }
    tiny.optimizer.step();
    return tiny.optimizer;
  }
}
