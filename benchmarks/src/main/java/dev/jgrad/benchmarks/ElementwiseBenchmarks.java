package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
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
 * Workload 8 of the performance table: elementwise and reduction throughput on 1e6 contiguous float32 elements (no grad), each op
 * allocating its result as PyTorch does. The softmax runs over the rows of the same data seen as
 * {@code [1000, 1000]}. The transcendental ops (exp, log, tanh, sigmoid, gelu) go through the SIMD polynomials of the
 * vector kernels; {@code log} reads {@code |a| + 0.01} so that it measures the common path, not NaN handling. The
 * {@code ...1k} variants run on 1000 elements, where the per-call overhead (checks, dispatch, allocation) shows.
 * Layer norm runs over the rows of {@code [4096, 1024]} with a weight and a bias. The {@code ...Backward} variants
 * time forward and backward together ({@code Autograd.grad} with a fixed output gradient), as
 * {@code torch.autograd.grad} does in tools/bench_torch.py.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBenchmarks {
  static final int N = 1_000_000;

  static final int SMALL = 1000;

  Tensor a;
  Tensor b;
  Tensor positive;
  Tensor rows;
  Tensor a1k;
  Tensor b1k;
  Tensor acc;
  Tensor aGrad;
  Tensor rowsGrad;
  Tensor rowsGradOut;
  Tensor norm;
  Tensor normGrad;
  Tensor normGradOut;
  Tensor normWeight;
  Tensor normBias;

  @Setup
  public void setup() {
    Generator g = new Generator(0);
    a = Tensor.randn(g, N);
    b = Tensor.randn(g, N);
    positive = a.abs().add(0.01);
    rows = a.view(1000, 1000);
    a1k = Tensor.randn(g, SMALL);
    b1k = Tensor.randn(g, SMALL);
    acc = Tensor.zeros(N);
    aGrad = a.detach().requiresGrad_(true);
    rowsGrad = rows.detach().requiresGrad_(true);
    rowsGradOut = Tensor.randn(g, 1000, 1000);
    norm = Tensor.randn(g, 4096, 1024);
    normGrad = norm.detach().requiresGrad_(true);
    normGradOut = Tensor.randn(g, 4096, 1024);
    normWeight = Tensor.randn(g, 1024).requiresGrad_(true);
    normBias = Tensor.randn(g, 1024).requiresGrad_(true);
  }

  @Benchmark
  public Tensor add() {
    return a.add(b);
  }

  /**
   * The parts of {@link #add}: the same loop into an existing tensor ({@code acc.add_(b)}, no allocation), and a
   * fresh zeroed 1e6-element tensor alone ({@code zeros}).
   */
  @Benchmark
  public Tensor addInPlace() {
    return acc.add_(b);
  }

  @Benchmark
  public Tensor zeros() {
    return Tensor.zeros(N);
  }

  @Benchmark
  public Tensor mul() {
    return a.mul(b);
  }

  @Benchmark
  public Tensor div() {
    return a.div(b);
  }

  /** Tensor-scalar arithmetic, as in {@code x * 0.5}. */
  @Benchmark
  public Tensor mulScalar() {
    return a.mul(0.5);
  }

  @Benchmark
  public Tensor add1k() {
    return a1k.add(b1k);
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
  public Tensor exp1k() {
    return a1k.exp();
  }

  @Benchmark
  public Tensor log() {
    return positive.log();
  }

  @Benchmark
  public Tensor tanh() {
    return a.tanh();
  }

  @Benchmark
  public Tensor sigmoid() {
    return a.sigmoid();
  }

  /** Exact (erf) GELU, {@code torch.nn.functional.gelu(a)}. */
  @Benchmark
  public Tensor gelu() {
    return a.gelu();
  }

  /** Tanh-approximated GELU, {@code torch.nn.functional.gelu(a, approximate='tanh')}. */
  @Benchmark
  public Tensor geluTanh() {
    return a.gelu("tanh");
  }

  @Benchmark
  public Tensor sum() {
    return a.sum();
  }

  @Benchmark
  public Tensor softmax() {
    return rows.softmax(1);
  }

  /** {@code layer_norm} over the last dim of {@code [4096, 1024]}, weight and bias (no grad recorded). */
  @Benchmark
  public Tensor layerNorm() {
    return norm.layerNorm(new int[] {1024}, normWeight.detach(), normBias.detach(), 1e-5);
  }

  @Benchmark
  public List<Tensor> sumBackward() {
    return Autograd.grad(aGrad.sum(), aGrad);
  }

  @Benchmark
  public List<Tensor> softmaxBackward() {
    return Autograd.grad(List.of(rowsGrad.softmax(1)), List.of(rowsGrad), List.of(rowsGradOut), false, false,
        false);
  }

  /** Forward and backward, gradients for the input, the weight and the bias. */
  @Benchmark
  public List<Tensor> layerNormBackward() {
    Tensor y = normGrad.layerNorm(new int[] {1024}, normWeight, normBias, 1e-5);
    return Autograd.grad(List.of(y), List.of(normGrad, normWeight, normBias), List.of(normGradOut), false, false,
        false);
  }
}
