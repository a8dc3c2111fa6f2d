package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.ops.Recurrent;
import dev.jgrad.autograd.Tensor;

/**
 * A multi-layer Elman network, PyTorch's {@code nn.RNN}: per step {@code h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh)}
 * (or relu). Parameters as in {@link RNNBase}.
 *
 * <pre>{@code
 * RNN rnn = new RNN(3, 4, 2, "relu", true, false, 0, true);   // RNN(3, 4, num_layers=2, bidirectional=True)
 * RNN.Output out = rnn.forward(x, null);                      // x [T, B, 3]: output [T, B, 8], hN [4, B, 4]
 * }</pre>
 */
public class RNN extends RNNBase {

  /** The output sequence and the final hidden state (of {@link RNN} and {@link GRU}). */
  public record Output(Tensor output, Tensor hN) {}

  /** A packed output sequence and the final state, in the batch's original order. */
  public record PackedOutput(PackedSequence output, Tensor hN) {}

  private final String nonlinearity;

  public RNN(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1, "tanh", true, false, 0, false);
  }

  /**
   * PyTorch's positional arguments in PyTorch's order.
   *
   * @throws IllegalArgumentException for a nonlinearity other than "tanh" or "relu", a dropout outside [0, 1] or a
   *     non-positive size or layer count
   */
  public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
             double dropout, boolean bidirectional) {
    super(cell(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
    this.nonlinearity = nonlinearity;
  }

  static Recurrent.Cell cell(String nonlinearity) {
    checkArgument("tanh".equals(nonlinearity) || "relu".equals(nonlinearity),
        "RNN: Unknown nonlinearity '%s' (expected 'tanh' or 'relu')", nonlinearity);
    return "tanh".equals(nonlinearity) ? Recurrent.Cell.RNN_TANH : Recurrent.Cell.RNN_RELU;
  }

  public String nonlinearity() {
    return nonlinearity;
  }

  /**
   * Runs the layer from the state h0 (null for zeros).
   *
   * @throws IllegalArgumentException for a wrong input rank or size or hidden-state shape, with PyTorch's message
   */
  public Output forward(Tensor input, Tensor h0) {
    Recurrent.Result r = runDense(input, h0, null);
    return new Output(r.output(), r.hN());
  }

  /** Runs a packed batch of sequences; the output has the input's batch sizes and indices. */
  public PackedOutput forward(PackedSequence input) {
    return forward(input, null);
  }

  public PackedOutput forward(PackedSequence input, Tensor h0) {
    Recurrent.Result r = runPacked(input, h0, null);
    return new PackedOutput(input.withData(r.output()), r.hN());
  }
}
