package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All parameters as one flat vector and back, PyTorch's {@code nn.utils.parameters_to_vector} and
 * {@code vector_to_parameters} (for optimisers and analyses that want a single vector).
 *
 * <pre>{@code
 * Tensor flat = ParameterVectors.parametersToVector(model.parameters());   // [numel of all parameters]
 * ParameterVectors.vectorToParameters(flat.mul(0.5), model.parameters());
 * }</pre>
 */
public final class ParameterVectors {
  private ParameterVectors() {}

  /**
   * The parameters flattened and concatenated in order; differentiable (the gradient flows back to each
   * parameter, as PyTorch's {@code cat} of views).
   *
   * @throws IllegalArgumentException for an empty list ({@code expected a non-empty list of Tensors})
   */
  public static Tensor parametersToVector(List<? extends Tensor> parameters) {
    checkArgument(!parameters.isEmpty(), "parametersToVector: torch.cat(): expected a non-empty list of Tensors");
    List<Tensor> flat = new ArrayList<>(parameters.size());
    for (Tensor p : parameters) {
      flat.add(p.reshape(-1));
    }
    return Tensor.cat(flat, 0);
  }

  /**
   * Copies consecutive slices of {@code vec} into the parameters, in place and without recording gradients. PyTorch
   * makes each parameter a view of {@code vec} instead; here the parameters keep their own storage, so a later change
   * to {@code vec} does not reach them. Everything is checked before anything is copied.
   *
   * @throws IllegalArgumentException when {@code vec} is not 1-dim, or is shorter than the parameters together
   *     ({@code shape '[2, 3]' is invalid for input of size 4}, naming the parameter that does not fit)
   */
  public static void vectorToParameters(Tensor vec, List<? extends Tensor> parameters) {
    checkArgument(vec.dim() == 1, "vectorToParameters: expected a 1-dim vector, got shape %s",
        Arrays.toString(vec.shape()));
    int pointer = 0;
    for (int i = 0; i < parameters.size(); i++) {
      Tensor p = parameters.get(i);
      int available = Math.max(0, Math.min(p.numel(), vec.numel() - pointer));
      checkArgument(available == p.numel(), "vectorToParameters: shape '%s' is invalid for input of size %s "
          + "(parameter %s of %s; the vector has %s elements)", Arrays.toString(p.shape()), available, i,
          parameters.size(), vec.numel());
      pointer += p.numel();
    }
    try (Autograd.Scope s = Autograd.noGrad()) {
      pointer = 0;
      for (Tensor p : parameters) {
        int n = p.numel();
        p.copy_(vec.narrow(0, pointer, n).reshape(p.shape()));
        pointer += n;
      }
    }
  }
}
