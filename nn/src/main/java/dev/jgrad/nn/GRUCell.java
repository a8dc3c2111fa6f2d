package dev.jgrad.nn;

import dev.jgrad.autograd.ops.Recurrent;
import dev.jgrad.autograd.Tensor;

/**
 * One GRU step, PyTorch's {@code nn.GRUCell} (gates r, z, n; parameters as in {@link RNNCellBase}).
 *
 * <pre>{@code
 * GRUCell cell = new GRUCell(3, 4);
 * Tensor h = cell.forward(x, null);   // x [B, 3]: h [B, 4]
 * }</pre>
 */
public class GRUCell extends RNNCellBase {

  public GRUCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true);
  }

  public GRUCell(int inputSize, int hiddenSize, boolean bias) {
    super(Recurrent.Cell.GRU, inputSize, hiddenSize, bias);
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
