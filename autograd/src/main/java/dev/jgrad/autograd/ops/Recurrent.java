package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * A whole stack of recurrent layers (every layer and direction of PyTorch's {@code nn.LSTM}, {@code nn.GRU} or
 * {@code nn.RNN}) as one op and one backward node, over a packed sequence.
 *
 * <p>The input is always in PyTorch's packed layout: {@code data} holds the rows of time step 0, then those of step
 * 1, ..., with {@code batchSizes[t]} rows at step t (non-increasing, so the sequences still running at a step are the
 * first rows). A dense {@code [T, B, I]} input is the special case {@code data = input.view(T * B, I)} with every
 * batch size B. The kernel computes the input projection of every time step as one matrix product, each step's hidden
 * projection as one product for all gates, the gate non-linearities in one pass over the step's {@code [batch,
 * gates]} block, and backward through time reuses the saved activations and accumulates each weight gradient with a
 * single product over all time steps (see {@link RecurrentKernel}).
 *
 * <pre>{@code
 * var spec = new Recurrent.Spec(Recurrent.Cell.LSTM, 3, 4, 1, true, false, 0, 0, false);
 * Recurrent.Result r = Recurrent.run(spec, x.view(T * B, 3), batchSizes, null, null, weights);
 * r.output();   // [T * B, 4]; r.hN() and r.cN() are [1, B, 4]
 * }</pre>
 */
public final class Recurrent {
  private Recurrent() {}

  /** The cell of each layer, with its number of gates (PyTorch's gate order: i,f,g,o for LSTM, r,z,n for GRU). */
  public enum Cell {
    LSTM(4, "LSTM"), GRU(3, "GRU"), RNN_TANH(1, "RNN"), RNN_RELU(1, "RNN");

    final int gates;
    final String label;

    Cell(int gates, String label) {
      this.gates = gates;
      this.label = label;
    }

    /** The number of gates, i.e. the weights' rows are {@code gates() * hiddenSize}. */
    public int gates() {
      return gates;
    }
  }

  /**
   * The configuration of a stack, PyTorch's constructor arguments.
   *
   * @param projSize the LSTM projection size, or 0 for none (the hidden state is then {@code hiddenSize} wide)
   * @param dropout the probability of zeroing an element of each layer's output but the last one's
   * @param training whether dropout applies
   */
  public record Spec(Cell cell, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean bidirectional,
                     int projSize, double dropout, boolean training) {
    public Spec {
      checkArgument(inputSize >= 0 && hiddenSize > 0 && numLayers > 0,
          "Recurrent: expected inputSize >= 0, hiddenSize > 0 and numLayers > 0, got %s, %s and %s",
          inputSize, hiddenSize, numLayers);
      checkArgument(projSize >= 0 && projSize < hiddenSize && (projSize == 0 || cell == Cell.LSTM),
          "Recurrent: projSize must be 0 or in [1, hiddenSize) for LSTM, got %s", projSize);
      checkArgument(dropout >= 0 && dropout <= 1, "Recurrent: dropout must be in [0, 1], got %s", dropout);
    }

    /** The width of the hidden state and of each direction's output. */
    public int stateSize() {
      return projSize > 0 ? projSize : hiddenSize;
    }

    public int directions() {
      return bidirectional ? 2 : 1;
    }

    /** Tensors per layer and direction in PyTorch's flat weight order: w_ih, w_hh, [b_ih, b_hh], [w_hr]. */
    public int weightsPerDirection() {
      return 2 + (bias ? 2 : 0) + (projSize > 0 ? 1 : 0);
    }

    /** The input width of layer {@code layer}. */
    public int layerInputSize(int layer) {
      return layer == 0 ? inputSize : stateSize() * directions();
    }
  }

  /**
   * The outputs: {@code output} {@code [N, D * stateSize]} (the last layer's, in the packed layout of the input),
   * {@code hN} {@code [L * D, B, stateSize]}, {@code cN} {@code [L * D, B, hiddenSize]} for LSTM (null otherwise),
   * where B is {@code batchSizes[0]}. All three are views of the one output of the node, so gradients may reach it
   * through any of them.
   */
  public record Result(Tensor output, Tensor hN, Tensor cN) {}

