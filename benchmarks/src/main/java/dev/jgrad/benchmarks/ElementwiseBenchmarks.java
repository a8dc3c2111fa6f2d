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
 * Issue 4 workload 8: elementwise and reduction throughput on 1e6 contiguous float32 elements (no grad), each op
 * allocating its result as PyTorch does. The softmax runs over the rows of the same data seen as
 * {@code [1000, 1000]}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBenchmarks {
  static final int N = 1_000_000;

  Tensor a;
  Tensor b;
  Tensor rows;

  @Setup
  public void setup() {
    Generator g = new Generator(0);
    a = Tensor.randn(g, N);
    b = Tensor.randn(g, N);
    rows = a.view(1000, 1000);
  }

  @Benchmark
  public Tensor add() {
    return a.add(b);
  }

  @Benchmark
  public Tensor relu() {
    return a.relu();
  }

  @Benchmark
  public Tensor exp() {
    return a.exp();
  }

  @Benchmark
  public Tensor sum() {
    return a.sum();
  }

  @Benchmark
  public Tensor softmax() {
    return rows.softmax(1);
  }
}
