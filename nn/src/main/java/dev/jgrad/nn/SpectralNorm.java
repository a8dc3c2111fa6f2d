package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.List;

/**
 * w / σ(w) with σ estimated by power iteration, PyTorch's {@code _SpectralNorm} parametrisation (registered by
 * {@link Parametrizations#spectralNorm}). The singular-vector estimates are the buffers {@code _u} [h] and
 * {@code _v} [w] of the weight viewed as an h×w matrix; training-mode reads refine them in place, evaluation-mode
 * reads do not.
 */
public final class SpectralNorm extends Parametrization {
  private final int dim;
  private final double eps;
  private final int nPowerIterations;
  private final Tensor u;
  private final Tensor v;

  SpectralNorm(Tensor weight, int nPowerIterations, int dim, double eps) {
    int nd = weight.dim();
    if (dim >= nd || dim < -nd) {
      throw new IndexOutOfBoundsException("spectralNorm: Dimension out of range (expected to be in range of [-" + nd
          + ", " + (nd - 1) + "] but got " + dim + ")");
    }
    checkArgument(nPowerIterations > 0, "spectralNorm: Expected n_power_iterations to be positive, but got "
        + "n_power_iterations=%s", nPowerIterations);
    this.dim = dim >= 0 ? dim : dim + nd;
    this.eps = eps;
    this.nPowerIterations = nPowerIterations;
    if (nd > 1) {
      Tensor mat = matrix(weight.detach());
      // weight.new_empty(h).normal_(0, 1): the weight's dtype, so a float64 weight draws PyTorch's float64 stream
      Tensor u0 = Init.normal_(Tensor.zeros(weight.dtype(), mat.size(0)), 0, 1);
      Tensor v0 = Init.normal_(Tensor.zeros(weight.dtype(), mat.size(1)), 0, 1);
      this.u = registerBuffer("_u", normalize(u0));
      this.v = registerBuffer("_v", normalize(v0));
      powerMethod(mat, 15);
    } else {
      this.u = null;
      this.v = null;
    }
  }

  public int dim() {
    return dim;
  }

  public double eps() {
    return eps;
  }

  public int nPowerIterations() {
    return nPowerIterations;
  }

  /** The weight as a matrix: {@code dim} first, the other dims flattened. */
  private Tensor matrix(Tensor weight) {
    Tensor w = weight;
    if (dim != 0) {
      int[] perm = new int[weight.dim()];
      perm[0] = dim;
      for (int i = 0, k = 1; i < perm.length; i++) {
        if (i != dim) {
          perm[k++] = i;
        }
      }
      w = weight.permute(perm);
    }
    return w.flatten(1, -1);
  }

  /** PyTorch's {@code F.normalize(x, dim=0, eps)}: x / max(‖x‖, eps). */
  private Tensor normalize(Tensor x) {
    return x.div(x.norm(2, 0, true).clampMin(eps));
  }

  /** {@code n} power iterations, written into the buffers in place (without gradient). */
  private void powerMethod(Tensor mat, int n) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (int i = 0; i < n; i++) {
        u.copy_(normalize(mat.mv(v)));
        v.copy_(normalize(mat.t().mv(u)));
      }
    }
  }

  @Override
  public Tensor apply(List<Tensor> originals) {
    Tensor weight = originals.get(0);
    if (weight.dim() == 1) {
      return normalize(weight);
    }
    Tensor mat = matrix(weight);
    if (isTraining()) {
      powerMethod(mat.detach(), nPowerIterations);
    }
    // Clones: a later in-place refinement must not invalidate the graph of this value.
    Tensor sigma = u.clone().dot(mat.mv(v.clone()));
    return weight.div(sigma);
  }

  @Override
  protected String typeName() {
    return "_SpectralNorm";
  }
}
