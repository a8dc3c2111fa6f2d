package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** BatchNorm2d, BatchNorm3d and what all batch norms share (BatchNorm1dTest covers the 1-D layer). */
class BatchNormTest {
  @Test
  void matchTorchInTrainingAndEvaluation() {
    LayerCase.of("bn2d", () -> new BatchNorm2d(3)).check();
    LayerCase.of("bn2d_cma", () -> new BatchNorm2d(2, 1e-5, null, false, true)).check();
    LayerCase.of("bn3d", () -> new BatchNorm3d(2, 1e-3, 0.2, true, true)).check();
    LayerCase.of("bn1d_notrack", () -> new BatchNorm1d(3, 1e-5, 0.1, true, false)).check();
  }

  @Test
  void gradientNodeIsTorchsAndPassesGradCheck() {
    Tensor x = Tensor.randn(3, 2, 2, 2).requiresGrad_(true);
    BatchNorm2d bn = new BatchNorm2d(2);
    assertEquals("NativeBatchNormBackward0", bn.forward(x).gradFn().name());
    assertEquals("NativeBatchNormBackward0", bn.eval().forward(x).gradFn().name());
    Tensor w = Tensor.randn(2).requiresGrad_(true);
    Tensor b = Tensor.randn(2).requiresGrad_(true);
    assertTrue(GradCheck.check(in -> Functional.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1,
        1e-5), x, w, b).passed());
    Tensor rm = Tensor.of(0.5f, -1f);
    Tensor rv = Tensor.of(2f, 0.5f);
    assertTrue(GradCheck.check(in -> Functional.batchNorm(in.get(0), rm, rv, in.get(1), in.get(2), false, 0.1,
        1e-5), x, w, b).passed());
  }

  @Test
  void wrongRanksAndChannelsNameTheShapes() {
    IllegalArgumentException rank2 =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3, 4)));
    assertContains(rank2.getMessage(), "expected 4D input (got 3D input)", "[2, 3, 4]");
    IllegalArgumentException rank3 =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm3d(3).forward(Tensor.zeros(2, 3, 4, 4)));
    assertContains(rank3.getMessage(), "expected 5D input (got 4D input)");
    IllegalArgumentException rank1 =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(2, 3, 4, 4)));
    assertContains(rank1.getMessage(), "expected 2D or 3D input (got 4D input)");
    IllegalArgumentException channels =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 2, 2)));
    assertContains(channels.getMessage(), "running_mean should contain 4 elements not 3", "[2, 4, 2, 2]");
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(1, 3, 1, 1)));
    assertContains(one.getMessage(), "Expected more than 1 value per channel when training, got input size "
        + "[1, 3, 1, 1]");
    IllegalArgumentException eval = assertThrows(IllegalArgumentException.class,
        () -> Functional.batchNorm(Tensor.zeros(2, 3), null, null, null, null, false, 0.1, 1e-5));
    assertContains(eval.getMessage(), "running_mean must be defined in evaluation mode");
    IllegalArgumentException features = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0));
    assertContains(features.getMessage(), "BatchNorm2d", "num_features must be positive, got 0");
  }

  @Test
  void optionsAndRepr() {
    BatchNorm3d bn = new BatchNorm3d(4, 0.1, null, false, false);
    assertEquals(LayerCase.NORM.string("repr.bn3d_opts"), bn.toString());
    assertNull(bn.weight());
    assertNull(bn.momentum());
    assertEquals(4, bn.numFeatures());
    assertEquals(0, bn.stateDict().size());
  }
}
