package dev.jgrad.nn;

import dev.jgrad.autograd.ops.Recurrent;
import dev.jgrad.autograd.Tensor;

/**
 * A multi-layer gated recurrent unit network, PyTorch's {@code nn.GRU}: per step, with gates in PyTorch's order r, z,
 * n, {@code r = σ(W_ir·x + b_ir + W_hr·h + b_hr)}, {@code z} likewise, {@code n = tanh(W_in·x + b_in + r·(W_hn·h +
 * b_hn))} and {@code h' = (1 − z)·n + z·h}. Parameters as in {@link RNNBase}.
 *
 * <pre>{@code
 * GRU gru = new GRU(3, 4);
 * RNN.Output out = gru.forward(x, null);   // x [T, B, 3]: output [T, B, 4], hN [1, B, 4]
 * }</pre>
 */
public class GRU extends RNNBase {

  public GRU(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1, true, false, 0, false);
  }

  /**
   * PyTorch's positional arguments in PyTorch's order.
   *
   * @throws IllegalArgumentException for a dropout outside [0, 1] or a non-positive size or layer count
   */
  public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
             boolean bidirectional) {
    super(Recurrent.Cell.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
  }

  /**
   * Runs the layer from the state h0 (null for zeros).
   *
   * @throws IllegalArgumentException for a wrong input rank or size or hidden-state shape, with PyTorch's message
   */
  public RNN.Output forward(Tensor input, Tensor h0) {
    Recurrent.Result r = runDense(input, h0, null);
    return new RNN.Output(r.output(), r.hN());
  }

  /** Runs a packed batch of sequences; the output has the input's batch sizes and indices. */
  public RNN.PackedOutput forward(PackedSequence input) {
    return forward(input, null);
  }

  public RNN.PackedOutput forward(PackedSequence input, Tensor h0) {
    Recurrent.Result r = runPacked(input, h0, null);
    return new RNN.PackedOutput(input.withData(r.output()), r.hN());
  }
}
