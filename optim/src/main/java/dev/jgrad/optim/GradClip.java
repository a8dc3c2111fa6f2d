package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Both change
 * the gradients in place, run under no-grad, and ignore parameters whose grad is null.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.clipGradNorm_(model.parameters(), 1.0);   // the norm before clipping
 * opt.step();
 * }</pre>
 */
public final class GradClip {
  private GradClip() {}

  /** {@code clipGradNorm_(params, maxNorm, 2.0, false)}. */
  public static double clipGradNorm_(List<? extends Tensor> params, double maxNorm) {
    return clipGradNorm_(params, maxNorm, 2.0, false);
  }

  /**
   * Scales all gradients together so that their joint {@code normType}-norm (the norm of every gradient
   * concatenated) is at most {@code maxNorm}: each is multiplied by {@code min(1, maxNorm / (total + 1e-6))}.
   * The coefficient is computed in float32 like PyTorch's ({@code reciprocal(total + 1e-6) · maxNorm}), so the
   * clipped values match PyTorch's bit for bit.
   *
   * <p>A non-finite total (an inf or NaN gradient) scales the gradients by it anyway (giving NaN and zeros), as
   * PyTorch does, unless {@code errorIfNonfinite}.
   *
   * @param normType p of the p-norm, &gt; 0, or {@link Double#POSITIVE_INFINITY} for the largest absolute value
   * @return the total norm before clipping (0 when no parameter has a gradient)
   * @throws IllegalArgumentException when {@code normType} is not positive, or {@code maxNorm} is negative or NaN
   * @throws IllegalStateException when {@code errorIfNonfinite} and the total norm is inf or NaN
   */
  public static double clipGradNorm_(List<? extends Tensor> params, double maxNorm, double normType,
      boolean errorIfNonfinite) {
    checkArgument(maxNorm >= 0, "clipGradNorm_: maxNorm must be >= 0, got %s", maxNorm);
    float total = totalNorm(params, normType);
    if (errorIfNonfinite && !Float.isFinite(total)) {
      throw new IllegalStateException(
          "clipGradNorm_: The total norm of order " + pythonFloat(normType) + " for gradients from `parameters` is non-finite, "
              + "so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
              + "anyway, set `errorIfNonfinite=false` (total norm " + total + ")");
    }
    List<Tensor> grads = grads(params);
    if (grads.isEmpty()) {
      return 0.0;
    }
    // PyTorch: clip_coef = max_norm / (total_norm + 1e-6), i.e. reciprocal(total + 1e-6) * max_norm, in float32.
    float coef = (1f / (total + 1e-6f)) * (float) maxNorm;
    float clamped = Float.isNaN(coef) ? coef : Math.min(coef, 1f);
    try (var g = Autograd.noGrad()) {
      for (Tensor grad : grads) {
        grad.mul_(clamped);
      }
    }
    return total;
  }

  /**
   * The joint {@code normType}-norm of all gradients, without clipping (PyTorch 2's {@code get_total_norm}),
   * rounded to float32: the norm of the per-gradient norms.
   *
   * @throws IllegalArgumentException when {@code normType} is not positive
   */
  public static float totalNorm(List<? extends Tensor> params, double normType) {
    checkArgument(normType > 0, "clipGradNorm_: normType must be > 0 or Double.POSITIVE_INFINITY, got %s", normType);
    List<Tensor> grads = grads(params);
    if (grads.isEmpty()) {
      return 0f;
    }
    float[] norms = new float[grads.size()];
    for (int i = 0; i < norms.length; i++) {
      norms[i] = norm(grads.get(i).toArray(), normType);
    }
    return norms.length == 1 ? norms[0] : norm(norms, normType);
  }

  /** A norm order as PyTorch's message prints it ({@code 2.0}, {@code inf}). */
  private static String pythonFloat(double p) {
    return p == Double.POSITIVE_INFINITY ? "inf" : String.valueOf(p);
  }

  /** One p-norm, accumulated in double and rounded once to float32. */
  private static float norm(float[] values, double p) {
    if (p == Double.POSITIVE_INFINITY) {
      float max = 0f;
      for (float v : values) {
        float a = Math.abs(v);
        if (Float.isNaN(a)) {
          return Float.NaN;                 // max propagates NaN, like torch.max
        }
        max = Math.max(max, a);
      }
      return max;
    }
    double sum = 0;
    for (float v : values) {
      double a = Math.abs((double) v);
      sum += p == 2 ? a * a : p == 1 ? a : Math.pow(a, p);
    }
    return (float) (p == 2 ? Math.sqrt(sum) : p == 1 ? sum : Math.pow(sum, 1 / p));
  }

  /**
   * Clamps every gradient element into {@code [-clipValue, clipValue]} in place (NaN stays NaN).
   *
   * @throws IllegalArgumentException when {@code clipValue} is negative or NaN
   */
  public static void clipGradValue_(List<? extends Tensor> params, double clipValue) {
    checkArgument(clipValue >= 0, "clipGradValue_: clipValue must be >= 0, got %s", clipValue);
    try (var g = Autograd.noGrad()) {
      for (Tensor grad : grads(params)) {
        grad.clamp_(-clipValue, clipValue);
      }
    }
  }

  private static List<Tensor> grads(List<? extends Tensor> params) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor p : params) {
      if (p.grad() != null) {
        out.add(p.grad());
      }
    }
    return out;
  }
}
