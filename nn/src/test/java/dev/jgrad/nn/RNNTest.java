package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RNNTest {
  private static final String FX = "rnn_rnn.txt";

  @Test
  void basicMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "basic", 0, () -> new RNN(3, 4));
  }

  @Test
  void reluTwoLayerBidirectionalBatchFirstMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "relu_stack", 1, () -> new RNN(3, 4, 2, "relu", true, true, 0, true));
  }

  @Test
  void withoutBiasMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "nobias", 3, () -> new RNN(3, 4, 1, "tanh", false, false, 0, false));
  }

  @Test
  void unbatchedMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "unbatched", 4, () -> new RNN(3, 4, 2, "tanh", true, false, 0, false));
  }

  @Test
  void unsortedPackedBatchMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "packed", 5, () -> new RNN(3, 4, 1, "relu", true, false, 0, true));
  }

  @Test
  void cellsMatchPyTorch() {
    RecurrentCases.checkCell(FX, "cell", 8, () -> new RNNCell(3, 4));
    RecurrentCases.checkCell(FX, "cell_relu_nobias", 9, () -> new RNNCell(3, 4, false, "relu"));
  }

  @Test
  void gradcheckOnSmallShapes() {
    Tensor.manualSeed(5);
    RNN rnn = new RNN(2, 2, 2, "tanh", true, false, 0, false);
    List<Tensor> inputs = new ArrayList<>(List.of(Tensor.randn(3, 1, 2).requiresGrad_(true),
        Tensor.randn(2, 1, 2).requiresGrad_(true)));
    inputs.addAll(rnn.flatWeights());
    GradCheck.Result r = GradCheck.check(in -> {
      RNN.Output o = rnn.forward(in.get(0), in.get(1));
      return o.output().sum().add(o.hN().mul(o.hN()).sum());
    }, inputs);
    assertEquals(true, r.passed(), r.toString());
  }

  @Test
  void badOptionsFailWithPyTorchsMessages() {
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new RNN(3, 4, 1, "sigmoid", true, false, 0, false)).getMessage(), "Unknown nonlinearity 'sigmoid'");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new RNNCell(3, 4, true, "gelu")).getMessage(), "Unknown nonlinearity 'gelu'");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new RNN(3, 0)).getMessage(), "hidden_size must be greater than zero");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new RNN(3, 4, 0, "tanh", true, false, 0, false)).getMessage(), "num_layers must be greater than zero");
    assertEquals("RNNCell(3, 4, bias=False, nonlinearity=relu)", new RNNCell(3, 4, false, "relu").toString());
  }
}
