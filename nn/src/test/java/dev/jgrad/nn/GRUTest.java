package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GRUTest {
  private static final String FX = "rnn_gru.txt";

  @Test
  void basicMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "basic", 0, () -> new GRU(3, 4));
  }

  @Test
  void twoLayerBidirectionalBatchFirstMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "stack", 1, () -> new GRU(3, 4, 2, true, true, 0, true));
  }

  @Test
  void withoutBiasMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "nobias", 3, () -> new GRU(3, 4, 1, false, false, 0, false));
  }

  @Test
  void unbatchedMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "unbatched", 4, () -> new GRU(3, 4, 2, true, false, 0, false));
  }

  @Test
  void unsortedPackedBatchMatchesPyTorch() {
    RecurrentCases.checkLayer(FX, "packed", 5, () -> new GRU(3, 4, 2, true, false, 0, true));
  }

  @Test
  void cellsMatchPyTorch() {
    RecurrentCases.checkCell(FX, "cell", 8, () -> new GRUCell(3, 4));
    RecurrentCases.checkCell(FX, "cell_nobias_unbatched", 9, () -> new GRUCell(3, 4, false));
  }

  @Test
  void publicForwardsReturnOutputAndState() {
    Tensor.manualSeed(0);
    GRU gru = new GRU(3, 4, 1, true, false, 0, true);
    Tensor x = Tensor.randn(5, 2, 3);
    RNN.Output out = gru.forward(x, null);
    assertArrayEquals(new int[] {5, 2, 8}, out.output().shape());
    assertArrayEquals(new int[] {2, 2, 4}, out.hN().shape());
    assertClose("forward(x)", out.output(), gru.forward(x), 0, 0);
    assertClose("forward hN", out.hN().select(0, 0), out.output().select(0, 4).narrow(1, 0, 4), 0, 0);
    assertClose("reverse hN", out.hN().select(0, 1), out.output().select(0, 0).narrow(1, 4, 4), 0, 0);
    RNN.PackedOutput packed = gru.forward(RnnUtils.packPaddedSequence(x, new int[] {5, 5}, false, true));
    assertClose("packed", out.output().reshape(10, 8), packed.output().data(), 1e-6, 1e-7);
    assertEquals("GRU(3, 4, bidirectional=True)", gru.toString());
    assertEquals("GRUCell(3, 4, bias=False)", new GRUCell(3, 4, false).toString());
  }

  @Test
  void gradcheckOnSmallShapes() {
    Tensor.manualSeed(4);
    GRU gru = new GRU(2, 2, 2, true, true, 0, false);
    List<Tensor> inputs = new ArrayList<>(List.of(Tensor.randn(1, 2, 2).requiresGrad_(true),
        Tensor.randn(2, 1, 2).requiresGrad_(true)));
    inputs.addAll(gru.flatWeights());
    GradCheck.Result r = GradCheck.check(in -> {
      RNN.Output o = gru.forward(in.get(0), in.get(1));
      return o.output().sum().add(o.hN().mul(o.hN()).sum());
    }, inputs);
    assertEquals(true, r.passed(), r.toString());
  }

  @Test
  void wrongShapesFailWithPyTorchsMessages() {
    GRU gru = new GRU(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> gru.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(1, 3, 4))).getMessage(),
        "GRU: Expected hidden size (1, 2, 4), got [1, 3, 4]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> gru.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(2, 4))).getMessage(),
        "For batched 3-D input, hx should also be 3-D but got 2-D tensor");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> gru.forward(Tensor.zeros(5, 3), Tensor.zeros(1, 1, 4))).getMessage(),
        "For unbatched 2-D input, hx should also be 2-D but got 3-D tensor");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new GRUCell(3, 4).forward(Tensor.zeros(3)
        .unsqueeze(0).unsqueeze(0))).getMessage(), "GRUCell: Expected input to be 1-D or 2-D but received 3-D tensor");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new GRUCell(3, 4).forward(Tensor.zeros(2, 3), Tensor.zeros(2, 5))).getMessage(),
        "GRUCell: hidden has inconsistent hidden_size: got 5, expected 4");
  }
}
