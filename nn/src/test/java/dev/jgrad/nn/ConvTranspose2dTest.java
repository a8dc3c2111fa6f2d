package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvTranspose2dTest {
  private static final Golden CONV = Golden.of("conv.txt");

  @Test
  void forwardAndGradientsMatchTorch() {
    CONV.checkLayer("ct", new ConvTranspose2d(3, 2, 3), 1e-5, 1e-5, "weight", "bias");
    CONV.checkLayer("ct_opts", new ConvTranspose2d(4, 6, new int[] {3, 2}, new int[] {2, 3}, new int[] {1, 0},
        new int[] {1, 2}, 2, true, new int[] {1, 2}), 1e-5, 1e-5, "weight", "bias");
    CONV.checkLayer("ct_dilation_outpad", new ConvTranspose2d(2, 2, 3, 1, 0, 1, 1, false, 2), 1e-5, 1e-5, "weight");
    CONV.checkLayer("ct_unbatched", new ConvTranspose2d(2, 3, 2, 2, 1, 0, 1, true, 1), 1e-5, 1e-5, "weight", "bias");
    CONV.checkLayer("ct_output_size", new ConvTranspose2d(2, 3, 3, 3, 1, 0, 1, true, 1) {
      @Override
      public Tensor forward(Tensor input) {
        return forward(input, new int[] {8, 11});
      }
    }, 1e-5, 1e-5, "weight", "bias");
  }

  @Test
  void weightShapeInitAndStateDictAreTorchs() {
    Tensor.manualSeed(1);
    ConvTranspose2d m = new ConvTranspose2d(4, 6, new int[] {3, 2}, new int[] {1, 1}, new int[] {0, 0},
        new int[] {0, 0}, 2, true, new int[] {1, 1});
    assertArrayEquals(new int[] {4, 3, 3, 2}, m.weight().shape());
    assertExact("weight", CONV.tensor("init.convt.weight"), m.weight());
    assertExact("bias", CONV.tensor("init.convt.bias"), m.bias());
    assertEquals(List.of("weight", "bias"), List.copyOf(m.stateDict().keySet()));
  }

  @Test
  void reprIsTorchs() {
    assertEquals(CONV.string("repr.ct"), new ConvTranspose2d(3, 8, 3).toString());
    assertEquals(CONV.string("repr.ct_opts"), new ConvTranspose2d(4, 8, new int[] {3, 2}, new int[] {2, 2},
        new int[] {1, 1}, new int[] {1, 1}, 2, false, new int[] {2, 2}).toString());
  }

  @Test
  void errorsUseTorchsPhrases() {
    Tensor x = Tensor.zeros(1, 2, 5, 5);
    int[] one = {1, 1};
    int[] zero = {0, 0};
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.convTranspose2d(x, Tensor.zeros(2, 3, 3, 3), null, one, zero, one, 1, one)).getMessage(),
        "output padding must be smaller than either stride or dilation, but got output_padding_height: 1");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.convTranspose2d(x, Tensor.zeros(3, 3, 3, 3), null, one, zero, zero, 1, one)).getMessage(),
        "Given transposed=1, weight of size [3, 3, 3, 3], expected input[1, 2, 5, 5] to have 3 channels, but got 2 "
            + "channels instead");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.convTranspose2d(Tensor.zeros(2, 5), Tensor.zeros(3, 3, 3, 3), null, one, zero, zero, 1, one))
        .getMessage(), "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: [2, 5]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.convTranspose2d(x, Tensor.zeros(2, 3, 3, 3), Tensor.zeros(2), one, zero, zero, 1, one))
        .getMessage(), "expected bias to be 1-dimensional with 3 elements, but got bias of size [2] instead");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.convTranspose2d(x, Tensor.zeros(2, 3, 3, 3), null, one, new int[] {4, 4}, zero, 1, one))
        .getMessage(), "Given input size per channel: (5 x 5). Calculated output size per channel: (-1 x -1). Output "
            + "size is too small");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new ConvTranspose2d(2, 3, 3).forward(x, new int[] {20, 20})).getMessage(),
        "requested an output size of [20, 20], but valid sizes range from [7, 7] to [7, 7]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new ConvTranspose2d(2, 3, 3).forward(x, new int[] {1, 2, 3})).getMessage(),
        "ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 3)");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(3, 8, 3, 1, 0, 0, 2, true, 1))
        .getMessage(), "in_channels must be divisible by groups");
  }

  @Test
  void outputSizeAcceptsTheWholeShape() {
    ConvTranspose2d m = new ConvTranspose2d(2, 3, 3, 2, 0, 0, 1, true, 1);
    Tensor x = Tensor.zeros(1, 2, 5, 5);
    assertArrayEquals(new int[] {1, 3, 12, 12}, m.forward(x, new int[] {12, 12}).shape());
    assertArrayEquals(new int[] {1, 3, 11, 12}, m.forward(x, new int[] {1, 3, 11, 12}).shape());
  }

  @Test
  void gradcheckFirstAndSecondOrder() {
    Tensor.manualSeed(7);
    Tensor x = Tensor.randn(1, 4, 3, 2).requiresGrad_(true);
    Tensor w = Tensor.randn(4, 1, 2, 3).requiresGrad_(true);
    Tensor b = Tensor.randn(2).requiresGrad_(true);
    int[] s = {2, 1};
    int[] p = {1, 0};
    int[] op = {1, 0};
    int[] d = {1, 2};
    GradCheck.check(in -> Functional.convTranspose2d(in.get(0), in.get(1), in.get(2), s, p, op, 2, d), x, w, b);
    Tensor g = Tensor.randn(1, 2, 5, 6);
    // Second order: the input and weight gradients (recorded with createGraph) differentiated again. The function is
    // quadratic, so central differences are exact and a larger step only reduces float32 rounding.
    GradCheck.builder().eps(1e-2).check(in -> Autograd.enableGrad(() -> {
      Tensor y = Functional.convTranspose2d(in.get(0), in.get(1), null, s, p, op, 2, d);
      List<Tensor> gs = Autograd.grad(List.of(y), List.of(in.get(0), in.get(1)), List.of(g), true, true, false);
      return gs.get(0).mul(gs.get(0)).sum().add(gs.get(1).mul(gs.get(1)).sum());
    }), List.of(x, w));
  }
}
