package dev.jgrad.benchmarks;

import dev.jgrad.autograd.DType;
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
 * {@link GemmBenchmark} in float64: {@code a.mm(b)} for square float64 matrices, result allocation included, against
 * PyTorch's {@code torch.mm} on float64 (OpenBLAS dgemm). GFLOP/s = 2n³ / time. One or two threads with
 * {@code -jvmArgsAppend -Djgrad.gemm.threads=1} (PyTorch: {@code torch.set_num_threads(1)}); tools/bench_dgemm.py
 * times PyTorch the same way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class DgemmBenchmark {
  @Param({"256", "1024"})
  int n;

  Tensor a;
  Tensor b;

  @Setup
  public void setup() {
    Generator g = new Generator(0);
    a = Tensor.randn(g, n, n).to(DType.FLOAT64);
    b = Tensor.randn(g, n, n).to(DType.FLOAT64);
  }

  @Benchmark
  public Tensor dgemm() {
    return a.mm(b);
  }
}
