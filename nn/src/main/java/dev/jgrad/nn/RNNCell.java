package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * One Elman step, PyTorch's {@code nn.RNNCell}: {@code h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh)} (or relu);
 * parameters as in {@link RNNCellBase}.
 *
 * <pre>{@code
 * RNNCell cell = new RNNCell(3, 4, true, "relu");
 * Tensor h = cell.forward(x, null);   // x [B, 3]: h [B, 4]
 * }</pre>
 */
public class RNNCell extends RNNCellBase {
  private final String nonlinearity;

  public RNNCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true, "tanh");
  }

  /** @throws IllegalArgumentException for a nonlinearity other than "tanh" or "relu" */
  public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity) {
    super(RNN.cell(nonlinearity), inputSize, hiddenSize, bias);
    this.nonlinearity = nonlinearity;
  }

  public String nonlinearity() {
    return nonlinearity;
  }

  /** The next hidden state from a zero state. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null);
  }

  /**
   * One step from h ({@code [B, hidden]}, or {@code [hidden]} for a 1-D input; null for zeros).
   *
   * @throws IllegalArgumentException for a wrong input rank or size or state shape, with PyTorch's message
   */
  public Tensor forward(Tensor input, Tensor h) {
    return step(input, h, null).hN();
  }
}
