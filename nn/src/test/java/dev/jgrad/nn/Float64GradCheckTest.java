package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** GradCheck in float64 (its float64 defaults) for the float64 ops computed by their own kernels. */
class Float64GradCheckTest {

  /** A float64 leaf of {@code shape} with values from a fixed seed. */
  private static Tensor randn(long seed, int... shape) {
    return Tensor.randn(new dev.jgrad.autograd.Generator(seed), shape).to(DType.FLOAT64).requiresGrad_(true);
  }

  private static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    assertTrue(GradCheck.check(f, inputs).passed());
  }

  @Test
  void softmaxAndLogSoftmaxAlongEachDim() {
    Tensor x = randn(1, 2, 3, 4);
    for (int dim = 0; dim < 3; dim++) {
      int d = dim;
      check(in -> in.get(0).softmax(d), x);
      check(in -> in.get(0).logSoftmax(d), x);
    }
  }

  @Test
  void layerNormWithAndWithoutAffine() {
    check(in -> Functional.layerNorm(in.get(0), new int[] {3, 4}, in.get(1), in.get(2), 1e-5),
        randn(2, 2, 3, 4), randn(3, 3, 4), randn(4, 3, 4));
    check(in -> Functional.layerNorm(in.get(0), new int[] {4}, null, null, 1e-5), randn(5, 3, 4));
  }

  @Test
  void batchAndGroupNorm() {
    check(in -> Functional.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1, 1e-5),
        randn(6, 4, 3, 2), randn(7, 3), randn(8, 3));
    Tensor rm = Tensor.zeros(DType.FLOAT64, 3);
    Tensor rv = Tensor.ones(DType.FLOAT64, 3);
    check(in -> Functional.batchNorm(in.get(0), rm, rv, in.get(1), in.get(2), false, 0.1, 1e-5),
        randn(9, 4, 3, 2), randn(10, 3), randn(11, 3));
    check(in -> Functional.groupNorm(in.get(0), 2, in.get(1), in.get(2), 1e-5),
        randn(12, 2, 4, 3), randn(13, 4), randn(14, 4));
  }

  @Test
  void embeddingAndNllLoss() {
    Tensor idx = Tensor.ofLongs(1, 3, 1, 0);
    check(in -> Functional.embedding(idx, in.get(0)), randn(15, 4, 2));
    Tensor y = Tensor.ofLongs(2, 0, 1, 2);
    Tensor w = Tensor.of(new double[] {0.5, 1.5, 2}, new int[] {3}, DType.FLOAT64);
    check(in -> Functional.nllLoss(in.get(0).logSoftmax(1), y, w, 1, Reduction.MEAN), randn(16, 4, 3));
    check(in -> Functional.crossEntropy(in.get(0), y, null, -100, Reduction.SUM, 0), randn(17, 4, 3));
  }
}
