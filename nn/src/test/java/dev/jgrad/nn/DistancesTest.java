package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CosineSimilarity, PairwiseDistance and Functional.normalize. */
class DistancesTest {
  @Test
  void cosineSimilarityMatchesTorchIncludingTinyNorms() {
    LayerCase.of("cosine", CosineSimilarity::new).check((CosineSimilarity m, List<Tensor> xs) ->
        m.forward(xs.get(0), xs.get(1)));
    LayerCase.of("cosine_dim0_broadcast", () -> new CosineSimilarity(0, 1e-6)).check((CosineSimilarity m,
        List<Tensor> xs) -> m.forward(xs.get(0), xs.get(1)));
    LayerCase.of("cosine_tiny", CosineSimilarity::new).check((CosineSimilarity m, List<Tensor> xs) ->
        m.forward(xs.get(0), xs.get(1)));
    LayerCase.checkFunction("cosine_fn", xs -> Functional.cosineSimilarity(xs.get(0), xs.get(1), -1, 1e-8));
  }

  @Test
  void pairwiseDistanceMatchesTorch() {
    LayerCase.of("pairwise", PairwiseDistance::new).check((PairwiseDistance m, List<Tensor> xs) ->
        m.forward(xs.get(0), xs.get(1)));
    LayerCase.of("pairwise_p1_keepdim", () -> new PairwiseDistance(1.0, 1e-3, true)).check((PairwiseDistance m,
        List<Tensor> xs) -> m.forward(xs.get(0), xs.get(1)));
    LayerCase.of("pairwise_broadcast", () -> new PairwiseDistance(3.0, 1e-6, false)).check((PairwiseDistance m,
        List<Tensor> xs) -> m.forward(xs.get(0), xs.get(1)));
    LayerCase.checkFunction("pairwise_fn", xs -> Functional.pairwiseDistance(xs.get(0), xs.get(1)));
  }

  @Test
  void normalizeMatchesTorch() {
    LayerCase.checkFunction("normalize", xs -> Functional.normalize(xs.get(0)));
    LayerCase.checkFunction("normalize_p1_dim0", xs -> Functional.normalize(xs.get(0), 1.0, 0, 1e-12));
    LayerCase.checkFunction("normalize_zero_row", xs -> Functional.normalize(xs.get(0)));
  }

  @Test
  void passGradCheck() {
    Tensor a = Tensor.randn(3, 4).requiresGrad_(true);
    Tensor b = Tensor.randn(3, 4).requiresGrad_(true);
    assertTrue(GradCheck.check(in -> Functional.cosineSimilarity(in.get(0), in.get(1)), a, b).passed());
    assertTrue(GradCheck.check(in -> Functional.pairwiseDistance(in.get(0), in.get(1)), a, b).passed());
    assertTrue(GradCheck.check(in -> Functional.normalize(in.get(0), 3.0, 1, 1e-12), a).passed());
  }

  @Test
  void errors() {
    IllegalArgumentException cos = assertThrows(IllegalArgumentException.class,
        () -> new CosineSimilarity().forward(Tensor.zeros(3, 4), Tensor.zeros(3, 5)));
    assertContains(cos.getMessage(), "cosineSimilarity:", "The size of tensor a (4) must match the size of tensor b "
        + "(5) at non-singleton dimension 1", "[3, 4]", "[3, 5]");
    IllegalArgumentException dist = assertThrows(IllegalArgumentException.class,
        () -> new PairwiseDistance().forward(Tensor.zeros(3, 4), Tensor.zeros(3, 5)));
    assertContains(dist.getMessage(), "pairwiseDistance:", "must match the size of tensor b (5)");
    assertThrows(UnsupportedOperationException.class, () -> new PairwiseDistance().forward(Tensor.zeros(3)));
    IndexOutOfBoundsException dim =
        assertThrows(IndexOutOfBoundsException.class, () -> Functional.normalize(Tensor.zeros(3, 4), 2, 3, 1e-12));
    assertContains(dim.getMessage(), "Dimension out of range");
  }
}
