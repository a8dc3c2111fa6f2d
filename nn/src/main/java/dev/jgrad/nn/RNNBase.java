package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.ops.Recurrent;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share, PyTorch's {@code nn.RNNBase}: the options, the parameters
 * (names, shapes, registration order and initialisation exactly PyTorch's), input and hidden-state validation with
 * PyTorch's messages, and the dense, unbatched and packed paths onto the one {@link Recurrent} kernel.
 *
 * <p>Parameters per layer {@code k} and direction (suffix {@code _reverse} for the backward direction):
 * {@code weight_ih_lk} [gates·hidden, input], {@code weight_hh_lk} [gates·hidden, state], {@code bias_ih_lk} and
 * {@code bias_hh_lk} [gates·hidden] (without {@code bias = false}), {@code weight_hr_lk} [proj, hidden] (LSTM with a
 * projection), where state is {@code projSize} when it is set and {@code hiddenSize} otherwise, and the input of
 * layer k &gt; 0 is {@code state · directions}. All are drawn from U(−1/√hidden, 1/√hidden) in that order.
 */
public abstract class RNNBase extends Module {
  private static final Logger LOG = Logger.getLogger(RNNBase.class.getName());

  private final Recurrent.Cell cell;
  private final int inputSize;
  private final int hiddenSize;
  private final int numLayers;
  private final boolean bias;
  private final boolean batchFirst;
  private final double dropout;
  private final boolean bidirectional;
  private final int projSize;
  private final List<Parameter> flatWeights = new ArrayList<>();

  RNNBase(Recurrent.Cell cell, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
          double dropout, boolean bidirectional, int projSize) {
    String name = label(cell);
    checkArgument(dropout >= 0 && dropout <= 1,
        "%s: dropout should be a number in range [0, 1] representing the probability of an element being zeroed, "
            + "got %s", name, dropout);
    checkArgument(inputSize >= 0, "%s: input_size must be non-negative, got %s", name, inputSize);
    checkArgument(hiddenSize > 0, "%s: hidden_size must be greater than zero, got %s", name, hiddenSize);
    checkArgument(numLayers > 0, "%s: num_layers must be greater than zero, got %s", name, numLayers);
    checkArgument(projSize >= 0, "%s: proj_size should be a positive integer or zero to disable projections, got %s",
        name, projSize);
    checkArgument(projSize < hiddenSize, "%s: proj_size has to be smaller than hidden_size, got proj_size=%s and "
        + "hidden_size=%s", name, projSize, hiddenSize);
    if (dropout > 0 && numLayers == 1) {
      LOG.warning(name + ": dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
          + "expects num_layers greater than 1, but got dropout=" + PyRepr.of(dropout) + " and num_layers=1");
    }
    this.cell = cell;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    this.projSize = projSize;
    Recurrent.Spec spec = spec();
    int gates = cell.gates() * hiddenSize;
    for (int l = 0; l < numLayers; l++) {
      for (int d = 0; d < spec.directions(); d++) {
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        add("weight_ih" + suffix, gates, spec.layerInputSize(l));
        add("weight_hh" + suffix, gates, spec.stateSize());
        if (bias) {
          add("bias_ih" + suffix, gates);
          add("bias_hh" + suffix, gates);
        }
        if (projSize > 0) {
          add("weight_hr" + suffix, projSize, hiddenSize);
        }
      }
    }
    resetParameters();
  }

  private void add(String name, int... shape) {
    flatWeights.add(registerParameter(name, new Parameter(Tensor.zeros(shape))));
  }

  static String label(Recurrent.Cell cell) {
    return switch (cell) {
      case LSTM -> "LSTM";
      case GRU -> "GRU";
      case RNN_TANH, RNN_RELU -> "RNN";
    };
  }

  /** Re-draws every parameter from U(−1/√hidden, 1/√hidden), in registration order, as the constructor does. */
  public void resetParameters() {
    double stdv = 1.0 / Math.sqrt(hiddenSize);
    for (Parameter p : parameters()) {
      Init.uniform_(p, -stdv, stdv);
    }
  }

  /** The kernel's configuration for the current training mode. */
  final Recurrent.Spec spec() {
    return new Recurrent.Spec(cell, inputSize, hiddenSize, numLayers, bias, bidirectional, projSize, dropout,
        isTraining());
  }

  /** The output sequence only (zero initial state), so the layer works inside {@link Sequential}. */
  @Override
  public Tensor forward(Tensor input) {
    return runDense(input, null, null).output();
  }

  /**
   * A dense batched {@code [T, B, input]} ({@code [B, T, input]} with batchFirst) or unbatched {@code [T, input]}
   * input; output {@code [T, B, D·state]} (or batch first, or {@code [T, D·state]}), hN {@code [L·D, B, state]}
   * (or {@code [L·D, state]} unbatched).
   */
  final Recurrent.Result runDense(Tensor input, Tensor h0, Tensor c0) {
    String name = label(cell);
    int dim = input.dim();
    checkArgument(dim == 2 || dim == 3, "%s: Expected input to be 2-D or 3-D but received %s-D tensor", name, dim);
    boolean batched = dim == 3;
    boolean lstm = cell == Recurrent.Cell.LSTM;
    if (lstm && (h0 != null || c0 != null)) {
      checkArgument(h0 != null && c0 != null, "%s: give both h0 and c0, or neither", name);
    }
    int hidDim = batched ? 3 : 2;
    if (h0 != null && (h0.dim() != hidDim || lstm && c0.dim() != hidDim)) {
      String kind = batched ? "batched 3-D" : "unbatched 2-D";
      throw new IllegalArgumentException(lstm
          ? name + ": For " + kind + " input, hx and cx should also be " + hidDim + "-D but got (" + h0.dim()
              + "-D, " + c0.dim() + "-D) tensors"
          : name + ": For " + kind + " input, hx should also be " + hidDim + "-D but got " + h0.dim() + "-D tensor");
    }
    Tensor x = batched ? (batchFirst ? input.transpose(0, 1) : input) : input.unsqueeze(1);
    Tensor h = h0 == null || batched ? h0 : h0.unsqueeze(1);
    Tensor c = c0 == null || batched ? c0 : c0.unsqueeze(1);
    checkInputSize(x);
    int steps = x.size(0);
    int b = x.size(1);
    checkArgument(steps > 0 && b > 0, "%s: Expected sequence length and batch size to be larger than 0, got input of "
        + "size %s", name, Arrays.toString(input.shape()));
    checkHidden(h, c, b);
    int[] batchSizes = new int[steps];
    Arrays.fill(batchSizes, b);
    Recurrent.Result r = Recurrent.run(spec(), x.reshape(steps * b, inputSize), batchSizes, h, c, flatWeights());
    Tensor out = r.output().view(steps, b, r.output().size(1));
    out = batched ? (batchFirst ? out.transpose(0, 1) : out) : out.squeeze(1);
    Tensor hn = batched ? r.hN() : r.hN().squeeze(1);
    Tensor cn = r.cN() == null || batched ? r.cN() : r.cN().squeeze(1);
    return new Recurrent.Result(out, hn, cn);
  }

  /** A packed input; the states given and returned are in the batch's original order. */
  final Recurrent.Result runPacked(PackedSequence input, Tensor h0, Tensor c0) {
    String name = label(cell);
    Tensor data = input.data();
    checkArgument(data.dim() == 2, "%s: input must have 2 dimensions, got %s", name, data.dim());
    if (cell == Recurrent.Cell.LSTM && (h0 != null || c0 != null)) {
      checkArgument(h0 != null && c0 != null, "%s: give both h0 and c0, or neither", name);
    }
    checkInputSize(data);
    int[] batchSizes = input.batchSizesArray();
    Tensor sorted = input.sortedIndices();
    Tensor h = h0 == null || sorted == null ? h0 : h0.indexSelect(1, sorted);
    Tensor c = c0 == null || sorted == null ? c0 : c0.indexSelect(1, sorted);
    checkHidden(h, c, batchSizes[0]);
    Recurrent.Result r = Recurrent.run(spec(), data, batchSizes, h, c, flatWeights());
    Tensor unsorted = input.unsortedIndices();
    Tensor hn = unsorted == null ? r.hN() : r.hN().indexSelect(1, unsorted);
    Tensor cn = unsorted == null || r.cN() == null ? r.cN() : r.cN().indexSelect(1, unsorted);
    return new Recurrent.Result(r.output(), hn, cn);
  }

  private void checkInputSize(Tensor x) {
    checkArgument(x.size(-1) == inputSize, "%s: input.size(-1) must be equal to input_size. Expected %s, got %s",
        label(cell), inputSize, x.size(-1));
  }

  private void checkHidden(Tensor h, Tensor c, int batch) {
    Recurrent.Spec spec = spec();
    int ld = numLayers * spec.directions();
    boolean lstm = cell == Recurrent.Cell.LSTM;
    if (h != null) {
      int[] expected = {ld, batch, spec.stateSize()};
      checkArgument(Arrays.equals(h.shape(), expected), "%s: Expected hidden%s size %s, got %s", label(cell),
          lstm ? "[0]" : "", PyRepr.tuple(expected), Arrays.toString(h.shape()));
    }
    if (c != null) {
      int[] expected = {ld, batch, hiddenSize};
      checkArgument(Arrays.equals(c.shape(), expected), "%s: Expected hidden[1] size %s, got %s", label(cell),
          PyRepr.tuple(expected), Arrays.toString(c.shape()));
    }
  }

  /** The parameters in PyTorch's {@code _flat_weights} order (which is also their registration order). */
  public List<Tensor> flatWeights() {
    return new ArrayList<>(flatWeights);
  }

  public int inputSize() {
    return inputSize;
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  public int numLayers() {
    return numLayers;
  }

  public boolean bias() {
    return bias;
  }

  public boolean batchFirst() {
    return batchFirst;
  }

  public double dropout() {
    return dropout;
  }

  public boolean bidirectional() {
    return bidirectional;
  }

  public int projSize() {
    return projSize;
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
    if (projSize != 0) {
      s.append(", proj_size=").append(projSize);
    }
    if (numLayers != 1) {
      s.append(", num_layers=").append(numLayers);
    }
    if (!bias) {
      s.append(", bias=False");
    }
    if (batchFirst) {
      s.append(", batch_first=True");
    }
    if (dropout != 0) {
      s.append(", dropout=").append(PyRepr.of(dropout));
    }
    if (bidirectional) {
      s.append(", bidirectional=True");
    }
    return s.toString();
  }
}
