package dev.jgrad.autograd;

import java.util.List;

/**
 * How a backward pass runs ({@link Tensor#backward(Tensor, BackwardOptions)},
 * {@link Autograd#backward(List, List, BackwardOptions)}), PyTorch's keyword arguments of {@code backward}.
 *
 * <pre>{@code
 * loss.backward(null, BackwardOptions.defaults().withCreateGraph(true));   // keeps the graph, records the backward
 * }</pre>
 *
 * @param retainGraph keep the saved tensors, so the graph can be run backward again
 * @param createGraph record the backward computation, so the gradients can be differentiated again (PyTorch then
 *     retains the graph too: {@link #withCreateGraph} sets both)
 * @param inputs accumulate only into these tensors (leaves, or non-leaves whose {@code .grad} then gets filled);
 *     null for every leaf
 */
public record BackwardOptions(boolean retainGraph, boolean createGraph, List<Tensor> inputs) {
  private static final BackwardOptions DEFAULTS = new BackwardOptions(false, false, null);

  /** Free the graph afterwards, record nothing, accumulate into every leaf. */
  public static BackwardOptions defaults() {
    return DEFAULTS;
  }

  public BackwardOptions withRetainGraph(boolean retain) {
    return new BackwardOptions(retain, createGraph, inputs);
  }

  /** Sets createGraph, and retainGraph with it when true (PyTorch's default {@code retain_graph=create_graph}). */
  public BackwardOptions withCreateGraph(boolean create) {
    return new BackwardOptions(retainGraph || create, create, inputs);
  }

  public BackwardOptions withInputs(List<Tensor> only) {
    return new BackwardOptions(retainGraph, createGraph, only);
  }
}
