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
 * Workload 7 of the performance table: {@code a.matmul(b)} for square float32 matrices, result allocation included (as in
 * PyTorch's {@code a @ b}). GFLOP/s = 2n³ / time; tools/run_benchmarks.sh converts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class GemmBenchmark {
  @Param({"64", "256", "512", "1024"})
  int n;

  Tensor a;
  Tensor b;

  @Setup
  public void setup() {
    Generator g = new Generator(0);
    a = Tensor.randn(g, n, n);
    b = Tensor.randn(g, n, n);
  }

  @Benchmark
  public Tensor sgemm() {
    return a.matmul(b);
  }
}