  /**
   * Runs the stack. Dropout masks (between layers, in training) are drawn from the global generator after each
   * layer, as PyTorch's CPU implementation draws them.
   *
   * @param data {@code [N, inputSize]} with N the sum of the batch sizes
   * @param batchSizes the rows of each time step, non-increasing and positive
   * @param h0 {@code [L * D, B, stateSize]}, or null for zeros
   * @param c0 {@code [L * D, B, hiddenSize]} for LSTM, or null for zeros
   * @param weights {@code L * D * spec.weightsPerDirection()} tensors in PyTorch's order, layer by layer, forward
   *     direction first
   * @throws IllegalArgumentException for shapes that do not fit the spec
   */
  public static Result run(Spec spec, Tensor data, int[] batchSizes, Tensor h0, Tensor c0, List<Tensor> weights) {
    int rows = 0;
    checkArgument(batchSizes.length > 0, "Recurrent: expected at least one time step");
    for (int t = 0; t < batchSizes.length; t++) {
      checkArgument(batchSizes[t] > 0 && (t == 0 || batchSizes[t] <= batchSizes[t - 1]),
          "Recurrent: batch sizes must be positive and non-increasing, got %s", java.util.Arrays.toString(batchSizes));
      rows += batchSizes[t];
    }
    int b = batchSizes[0];
    int ld = spec.numLayers() * spec.directions();
    checkArgument(shapeOf(data).length == 2 && shapeOf(data)[0] == rows && shapeOf(data)[1] == spec.inputSize(),
        "Recurrent: expected data of shape [%s, %s], got %s", rows, spec.inputSize(), Shapes.str(shapeOf(data)));
    checkArgument(data.dtype() == DType.FLOAT32 || data.dtype() == DType.FLOAT64,
        "%s: expected a float32 or float64 input, got %s", spec.cell().label, data.dtype().torchName());
    checkDtype(spec, data, h0);
    checkDtype(spec, data, c0);
    checkShape("h0", h0, ld, b, spec.stateSize());
    checkArgument(c0 == null || spec.cell() == Cell.LSTM, "Recurrent: c0 is only for LSTM");
    checkShape("c0", c0, ld, b, spec.hiddenSize());
    checkArgument(weights.size() == ld * spec.weightsPerDirection(),
        "Recurrent: expected %s weight tensors, got %s", ld * spec.weightsPerDirection(), weights.size());
    for (int l = 0; l < spec.numLayers(); l++) {
      for (int d = 0; d < spec.directions(); d++) {
        int base = (l * spec.directions() + d) * spec.weightsPerDirection();
        int gh = spec.cell().gates * spec.hiddenSize();
        for (int k = 0; k < spec.weightsPerDirection(); k++) {
          checkDtype(spec, data, weights.get(base + k));
        }
        checkShape("weight_ih", weights.get(base), gh, spec.layerInputSize(l));
        checkShape("weight_hh", weights.get(base + 1), gh, spec.stateSize());
        if (spec.bias()) {
          checkShape("bias_ih", weights.get(base + 2), gh);
          checkShape("bias_hh", weights.get(base + 3), gh);
        }
        if (spec.projSize() > 0) {
          checkShape("weight_hr", weights.get(base + spec.weightsPerDirection() - 1), spec.projSize(),
              spec.hiddenSize());
        }
      }
    }
    return RecurrentKernel.run(spec, data, batchSizes.clone(), h0, c0, weights.toArray(new Tensor[0]));
  }

  private static void checkShape(String name, Tensor t, int... shape) {
    checkArgument(t == null || java.util.Arrays.equals(shapeOf(t), shape), "Recurrent: expected %s of shape %s, got %s",
        name, Shapes.str(shape), t == null ? "" : Shapes.str(shapeOf(t)));
  }

  /** Every tensor of a stack in the input's dtype, or PyTorch's "mat1 and mat2 must have the same dtype". */
  private static void checkDtype(Spec spec, Tensor data, Tensor t) {
    checkArgument(t == null || t.dtype() == data.dtype(),
        "%s: mat1 and mat2 must have the same dtype (input %s, weights and states %s)", spec.cell().label,
        data.dtype().scalarTypeName(), t == null ? "" : t.dtype().scalarTypeName());
  }
}
