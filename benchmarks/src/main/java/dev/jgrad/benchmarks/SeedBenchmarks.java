package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.SGD;
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
 * Workloads 1 and 2 of the performance table: the seed's tiny autograd steps, where per-op overhead (node creation, the engine's
 * graph walk, allocation) is everything. PyTorch counterparts: {@code seed_step} and {@code seed_sgd_step} in
 * tools/bench_torch.py.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class SeedBenchmarks {
  Tensor x;
  Tensor w;
  SGD sgd;

  @Setup
  public void setup() {
    x = Tensor.randn(new Generator(0), 3).requiresGrad_(true);
    w = Tensor.ones(4).requiresGrad_(true);
    sgd = new SGD(w, 0.01);
  }

  /** {@code y = x + 2; z = (y * y * 2).mean(); z.backward(); x.grad().zero_()} with x of 3 elements. */
  @Benchmark
  public Tensor seedStep() {
    Tensor y = x.add(2);
    Tensor z = y.mul(y).mul(2).mean();
    z.backward();
    x.grad().zero_();
    return z;
  }

  /** {@code (w * 3).sum().backward(); sgd.step(); sgd.zeroGrad()} with w of 4 elements. */
  @Benchmark
  public Tensor seedSgdStep() {
    Tensor out = w.mul(3).sum();
    out.backward();
    sgd.step();
    sgd.zeroGrad();
    return out;
  }
}
