package dev.jgrad.nn;

import dev.jgrad.autograd.ops.Recurrent;
import dev.jgrad.autograd.Tensor;

/**
 * One LSTM step, PyTorch's {@code nn.LSTMCell} (gates i, f, g, o; parameters as in {@link RNNCellBase}).
 *
 * <pre>{@code
 * LSTMCell cell = new LSTMCell(3, 4);
 * LSTMCell.Output s = cell.forward(x, null, null);   // x [B, 3]: s.h() and s.c() are [B, 4]
 * s = cell.forward(x2, s.h(), s.c());
 * }</pre>
 */
public class LSTMCell extends RNNCellBase {

  /** The next hidden and cell states. */
  public record Output(Tensor h, Tensor c) {}

  public LSTMCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true);
  }

  public LSTMCell(int inputSize, int hiddenSize, boolean bias) {
    super(Recurrent.Cell.LSTM, inputSize, hiddenSize, bias);
  }

  /** The next hidden state from zero states. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null, null).h();
  }

  /**
   * One step from h and c ({@code [B, hidden]}, or {@code [hidden]} for a 1-D input; null for zeros).
   *
   * @throws IllegalArgumentException for a wrong input rank or size or state shape, with PyTorch's message
   */
  public Output forward(Tensor input, Tensor h, Tensor c) {
    Recurrent.Result r = step(input, h, c);
    return new Output(r.hN(), r.cN());
  }
}
