package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LSTMTest {
  private static final String FX = "rnn_lstm.txt";

  @Test
  void basicMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "basic", 0, () -> new LSTM(3, 4));
  }

  @Test
  void twoLayerBidirectionalBatchFirstMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "stack", 1, () -> new LSTM(3, 4, 2, true, true, 0, true, 0));
  }

  @Test
  void projectionMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "proj", 2, () -> new LSTM(3, 5, 2, true, false, 0, true, 2));
  }

  @Test
  void withoutBiasMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "nobias", 3, () -> new LSTM(3, 4, 1, false, false, 0, false, 0));
  }

  @Test
  void unbatchedMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "unbatched", 4, () -> new LSTM(3, 4, 2, true, false, 0, false, 0));
  }

  @Test
  void unsortedPackedBatchMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "packed", 5, () -> new LSTM(3, 4, 2, true, false, 0, true, 0));
  }

  @Test
  void sortedPackedBatchFirstWithProjectionMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "packed_bf", 6, () -> new LSTM(3, 4, 1, true, true, 0, false, 2));
  }

  @Test
  void dropoutBetweenLayersDrawsPyTorchsMasks() {
    RecurrentCases.checkLayer(FX, "dropout", 7, () -> new LSTM(3, 4, 3, true, false, 0.4, false, 0));
  }

  @Test
  void cellsMatchPyTorch() {
    RecurrentCases.checkCell(FX, "cell", 8, () -> new LSTMCell(3, 4));
    RecurrentCases.checkCell(FX, "cell_nobias_unbatched", 9, () -> new LSTMCell(3, 4, false));
    RecurrentCases.checkCell(FX, "cell_nostate", 10, () -> new LSTMCell(3, 4));
  }

  @Test
  void publicForwardsReturnOutputAndStates() {
    Tensor.manualSeed(0);
    LSTM lstm = new LSTM(3, 4, 2, true, true, 0, false, 0);
    Tensor x = Tensor.randn(2, 5, 3);
    LSTM.Output out = lstm.forward(x, null, null);
    assertArrayEquals(new int[] {2, 5, 4}, out.output().shape());
    assertArrayEquals(new int[] {2, 2, 4}, out.hN().shape());
    assertArrayEquals(new int[] {2, 2, 4}, out.cN().shape());
    assertClose("forward(x)", out.output(), lstm.forward(x), 0, 0);
    assertClose("in Sequential", out.output(), new Sequential(lstm).forward(x), 0, 0);
    // The last output step of the top layer is its final hidden state.
    assertClose("hN", out.hN().select(0, 1), out.output().select(1, 4), 0, 0);
    assertEquals("TransposeBackward0", out.output().gradFn() == null ? null : out.output().gradFn().name());
  }

  @Test
  void stateDictNamesAndShapesArePyTorchs() {
    LSTM lstm = new LSTM(3, 5, 2, true, false, 0, true, 2);
    List<String> names = new ArrayList<>(lstm.stateDict().keySet());
    assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
        "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
        "weight_hr_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_hr_l1",
        "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
        "weight_hr_l1_reverse"), names);
    assertArrayEquals(new int[] {20, 4}, lstm.stateDict().get("weight_ih_l1").shape());
    assertArrayEquals(new int[] {20, 2}, lstm.stateDict().get("weight_hh_l1").shape());
    assertArrayEquals(new int[] {2, 5}, lstm.stateDict().get("weight_hr_l1_reverse").shape());
    assertEquals("LSTM(3, 5, proj_size=2, num_layers=2, bidirectional=True)", lstm.toString());
  }

  @Test
  void pyTorchTrainedStateDictLoadsAndGivesPyTorchsOutput() throws Exception {
    LSTM lstm = new LSTM(3, 5, 2, true, false, 0, true, 0);
    Path file = Path.of(LSTMTest.class.getResource("/golden/nn/rnn_trained.safetensors").toURI());
    Checkpoints.load(file, lstm);
    Golden fx = Golden.of("rnn_trained.txt");
    LSTM.Output out = lstm.forward(fx.tensor("trained.x"), null, null);
    assertClose("trained.output", fx.tensor("trained.output"), out.output(), 1e-4, 2e-6);
    assertClose("trained.hN", fx.tensor("trained.hN"), out.hN(), 1e-4, 2e-6);
    assertClose("trained.cN", fx.tensor("trained.cN"), out.cN(), 1e-4, 2e-6);
  }

  @Test
  void gradcheckOnSmallShapes() {
    Tensor.manualSeed(3);
    LSTM lstm = new LSTM(2, 2, 2, true, false, 0, false, 1);
    List<Tensor> inputs = new ArrayList<>(List.of(Tensor.randn(2, 1, 2).requiresGrad_(true),
        Tensor.randn(2, 1, 1).requiresGrad_(true), Tensor.randn(2, 1, 2).requiresGrad_(true)));
    inputs.addAll(lstm.flatWeights());
    GradCheck.Result r = GradCheck.check(in -> {
      LSTM.Output o = lstm.forward(in.get(0), in.get(1), in.get(2));
      return o.output().sum().add(o.hN().mul(o.hN()).sum()).add(o.cN().sum());
    }, inputs);
    assertEquals(true, r.passed(), r.toString());
  }

  @Test
  void wrongShapesFailWithPyTorchsMessages() {
    LSTM lstm = new LSTM(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 2, 5)))
        .getMessage(), "LSTM", "input.size(-1) must be equal to input_size. Expected 3, got 5");
    assertContains(assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 2, 2, 3)))
        .getMessage(), "LSTM: Expected input to be 2-D or 3-D but received 4-D tensor");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> lstm.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(1, 3, 4), Tensor.zeros(1, 2, 4))).getMessage(),
        "Expected hidden[0] size (1, 2, 4), got [1, 3, 4]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> lstm.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(1, 2, 4), Tensor.zeros(1, 2, 5))).getMessage(),
        "Expected hidden[1] size (1, 2, 4), got [1, 2, 5]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> lstm.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(2, 4), Tensor.zeros(2, 4))).getMessage(),
        "For batched 3-D input, hx and cx should also be 3-D but got (2-D, 2-D) tensors");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> lstm.forward(Tensor.zeros(5, 3), Tensor.zeros(1, 1, 4), Tensor.zeros(1, 1, 4))).getMessage(),
        "For unbatched 2-D input, hx and cx should also be 2-D but got (3-D, 3-D) tensors");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 1, true, false, 0, false, 4))
        .getMessage(), "proj_size has to be smaller than hidden_size");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 1, true, false, 0, false, -1))
        .getMessage(), "proj_size should be a positive integer or zero to disable projections");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 2, true, false, 1.5, false, 0))
        .getMessage(), "dropout should be a number in range [0, 1]", "1.5");
    LSTMCell cell = new LSTMCell(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class, () -> cell.forward(Tensor.zeros(2, 5)))
        .getMessage(), "LSTMCell: input has inconsistent input_size: got 5 expected 3");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> cell.forward(Tensor.zeros(2, 3), Tensor.zeros(3, 4), Tensor.zeros(2, 4))).getMessage(),
        "Input batch size 2 doesn't match hidden batch size 3");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> cell.forward(Tensor.zeros(2, 3), Tensor.zeros(2, 4), Tensor.zeros(2, 5))).getMessage(),
        "hidden[1] has inconsistent hidden_size: got 5, expected 4");
  }
}
