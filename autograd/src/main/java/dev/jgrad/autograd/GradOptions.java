package dev.jgrad.autograd;

import java.util.List;

/**
 * How {@link Autograd#grad(List, List, GradOptions)} computes gradients: PyTorch's keyword arguments of
 * {@code torch.autograd.grad}.
 *
 * <pre>{@code
 * List<Tensor> dx = Autograd.grad(List.of(y), List.of(x), GradOptions.defaults().withCreateGraph(true));
 * }</pre>
 *
 * @param gradOutputs dL/d(output) per output, or null (or null entries) for scalar outputs
 * @param retainGraph keep the saved tensors so the graph can be differentiated again
 * @param createGraph record the backward computation, so the returned gradients can be differentiated
 * @param allowUnused return null for inputs the outputs do not depend on, instead of failing
 */
public record GradOptions(List<Tensor> gradOutputs, boolean retainGraph, boolean createGraph, boolean allowUnused) {
  private static final GradOptions DEFAULTS = new GradOptions(null, false, false, false);

  /** Implicit output gradients (scalar outputs), free the graph, record nothing, fail on unused inputs. */
  public static GradOptions defaults() {
    return DEFAULTS;
  }

  public GradOptions withGradOutputs(List<Tensor> grads) {
    return new GradOptions(grads, retainGraph, createGraph, allowUnused);
  }

  public GradOptions withRetainGraph(boolean retain) {
    return new GradOptions(gradOutputs, retain, createGraph, allowUnused);
  }

  /** Sets createGraph, and retainGraph with it when true (PyTorch's default {@code retain_graph=create_graph}). */
  public GradOptions withCreateGraph(boolean create) {
    return new GradOptions(gradOutputs, retainGraph || create, create, allowUnused);
  }

  public GradOptions withAllowUnused(boolean allow) {
    return new GradOptions(gradOutputs, retainGraph, createGraph, allow);
  }
}
