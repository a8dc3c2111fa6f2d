package dev.jgrad.nn;

import dev.jgrad.autograd.ops.Recurrent;
import dev.jgrad.autograd.Tensor;

/**
 * A multi-layer long short-term memory network, PyTorch's {@code nn.LSTM}: per step, with gates in PyTorch's order
 * i, f, g, o, {@code c' = σ(f)·c + σ(i)·tanh(g)} and {@code h' = σ(o)·tanh(c')}, projected by {@code weight_hr} when
 * {@code projSize > 0}. Parameters, their names, shapes and initial values are PyTorch's (see {@link RNNBase}), so a
 * PyTorch {@code state_dict} loads and gives PyTorch's outputs.
 *
 * <pre>{@code
 * Tensor.manualSeed(0);
 * LSTM lstm = new LSTM(3, 4, 2, true, true, 0, false, 0);   // LSTM(3, 4, num_layers=2, batch_first=True)
 * LSTM.Output out = lstm.forward(x, null, null);             // x [B, T, 3]
 * out.output();   // [B, T, 4]; out.hN() and out.cN() are [2, B, 4]
 * }</pre>
 *
 * <p>The whole stack runs as one autograd node (see {@link Recurrent}); {@code output().gradFn()} is the view or
 * transpose taken of it.
 */
public class LSTM extends RNNBase {

  /** The output sequence and the final hidden and cell states. */
  public record Output(Tensor output, Tensor hN, Tensor cN) {}

  /** A packed output sequence and the final states, in the batch's original order. */
  public record PackedOutput(PackedSequence output, Tensor hN, Tensor cN) {}

  public LSTM(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1, true, false, 0, false, 0);
  }

  /**
   * PyTorch's positional arguments in PyTorch's order.
   *
   * @throws IllegalArgumentException for a dropout outside [0, 1], a non-positive size or layer count, or a
   *     projection size outside [0, hiddenSize)
   */
  public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
              boolean bidirectional, int projSize) {
    super(Recurrent.Cell.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional,
        projSize);
  }

  /**
   * Runs the layer from the states h0 and c0 (both null for zeros).
   *
   * @throws IllegalArgumentException for a wrong input rank or size or hidden-state shape, with PyTorch's message
   */
  public Output forward(Tensor input, Tensor h0, Tensor c0) {
    Recurrent.Result r = runDense(input, h0, c0);
    return new Output(r.output(), r.hN(), r.cN());
  }

  /** Runs a packed batch of sequences; the output has the input's batch sizes and indices. */
  public PackedOutput forward(PackedSequence input) {
    return forward(input, null, null);
  }

  public PackedOutput forward(PackedSequence input, Tensor h0, Tensor c0) {
    Recurrent.Result r = runPacked(input, h0, c0);
    return new PackedOutput(input.withData(r.output()), r.hN(), r.cN());
  }
}
