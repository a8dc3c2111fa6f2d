package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
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
   * The coefficient is computed like PyTorch's ({@code reciprocal(total + 1e-6) · maxNorm}) in float32, or in
   * float64 when a gradient is float64, so the clipped values match PyTorch's bit for bit.
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
    double total = totalNorm(params, normType);
    if (errorIfNonfinite && !Double.isFinite(total)) {
      throw new IllegalStateException(
          "clipGradNorm_: The total norm of order " + pythonFloat(normType) + " for gradients from `parameters` is non-finite, "
              + "so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
              + "anyway, set `errorIfNonfinite=false` (total norm " + (float) total + ")");
    }
    List<Tensor> grads = grads(params);
    if (grads.isEmpty()) {
      return 0.0;
    }
    // PyTorch: clip_coef = max_norm / (total_norm + 1e-6), i.e. reciprocal(total + 1e-6) * max_norm, in the total's
    // dtype (float32 unless a gradient is float64); a float32 gradient is scaled by it cast to float.
    double clamped;
    if (anyDouble(grads)) {
      double coef = (1 / (total + 1e-6)) * maxNorm;
      clamped = Double.isNaN(coef) ? coef : Math.min(coef, 1);
    } else {
      float coef = (1f / ((float) total + 1e-6f)) * (float) maxNorm;
      clamped = Float.isNaN(coef) ? coef : Math.min(coef, 1f);
    }
    try (var g = Autograd.noGrad()) {
      for (Tensor grad : grads) {
        grad.mul_(clamped);
      }
    }
    return total;
  }

  /**
   * The joint {@code normType}-norm of all gradients, without clipping (PyTorch 2's {@code get_total_norm}): the
   * norm of the per-gradient norms, each in its gradient's dtype; rounded to float32 unless a gradient is float64
   * (as {@code torch.stack} promotes the norms).
   *
   * @throws IllegalArgumentException when {@code normType} is not positive
   */
  public static double totalNorm(List<? extends Tensor> params, double normType) {
    checkArgument(normType > 0, "clipGradNorm_: normType must be > 0 or Double.POSITIVE_INFINITY, got %s", normType);
    List<Tensor> grads = grads(params);
    if (grads.isEmpty()) {
      return 0;
    }
    boolean doubles = anyDouble(grads);
    double[] norms = new double[grads.size()];
    for (int i = 0; i < norms.length; i++) {
      Tensor grad = grads.get(i);
      boolean exact = grad.dtype() == DType.FLOAT64;
      norms[i] = norm(grad.toDoubleArray(), normType, exact);
    }
    return norms.length == 1 ? norms[0] : norm(norms, normType, doubles);
  }

  private static boolean anyDouble(List<Tensor> grads) {
    for (Tensor g : grads) {
      if (g.dtype() == DType.FLOAT64) {
        return true;
      }
    }
    return false;
  }

  /** A norm order as PyTorch's message prints it ({@code 2.0}, {@code inf}). */
  private static String pythonFloat(double p) {
    return p == Double.POSITIVE_INFINITY ? "inf" : String.valueOf(p);
  }

  /**
   * One p-norm, accumulated in double; rounded once to float32 unless {@code exact} (a float64 norm).
   */
  private static double norm(double[] values, double p, boolean exact) {
    if (p == Double.POSITIVE_INFINITY) {
      double max = 0;
      for (double v : values) {
        double a = Math.abs(v);
        if (Double.isNaN(a)) {
          return Double.NaN;                // max propagates NaN, like torch.max
        }
        max = Math.max(max, a);
      }
      return max;
    }
    double sum = 0;
    for (double v : values) {
      double a = Math.abs(v);
      sum += p == 2 ? a * a : p == 1 ? a : Math.pow(a, p);
    }
    double norm = p == 2 ? Math.sqrt(sum) : p == 1 ? sum : Math.pow(sum, 1 / p);
    return exact ? norm : (float) norm;
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
