package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A leaf tensor that a {@link Module} owns and an optimizer updates, PyTorch's {@code nn.Parameter}.
 *
 * <p>A parameter shares the storage of the tensor it wraps (no copy) and has no history: wrapping a computed
 * tensor gives a fresh leaf. It requires grad unless told otherwise, and prints like PyTorch:
 *
 * <pre>{@code
 * Parameter w = new Parameter(Tensor.zeros(2));
 * w.toString();   // "Parameter containing:\ntensor([0., 0.], requires_grad=True)"
 * }</pre>
 */
public class Parameter extends Tensor {
  private static final String PREFIX = "Parameter containing:\n";

  /**
   * A parameter that requires grad, sharing {@code data}'s storage.
   *
   * @throws IllegalStateException if {@code data} is not floating point (only float tensors can require grad)
   */
  public Parameter(Tensor data) {
    this(data, true);
  }

  /**
   * A parameter sharing {@code data}'s storage; {@code requiresGrad = false} makes a frozen parameter.
   *
   * @throws IllegalStateException if {@code requiresGrad} and {@code data} is not floating point
   */
  public Parameter(Tensor data, boolean requiresGrad) {
    super(checkNotNull(data), requiresGrad);
  }

  private static Tensor checkNotNull(Tensor data) {
    checkArgument(data != null, "Parameter: data must not be null");
    return data;
  }

  /**
   * Checks, before a layer allocates anything, that parameters of {@code shapes} can exist: each within a tensor's
   * element limit and all together within the Java heap limit ({@link SizeLimits}). {@code layer} names the layer
   * in the error, e.g. {@code Linear(in_features=65536, out_features=65536)}.
   */
  static void checkFits(String layer, int[]... shapes) {
    long bytes = 0;
    for (int[] shape : shapes) {
      bytes += (long) SizeLimits.numel(layer, shape) * Float.BYTES;
    }
    SizeLimits.checkHeap(layer + ": parameters "
        + Arrays.stream(shapes).filter(s -> Arrays.stream(s).allMatch(d -> d > 0)).map(Arrays::toString)
            .collect(Collectors.joining(" and ")), bytes);
  }

  /** PyTorch's repr: {@code Parameter containing:} and the tensor on the next line. */
  @Override
  public String toString() {
    return PREFIX + super.toString();
  }
}
