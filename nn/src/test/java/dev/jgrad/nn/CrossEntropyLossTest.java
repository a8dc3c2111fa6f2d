package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CrossEntropyLossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  private static void check(String name, CrossEntropyLoss loss) {
    Tensor w = LOSSES.optional(name, "weight");
    LOSSES.checkLoss(name, (w == null ? loss : loss.withWeight(w))::forward);
  }

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void everyOptionMatchesTorch(Reduction r) {
    String red = "_" + r.name().toLowerCase(Locale.ROOT);
    CrossEntropyLoss base = new CrossEntropyLoss(r);
    check("ce" + red, base);
    check("ce_weight" + red, base);
    check("ce_ignore" + red, base);
    check("ce_smooth" + red, base.withLabelSmoothing(0.1));
    check("ce_smooth_weight_ignore" + red, base.withIgnoreIndex(7).withLabelSmoothing(0.2));
    check("ce_prob" + red, base);
    check("ce_prob_weight_smooth" + red, base.withLabelSmoothing(0.3));
  }

  @Test
  void specialShapesAndValues() {
    check("ce_all_ignored", new CrossEntropyLoss()); // NaN, with a zero gradient
    check("ce_unbatched", new CrossEntropyLoss());
    check("ce_unbatched_prob", new CrossEntropyLoss());
    check("ce_spatial", new CrossEntropyLoss());
    check("ce_spatial_smooth_none", new CrossEntropyLoss(Reduction.NONE).withLabelSmoothing(0.25));
    check("ce_extreme", new CrossEntropyLoss()); // logits of ±1000 stay finite
    assertTrue(Float.isNaN(Functional.crossEntropy(Tensor.zeros(2, 3), Tensor.ofLongs(-100, -100)).item()));
  }

  @Test
  void targetErrorsNameBothShapes() {
    CrossEntropyLoss ce = new CrossEntropyLoss();
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
        () -> ce.forward(Tensor.zeros(3, 5), Tensor.ofLongs(1, 2)));
    assertContains(batch.getMessage(), "crossEntropy:", "Expected input batch_size (3) to match target batch_size (2)",
        "[3, 5]", "[2]");
    IndexOutOfBoundsException range = assertThrows(IndexOutOfBoundsException.class,
        () -> ce.forward(Tensor.zeros(3, 5), Tensor.ofLongs(1, 2, 5)));
    assertContains(range.getMessage(), "Target 5 is out of bounds", "[0, 5)", "[3, 5]");
    assertThrows(IndexOutOfBoundsException.class, () -> ce.forward(Tensor.zeros(3, 5), Tensor.ofLongs(1, -1, 0)));
    IllegalArgumentException multi = assertThrows(IllegalArgumentException.class,
        () -> ce.forward(Tensor.zeros(3, 5), Tensor.ofLongs(1, 2, 4).view(3, 1)));
    assertContains(multi.getMessage(), "0D or 1D target tensor expected, multi-target not supported");
    IllegalArgumentException spatial = assertThrows(IllegalArgumentException.class,
        () -> ce.forward(Tensor.zeros(2, 3, 4), Tensor.ofLongs(1, 1, 1, 2, 2, 2).view(2, 3)));
    assertContains(spatial.getMessage(), "Expected target size [2, 4], got [2, 3]");
    IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
        () -> ce.forward(Tensor.zeros(3, 5), Tensor.of(1f, 2f, 3f)));
    assertContains(dtype.getMessage(), "expected scalar type Long but found Float", "[3, 5]", "[3]");
    IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
        () -> ce.withWeight(Tensor.ones(4)).forward(Tensor.zeros(3, 5), Tensor.ofLongs(1, 2, 3)));
    assertContains(weight.getMessage(), "weight tensor should be defined either for all 5 classes or no classes but "
        + "got weight tensor of shape: [4]");
    IllegalArgumentException smooth = assertThrows(IllegalArgumentException.class, () -> ce.withLabelSmoothing(1.5));
    assertContains(smooth.getMessage(), "label_smoothing must be between 0.0 and 1.0. Got: 1.5");
  }

  @Test
  void optionsAndRepr() {
    CrossEntropyLoss ce = new CrossEntropyLoss().withWeight(Tensor.ones(3)).withIgnoreIndex(2)
        .withLabelSmoothing(0.1).withReduction(Reduction.SUM);
    assertEquals(2, ce.ignoreIndex());
    assertEquals(0.1, ce.labelSmoothing());
    assertEquals(Reduction.SUM, ce.reduction());
    assertArrayEquals(new float[] {1, 1, 1}, ce.weight().toArray());
    assertEquals(-100, new CrossEntropyLoss().ignoreIndex());
    assertEquals(Golden.of("repr.txt").string("repr.cross_entropy"), ce.toString());
  }
}
