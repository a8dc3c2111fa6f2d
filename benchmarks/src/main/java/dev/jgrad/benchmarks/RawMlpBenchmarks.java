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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The workloads of {@link MlpBenchmarks} written with raw Tensor ops ({@link RawMlp}: matmul, add, relu, and a
 * cross-entropy as logSoftmax times one-hot) and {@link RawOptim} instead of nn and optim. The difference to
 * {@link MlpBenchmarks} is the cost of the module and optimizer layers. Not in the README table; run with
 * {@code java -jar benchmarks.jar RawMlp} (one benchmark, {@code rawStep}, per {@link Workload}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)   // as MlpBenchmarks: the steps need ~8 s to settle
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class RawMlpBenchmarks {

  /** One model, its optimizer and one fixed batch, for the workload named by the parameter. */
  @State(Scope.Thread)
  public static class Case {
    @Param({"TINY", "MID", "LARGE", "ADAM_MID"})
    Workload workload;

    RawMlp model;
    RawOptim optimizer;
    Tensor x;
    Tensor oneHot;

    @Setup
    public void setup() {
      Generator g = new Generator(0);
      int[] sizes = workload.sizes;
      model = new RawMlp(g, sizes);
      optimizer = workload.adam ? new RawOptim.Adam(model.parameters(), 1e-3)
          : new RawOptim.Sgd(model.parameters(), 0.01, 0.9);
      x = Tensor.randn(g, workload.batch, workload.inputs());
      oneHot = RawMlp.oneHot(Tensor.randint(g, 0, workload.classes(), workload.batch).toLongArray(),
          workload.classes());
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

  @Benchmark
  public Tensor rawStep(Case c) {
    return c.step();
  }
}
