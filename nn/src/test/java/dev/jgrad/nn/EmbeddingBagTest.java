package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EmbeddingBagTest {
  private static final Golden NORM = LayerCase.NORM;

  private static Tensor call(EmbeddingBag m, List<Tensor> xs) {
    return m.forward(xs.get(0), xs.size() > 1 ? xs.get(1) : null, xs.size() > 2 ? xs.get(2) : null);
  }

  private static EmbeddingBag bag(int num, int dim, Double maxNorm, double normType, boolean freq, String mode,
      boolean last, Integer pad) {
    return new EmbeddingBag(num, dim, maxNorm, normType, freq, mode, false, null, last, pad);
  }

  @Test
  void modesMatchTorch() {
    LayerCase.of("ebag_mean", () -> new EmbeddingBag(10, 3)).check(EmbeddingBagTest::call);
    LayerCase.of("ebag_sum_weighted", () -> bag(10, 3, null, 2, false, "sum", false, null))
        .check(EmbeddingBagTest::call);
    LayerCase.of("ebag_max_2d", () -> bag(10, 3, null, 2, false, "max", false, null)).check(EmbeddingBagTest::call);
  }

  @Test
  void paddingEmptyBagsLastOffsetAndMaxNormMatchTorch() {
    LayerCase.of("ebag_pad_mean", () -> bag(6, 2, null, 2, false, "mean", false, 2)).check(EmbeddingBagTest::call);
    LayerCase.of("ebag_last_freq", () -> bag(8, 3, null, 2, true, "sum", true, null)).check(EmbeddingBagTest::call);
    LayerCase.of("ebag_max_norm", () -> bag(6, 3, 1.0, 1.5, false, "sum", false, null))
        .check(EmbeddingBagTest::call);
  }

  /** Each row's gradient is divided by its own index's count (torch 1.13 uses another index's count, see docs). */
  @Test
  void scaleGradByFreqDividesByTheIndexCount() {
    EmbeddingBag m = bag(5, 1, null, 2, true, "sum", false, null);
    m.forward(Tensor.ofLongs(2, 2, 3, 3, 3), Tensor.ofLongs(0, 2), null).sum().backward();
    assertArrayEquals(new float[] {0, 0, 1, 1, 0}, m.weight().grad().toArray());
  }

  /** With includeLastOffset, indices after the last offset are in no bag and get no gradient. */
  @Test
  void indicesAfterTheLastOffsetAreInNoBag() {
    EmbeddingBag m = bag(5, 1, null, 2, false, "sum", true, null);
    Tensor y = m.forward(Tensor.ofLongs(1, 2, 3, 4), Tensor.ofLongs(0, 1, 2), null);
    assertArrayEquals(new int[] {2, 1}, y.shape());
    y.sum().backward();
    assertArrayEquals(new float[] {0, 1, 1, 0, 0}, m.weight().grad().toArray());
  }

  @Test
  void seededInitIsTorchs() {
    Tensor.manualSeed((long) NORM.number("seed.init_embedding_bag"));
    EmbeddingBag m = bag(5, 3, null, 2, false, "mean", false, 1);
    assertExact("weight", NORM.tensor("init.embedding_bag.weight"), m.weight());
    assertExact("after", NORM.tensor("init.embedding_bag.after"), Tensor.rand(2));
    assertEquals(NORM.string("repr.ebag_opts"), bag(10, 3, 1.0, 2, true, "sum", false, -2).toString());
  }

  @Test
  void passesGradCheck() {
    Tensor w = Tensor.randn(6, 2).requiresGrad_(true);
    Tensor psw = Tensor.randn(5).requiresGrad_(true);
    Tensor idx = Tensor.ofLongs(1, 0, 5, 1, 3);
    Tensor off = Tensor.ofLongs(0, 2);
    assertTrue(GradCheck.check(in -> Functional.embeddingBag(idx, in.get(0), off, null, 2, false, "sum", false,
        in.get(1), false, null), w, psw).passed());
    assertTrue(GradCheck.check(in -> Functional.embeddingBag(idx, in.get(0), off, null, 2, false, "mean", false,
        null, false, 0), w).passed());
    assertEquals("EmbeddingBagBackward0", new EmbeddingBag(6, 2).forward(idx, off, null).gradFn().name());
  }

  private static void refused(Executable call, String... phrases) {
    Throwable e = assertThrows(RuntimeException.class, call);
    assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException, e.toString());
    assertContains(e.getMessage(), phrases);
  }

  @Test
  void errorsKeepTorchsPhrases() {
    EmbeddingBag m = new EmbeddingBag(10, 3);
    refused(() -> m.forward(Tensor.ofLongs(1, 2).view(1, 2), Tensor.ofLongs(0), null),
        "if input is 2D, then offsets has to be None");
    refused(() -> m.forward(Tensor.ofLongs(1, 2)), "offsets has to be a 1D Tensor but got None");
    refused(() -> m.forward(Tensor.ofLongs(1, 2), Tensor.ofLongs(0).view(1, 1), null), "offsets has to be a 1D "
        + "Tensor", "[1, 1]");
    refused(() -> m.forward(Tensor.zeros(1, 1, 2)), "input has to be 1D or 2D Tensor, but got Tensor of dimension 3");
    refused(() -> m.forward(Tensor.ofLongs(1, 12), Tensor.ofLongs(0), null), "is out of bounds: 12, range 0 to 10");
    refused(() -> m.forward(Tensor.ofLongs(1, 2), Tensor.ofLongs(1), null), "offsets[0] has to be 0", "got 1");
    refused(() -> m.forward(Tensor.ofLongs(1, 2), Tensor.ofLongs(0, 3), null),
        "offsets[-1] can not be greater than input's length 2 but got offsets[-1] of 3");
    refused(() -> m.forward(Tensor.ofLongs(1, 2, 3), Tensor.ofLongs(0, 2, 1), null), "non-decreasing");
    refused(() -> m.forward(Tensor.ofLongs(1, 2), Tensor.ofLongs(0), Tensor.ones(2)),
        "per_sample_weights is only supported for mode='sum' (got mode='mean')");
    refused(() -> bag(10, 3, null, 2, false, "sum", false, null).forward(Tensor.ofLongs(1, 2), Tensor.ofLongs(0),
        Tensor.ones(3)), "If per_sample_weights ([3]) is not None, then it must have the same shape as the input "
        + "([2])");
    refused(() -> m.forward(Tensor.of(1f, 2f), Tensor.ofLongs(0), null), "Long, Int");
    refused(() -> bag(10, 3, null, 2, false, "min", false, null), "mode has to be one of sum, mean or max");
    refused(() -> bag(10, 3, null, 2, true, "max", false, null),
        "max mode does not support scaling the gradient by the frequency");
    refused(() -> new EmbeddingBag(10, 3, null, 2, false, "sum", true, null, false, null), "sparse=True is not "
        + "supported");
    refused(() -> bag(10, 3, null, 2, false, "sum", false, 10), "padding_idx must be within num_embeddings");
  }
}
