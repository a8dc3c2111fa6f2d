package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.ops.Recurrent;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share, PyTorch's {@code nn.RNNCellBase}: parameters
 * {@code weight_ih} [gates·hidden, input], {@code weight_hh} [gates·hidden, hidden], {@code bias_ih} and
 * {@code bias_hh} [gates·hidden] (without {@code bias = false}), drawn in that order from U(−1/√hidden, 1/√hidden);
 * one step runs on the same kernel as the layers (a sequence of length 1), so a cell and its layer agree exactly.
 */
public abstract class RNNCellBase extends Module {
  private final Recurrent.Cell cell;
  private final int inputSize;
  private final int hiddenSize;
  private final boolean bias;
  private final List<Tensor> weights = new ArrayList<>();

  RNNCellBase(Recurrent.Cell cell, int inputSize, int hiddenSize, boolean bias) {
    checkArgument(inputSize >= 0 && hiddenSize > 0, "%s: expected input_size >= 0 and hidden_size > 0, got %s and %s",
        typeName(), inputSize, hiddenSize);
    this.cell = cell;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    int gates = cell.gates() * hiddenSize;
    weights.add(registerParameter("weight_ih", new Parameter(Tensor.zeros(gates, inputSize))));
    weights.add(registerParameter("weight_hh", new Parameter(Tensor.zeros(gates, hiddenSize))));
    if (bias) {
      weights.add(registerParameter("bias_ih", new Parameter(Tensor.zeros(gates))));
      weights.add(registerParameter("bias_hh", new Parameter(Tensor.zeros(gates))));
    }
    resetParameters();
  }

  /** Re-draws every parameter from U(−1/√hidden, 1/√hidden), in registration order, as the constructor does. */
  public void resetParameters() {
    double stdv = 1.0 / Math.sqrt(hiddenSize);
    for (Parameter p : parameters()) {
      Init.uniform_(p, -stdv, stdv);
    }
  }

  /** One step from the states h and c (null for zeros; c only for LSTM); returns h' and c' in the input's rank. */
  final Recurrent.Result step(Tensor input, Tensor h, Tensor c) {
    String name = typeName();
    checkArgument(input.dim() == 1 || input.dim() == 2, "%s: Expected input to be 1-D or 2-D but received %s-D tensor",
        name, input.dim());
    boolean batched = input.dim() == 2;
    Tensor x = batched ? input : input.unsqueeze(0);
    checkArgument(x.size(1) == inputSize, "%s: input has inconsistent input_size: got %s expected %s", name,
        x.size(1), inputSize);
    Tensor hx = state(name, "", h, x, batched);
    Tensor cx = state(name, "[1]", c, x, batched);
    Recurrent.Spec spec = new Recurrent.Spec(cell, inputSize, hiddenSize, 1, bias, false, 0, 0, false);
    Recurrent.Result r = Recurrent.run(spec, x, new int[] {x.size(0)}, hx, cx, weights);
    Tensor h1 = batched ? r.hN().squeeze(0) : r.hN().view(hiddenSize);
    Tensor c1 = r.cN() == null ? null : batched ? r.cN().squeeze(0) : r.cN().view(hiddenSize);
    return new Recurrent.Result(null, h1, c1);
  }

  private Tensor state(String name, String label, Tensor s, Tensor x, boolean batched) {
    if (s == null) {
      return null;
    }
    checkArgument(s.dim() == (batched ? 2 : 1), "%s: Expected hidden%s to be %s-D for %s-D input but received %s-D "
        + "tensor", name, label, batched ? 2 : 1, batched ? 2 : 1, s.dim());
    Tensor b = batched ? s : s.unsqueeze(0);
    checkArgument(b.size(0) == x.size(0), "%s: Input batch size %s doesn't match hidden%s batch size %s", name,
        x.size(0), label, b.size(0));
    checkArgument(b.size(1) == hiddenSize, "%s: hidden%s has inconsistent hidden_size: got %s, expected %s", name,
        label, b.size(1), hiddenSize);
    return b.unsqueeze(0);
  }

  public int inputSize() {
    return inputSize;
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  public boolean bias() {
    return bias;
  }

  @Override
  protected String extraRepr() {
    String s = inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False");
    return cell == Recurrent.Cell.RNN_RELU ? s + ", nonlinearity=relu" : s;
  }
}
