package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class Conv1dTest {
  private static final Golden CONV = Golden.of("conv.txt");

  @Test
  void forwardAndGradientsMatchTorch() {
    String[] wb = {"weight", "bias"};
    CONV.checkLayer("c1", new Conv1d(3, 4, 3), 1e-5, 1e-5, wb);
    CONV.checkLayer("c1_opts", new Conv1d(4, 6, 3, 2, 2, 2, 2, false), 1e-5, 1e-5, "weight");
    CONV.checkLayer("c1_same_even", new Conv1d(2, 3, 4, 1, "same", 1, 1, true), 1e-5, 1e-5, wb);
    CONV.checkLayer("c1_valid", new Conv1d(2, 3, 2, 3, "valid", 1, 1, true), 1e-5, 1e-5, wb);
    CONV.checkLayer("c1_unbatched", new Conv1d(2, 2, 3, 1, 1, 1, 1, true), 1e-5, 1e-5, wb);
    CONV.checkLayer("c1_reflect", new Conv1d(2, 2, 3, 1, 2, 1, 1, true, "reflect"), 1e-5, 1e-5, wb);
    CONV.checkLayer("c1_circular", new Conv1d(2, 2, 3, 1, 1, 1, 1, true, "circular"), 1e-5, 1e-5, wb);
  }

  @Test
  void seededInitReprAndStateDictAreTorchs() {
    Tensor.manualSeed(0);
    Conv1d m = new Conv1d(3, 4, 3);
    assertExact("weight", CONV.tensor("init.conv1d.weight"), m.weight());
    assertExact("bias", CONV.tensor("init.conv1d.bias"), m.bias());
    assertArrayEquals(new int[] {4, 3, 3}, m.weight().shape());
    assertEquals(CONV.string("repr.c1"), new Conv1d(3, 8, 3).toString());
    assertEquals(CONV.string("repr.c1_opts"), new Conv1d(3, 8, 3, 2, 1, 2, 1, false).toString());
    assertEquals(CONV.string("repr.c1_same"), new Conv1d(2, 4, 4, 1, "same", 1, 1, true, "replicate").toString());
    Module net = new Sequential(new Conv1d(2, 4, 3), new ReLU(), new ConvTranspose2d(4, 2, 2, 1, 0, 0, 1, false, 1),
        new Upsample(2), new AdaptiveAvgPool2d(1));
    assertEquals(Golden.json(CONV.string("names.net_state")), List.copyOf(net.stateDict().keySet()));
    assertEquals(CONV.string("repr.net"), net.toString());
  }

  @Test
  void errorsUseTorchsPhrases() {
    assertContains(assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 8, 3).forward(Tensor.zeros(2, 3,
        4, 5))).getMessage(), "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: "
            + "[2, 3, 4, 5]");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 3, 2).forward(Tensor.zeros(1, 2,
        6))).getMessage(), "Given groups=1, weight of size [3, 3, 2], expected input[1, 2, 6] to have 3 channels, but "
            + "got 2 channels instead");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 3, 4).forward(Tensor.zeros(1, 3,
        2))).getMessage(), "Calculated padded input size per channel: (2). Kernel size: (4). Kernel size can't be "
            + "greater than actual input size");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 8, 3, 2, "same", 1, 1, true))
        .getMessage(), "padding='same' is not supported for strided convolutions");
    assertContains(assertThrows(IllegalArgumentException.class, () -> Functional.conv1d(Tensor.zeros(1, 2, 5),
        Tensor.zeros(3, 2, 2, 2), null, new int[] {1}, new int[] {0}, new int[] {1}, 1)).getMessage(),
        "Expected 3-dimensional weight for 3-dimensional input [1, 2, 5], but got weight of size [3, 2, 2, 2]");
  }

  @Test
  void gradcheckDilatedGroupedSame() {
    Tensor.manualSeed(11);
    Tensor x = Tensor.randn(2, 4, 6).requiresGrad_(true);
    Tensor w = Tensor.randn(2, 2, 4).requiresGrad_(true);
    Tensor b = Tensor.randn(2).requiresGrad_(true);
    GradCheck.check(in -> Functional.conv1d(in.get(0), in.get(1), in.get(2), new int[] {1}, "same", new int[] {1}, 2),
        x, w, b);
    GradCheck.check(in -> Functional.conv1d(in.get(0), in.get(1), in.get(2), new int[] {2}, new int[] {1},
        new int[] {2}, 2), x, w, b);
  }
}
