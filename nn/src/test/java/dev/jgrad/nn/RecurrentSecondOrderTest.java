package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Double backward through the recurrent layers against PyTorch 1.13 (golden/nn/rnn_second_order.txt, written by
 * tools/gen_rnn_golden.py): with L = sum(output·go) and gx = dL/dx taken with createGraph, the gradients of
 * sum(gx²) with respect to x and every parameter (gradgradcheck of the kernel: ops.RecurrentTest).
 */
class RecurrentSecondOrderTest {
  private static final String FX = "rnn_second_order.txt";

  @Test
  void lstmMatchesPyTorch() {
    check("lstm", 20, () -> new LSTM(3, 4, 2, true, false, 0, false, 0));
  }

  @Test
  void projectedBidirectionalLstmMatchesPyTorch() {
    check("lstm_proj_bi", 21, () -> new LSTM(3, 4, 1, true, false, 0, true, 2));
  }

  @Test
  void bidirectionalGruMatchesPyTorch() {
    check("gru", 22, () -> new GRU(3, 4, 1, true, false, 0, true));
  }

  @Test
  void rnnMatchesPyTorch() {
    check("rnn", 23, () -> new RNN(3, 4, 2, "tanh", true, false, 0, false));
  }

  private static void check(String name, long seed, Supplier<? extends RNNBase> make) {
    Golden fx = Golden.of(FX);
    Tensor.manualSeed(seed);
    RNNBase m = make.get();
    Map<String, Parameter> params = m.namedParameters();
    params.forEach((k, p) -> assertClose(name + ".param." + k, fx.tensor(name + ".param." + k), p, 0, 0));
    Tensor x = fx.tensor(name + ".x").requiresGrad_(true);
    Tensor out = m.runDense(x, null, null).output();
    Tensor gx = Autograd.grad(List.of(out.mul(fx.tensor(name + ".go")).sum()), List.of(x), true).get(0);
    assertClose(name + ".gx", fx.tensor(name + ".gx"), gx, 1e-4, 2e-6);
    List<Tensor> wrt = new ArrayList<>(List.of(x));
    wrt.addAll(params.values());
    List<Tensor> second = Autograd.grad(List.of(gx.mul(gx).sum()), wrt, false);
    assertClose(name + ".second.x", fx.tensor(name + ".second.x"), second.get(0), 1e-4, 1e-5);
    int i = 1;
    for (String k : params.keySet()) {
      assertClose(name + ".second." + k, fx.tensor(name + ".second." + k), second.get(i++), 1e-4, 1e-5);
    }
  }
}
