package dev.jgrad.autograd;

import dev.jgrad.autograd.engine.Anomaly;
import dev.jgrad.autograd.engine.Engine;
import dev.jgrad.autograd.engine.GraphDot;
import dev.jgrad.autograd.storage.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Grad mode and the functional autograd API.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {      // like `with torch.no_grad():`
 *   w.sub_(w.grad().mul(0.1));
 * }
 * Tensor y = Autograd.noGrad(() -> x.add(2));   // lambda form
 * List<Tensor> g = Autograd.grad(List.of(loss), List.of(w));
 * }</pre>
 *
 * <p>Grad mode is thread-local: a new thread starts with grad enabled.
 */
public final class Autograd {
  private Autograd() {}

  /** A scope that restores the previous mode when closed; close it with try-with-resources. */
  public static final class Scope implements AutoCloseable {
    private final Runnable restore;
    private boolean closed;

    private Scope(Runnable restore) {
      this.restore = restore;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        restore.run();
      }
    }
  }

  /** Disables graph recording on this thread until the scope is closed (PyTorch's {@code torch.no_grad()}). */
  public static Scope noGrad() {
    return setGradEnabled(false);
  }

  /** Enables graph recording on this thread until the scope is closed (PyTorch's {@code torch.enable_grad()}). */
  public static Scope enableGrad() {
    return setGradEnabled(true);
  }

  /**
   * Sets grad mode on this thread. Usable as a plain call or as a scope that restores the previous mode, like
   * {@code torch.set_grad_enabled}.
   */
  public static Scope setGradEnabled(boolean enabled) {
    boolean previous = GradMode.set(enabled);
    return new Scope(() -> GradMode.set(previous));
  }

  /** Whether ops on this thread record a graph now. */
  public static boolean isGradEnabled() {
    return GradMode.isEnabled();
  }

  /** Evaluates {@code body} with grad disabled. */
  public static <T> T noGrad(Supplier<T> body) {
    return withGradMode(false, body);
  }

  /** Runs {@code body} with grad disabled. */
  public static void noGrad(Runnable body) {
    boolean previous = GradMode.set(false);
    try {
      body.run();
    } finally {
      GradMode.set(previous);
    }
  }

  /** Evaluates {@code body} with grad enabled. */
  public static <T> T enableGrad(Supplier<T> body) {
    return withGradMode(true, body);
  }

  /** Runs {@code body} with grad enabled (PyTorch's {@code torch.enable_grad()} as a decorator). */
  public static void enableGrad(Runnable body) {
    boolean previous = GradMode.set(true);
    try {
      body.run();
    } finally {
      GradMode.set(previous);
    }
  }

  static <T> T withGradMode(boolean enabled, Supplier<T> body) {
    boolean previous = GradMode.set(enabled);
    try {
      return body.get();
    } finally {
      GradMode.set(previous);
    }
  }

  /**
   * Anomaly detection until the scope is closed (PyTorch's {@code torch.autograd.detect_anomaly()}): nodes record
   * where they were created, and a backward rule that returns NaN throws an {@link IllegalStateException}
   * naming the node (e.g. {@code Function 'SqrtBackward0' returned nan values in its 0th output.}) and the forward
   * call site. Slows every op; use it for debugging.
   */
  public static Scope detectAnomaly() {
    System.getLogger("dev.jgrad.autograd").log(System.Logger.Level.WARNING,
        "Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for "
            + "debugging.");
    Anomaly.enter();
    return new Scope(Anomaly::exit);
  }

  /** Whether anomaly detection is on for this thread. */
  public static boolean isAnomalyEnabled() {
    return Anomaly.isEnabled();
  }

  /**
   * Computes and returns the gradients of {@code outputs} with respect to {@code inputs} without touching any
   * {@code .grad} (PyTorch's {@code torch.autograd.grad}).
   *
   * @param gradOutputs dL/d(output) per output, or null (or null entries) for scalar outputs
   * @param retainGraph keep the saved tensors so the graph can be differentiated again
   * @param createGraph record the backward computation, so the returned gradients can be differentiated
   * @param allowUnused return null for inputs the outputs do not depend on, instead of failing
   * @return one gradient per input, same shapes as the inputs
   * @throws IllegalArgumentException when an input does not require grad, or is unused and allowUnused is false
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
      boolean retainGraph, boolean createGraph, boolean allowUnused) {
    return grad(outputs, inputs, new GradOptions(gradOutputs, retainGraph, createGraph, allowUnused));
  }

  /**
   * Computes and returns the gradients of {@code outputs} with respect to {@code inputs} without touching any
   * {@code .grad} (PyTorch's {@code torch.autograd.grad}), as {@code options} say.
   *
   * @return one gradient per input, same shapes as the inputs (null for an unused one if allowed)
   * @throws IllegalArgumentException when an input does not require grad, or is unused and allowUnused is false
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, GradOptions options) {
    List<Tensor> gradOutputs = options.gradOutputs();
    if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
      throw new IllegalArgumentException(
          "grad: got " + gradOutputs.size() + " gradOutputs for " + outputs.size() + " outputs");
    }
    Tensor[] ins = inputs.toArray(new Tensor[0]);
    Tensor[] result = Engine.grad(outputs.toArray(new Tensor[0]), ins, options);
    for (int i = 0; i < result.length; i++) {
      if (result[i] == null && !options.allowUnused()) {
        throw new IllegalArgumentException(
            "grad: One of the differentiated Tensors appears to not have been used in the graph (input " + i
                + ", shape " + Shapes.str(ins[i].shape) + "). Set allowUnused=true if this is the desired behavior.");
      }
      if (result[i] != null && !options.createGraph()) {
        result[i] = result[i].detach();
      }
    }
    return Arrays.asList(result);
  }

  /** {@code grad(outputs, inputs, null, createGraph, createGraph, false)}. */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, boolean createGraph) {
    return grad(outputs, inputs, null, createGraph, createGraph, false);
  }

  /** Gradients of a scalar {@code output} with respect to {@code inputs}; the graph is freed afterwards. */
  public static List<Tensor> grad(Tensor output, Tensor... inputs) {
    return grad(List.of(output), Arrays.asList(inputs), null, false, false, false);
  }

  /**
   * Runs backward from several outputs at once (PyTorch's {@code torch.autograd.backward}): the gradients of all
   * of them are summed into each leaf's {@code .grad}.
   *
   * @param gradTensors dL/d(tensor) per tensor (same shapes), or null (or null entries) for scalar tensors
   * @throws IllegalStateException when a tensor does not require grad, or is not a scalar and has no gradient
   * @throws IllegalArgumentException when a gradient's shape differs from its tensor's
   */
  public static void backward(List<Tensor> tensors, List<Tensor> gradTensors, boolean retainGraph,
      boolean createGraph) {
    backward(tensors, gradTensors, retainGraph, createGraph, null);
  }

  /**
   * Like {@link #backward(List, List, boolean, boolean)}, but accumulates only into {@code inputs} (leaves, or
   * non-leaves whose {@code .grad} then gets filled); null means every leaf.
   */
  public static void backward(List<Tensor> tensors, List<Tensor> gradTensors, boolean retainGraph,
      boolean createGraph, List<Tensor> inputs) {
    backward(tensors, gradTensors, new BackwardOptions(retainGraph, createGraph, inputs));
  }

  /**
   * Runs backward from several outputs at once, as {@code options} say (PyTorch's
   * {@code torch.autograd.backward}).
   *
   * @param gradTensors dL/d(tensor) per tensor (same shapes), or null (or null entries) for scalar tensors
   * @throws IllegalStateException when a tensor does not require grad, or is not a scalar and has no gradient
   * @throws IllegalArgumentException when a gradient's shape differs from its tensor's
   */
  public static void backward(List<Tensor> tensors, List<Tensor> gradTensors, BackwardOptions options) {
    Engine.backward(tensors.toArray(new Tensor[0]),
        gradTensors == null ? null : gradTensors.toArray(new Tensor[0]), options);
  }

  /** Graphviz DOT text of the graph that produced {@code root}; see {@link GraphDot}. */
  public static String toDot(Tensor root) {
    return GraphDot.render(root);
  }
}
