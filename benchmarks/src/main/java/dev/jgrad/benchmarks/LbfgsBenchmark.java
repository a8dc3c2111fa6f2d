package dev.jgrad.benchmarks;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.LBFGS;
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
 * LBFGS on a 200,000-parameter ill-conditioned quadratic {@code 0.5 * sum(h * (x - b)^2)} ({@code h} in [1, 100)):
 * each operation starts a fresh optimizer (history 20) from the same point and runs 3 steps of 20 iterations, so
 * the flat-vector arithmetic (two-loop recursion over up to 20 pairs) dominates the cheap loss.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class LbfgsBenchmark {
  static final int N = 200_000;

  /** The parameters' dtype. */
  @Param({"float32"})
  String dtype;

  /** {@code none} (fixed steps of lr) or {@code strong_wolfe}. */
  @Param({"none"})
  String lineSearch;

  Tensor x;
  Tensor x0;
  Tensor h;
  Tensor b;

  @Setup
  public void setup() {
    DType type = dtype.equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
    Generator g = new Generator(0);
    x0 = Tensor.randn(g, N).to(type);
    h = Tensor.rand(g, N).mul(99).add(1).to(type);
    b = Tensor.randn(g, N).to(type);
    x = x0.clone().requiresGrad_(true);
  }

  @Benchmark
  public LBFGS threeSteps() {
    x.detach().copy_(x0);
    LBFGS opt = new LBFGS(List.of(x), LBFGS.Options.defaults().withLr(0.01).withHistorySize(20)
        .withLineSearchFn(lineSearch.equals("none") ? null : lineSearch));
    for (int s = 0; s < 3; s++) {
      opt.step(() -> {
        opt.zeroGrad();
        Tensor loss = x.sub(b).pow(2).mul(h).sum().mul(0.5);
        loss.backward();
        return loss;
      });
    }
    return opt;
  }
}
