package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class FunctionalTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden LOSSES = Golden.of("losses.txt");

  @Test
  void functionalFormsEqualTheLayers() {
    Tensor x = LAYERS.tensor("relu.x");
    assertExact("gelu", new GELU().forward(x), Functional.gelu(x));
    assertExact("silu", new SiLU().forward(x), Functional.silu(x));
    assertExact("leaky", new LeakyReLU(0.2).forward(x), Functional.leakyRelu(x, 0.2));
    assertExact("softmax", new Softmax(1).forward(x), Functional.softmax(x, 1));
    assertExact("logSoftmax", new LogSoftmax(0).forward(x), Functional.logSoftmax(x, 0));
    assertClose("linear", LAYERS.tensor("linear.y"), Functional.linear(LAYERS.tensor("linear.x"),
        LAYERS.tensor("linear.weight"), LAYERS.tensor("linear.bias")));
    assertClose("conv2d", LAYERS.tensor("conv_plain.y"), Functional.conv2d(LAYERS.tensor("conv_plain.x"),
        LAYERS.tensor("conv_plain.weight"), LAYERS.tensor("conv_plain.bias")), 1e-5, 1e-5);
    assertClose("maxPool2d", LAYERS.tensor("max_pool.y"), Functional.maxPool2d(LAYERS.tensor("max_pool.x"), 2));
    assertClose("avgPool2d", LAYERS.tensor("avg_pool.y"), Functional.avgPool2d(LAYERS.tensor("avg_pool.x"), 2));
    assertClose("embedding", LAYERS.tensor("embedding.y"), Functional.embedding(LAYERS.tensor("embedding.x"),
        LAYERS.tensor("embedding.weight"), 2));
    assertClose("layerNorm", LAYERS.tensor("layer_norm.y"), Functional.layerNorm(LAYERS.tensor("layer_norm.x"),
        new int[] {4}, LAYERS.tensor("layer_norm.weight"), LAYERS.tensor("layer_norm.bias"), 1e-5), 1e-5, 1e-5);
    Tensor d1 = Functional.dropout(Tensor.ones(20), 0.4, true, new Generator(3));
    Tensor d2 = new Dropout(0.4, new Generator(3)).forward(Tensor.ones(20));
    assertExact("dropout", d1, d2);
    assertExact("dropout eval", Tensor.ones(3), Functional.dropout(Tensor.ones(3), 0.4, false));
  }

  @Test
  void functionalLossesWithDefaultsEqualTheClasses() {
    Tensor x = LOSSES.tensor("ce_mean.x");
    Tensor y = LOSSES.tensor("ce_mean.target");
    assertClose("ce", LOSSES.tensor("ce_mean.out"), Functional.crossEntropy(x, y));
    assertClose("nll", LOSSES.tensor("nll_mean.out"), Functional.nllLoss(LOSSES.tensor("nll_mean.x"), y));
    assertClose("mse", LOSSES.tensor("mse_mean.out"), Functional.mseLoss(LOSSES.tensor("mse_mean.x"),
        LOSSES.tensor("mse_mean.target")));
    assertClose("l1", LOSSES.tensor("l1_mean.out"), Functional.l1Loss(LOSSES.tensor("l1_mean.x"),
        LOSSES.tensor("l1_mean.target")));
    assertClose("smoothL1", LOSSES.tensor("smooth_l1_mean.out"), Functional.smoothL1Loss(
        LOSSES.tensor("smooth_l1_mean.x"), LOSSES.tensor("smooth_l1_mean.target")));
    assertClose("huber", LOSSES.tensor("huber_mean.out"), Functional.huberLoss(LOSSES.tensor("huber_mean.x"),
        LOSSES.tensor("huber_mean.target")));
    assertClose("bce", LOSSES.tensor("bce_mean.out"), Functional.binaryCrossEntropy(LOSSES.tensor("bce_mean.x"),
        LOSSES.tensor("bce_mean.target")));
    assertClose("bcel", LOSSES.tensor("bcel_mean.out"), Functional.binaryCrossEntropyWithLogits(
        LOSSES.tensor("bcel_mean.x"), LOSSES.tensor("bcel_mean.target")));
  }

  @Test
  void batchNormFunctionalUpdatesGivenBuffersAndChecksEvalInputs() {
    Tensor rm = Tensor.zeros(3);
    Tensor rv = Tensor.ones(3);
    Tensor x = LAYERS.tensor("batch_norm.x");
    Functional.batchNorm(x, rm, rv, null, null, true, 0.1, 1e-5);
    assertClose("running_mean", LAYERS.tensor("batch_norm.running_mean"), rm, 1e-6, 1e-7);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Functional.batchNorm(x, null, null, null, null, false, 0.1, 1e-5));
    assertContains(e.getMessage(), "running_mean must be defined in evaluation mode", "[6, 3]");
  }

  @Test
  void errorsCarryTorchsPhrases() {
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.linear(Tensor.zeros(2, 4, 5), Tensor.zeros(2, 3), null)).getMessage(),
        "mat1 and mat2 shapes cannot be multiplied (8x5 and 3x2)");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.maxPool2d(Tensor.zeros(1, 1, 8, 8), new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2},
            new int[] {1, 1}, false)).getMessage(), "pad should be at most half of kernel size");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.dropout(Tensor.ones(1), 2, true)).getMessage(),
        "dropout probability has to be between 0 and 1, but got 2.0");
    assertArrayEquals(new int[] {6, 2}, Functional.flatten(Tensor.zeros(2, 3, 2), 0, 1).shape());
  }
}
