package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;

/**
 * The margin losses PyTorch computes with kernels of their own, each as one forward loop and one node with PyTorch's
 * grad_fn name, behind {@link Fused#softMarginLoss}, {@link Fused#multiMarginLoss} and
 * {@link Fused#multilabelMarginLoss}. Inputs are validated by the caller. Reductions are coded {@code NONE},
 * {@code MEAN}, {@code SUM} as in {@link NllLoss}.
 */
public final class MarginLoss {
  private MarginLoss() {}

  // ---------------------------------------------------------------- soft margin

  /**
   * log(1 + e^{−x·y}) per element, computed as softplus (z + log1p(e^{−z}) for z = −x·y > 0) so that it stays finite
   * where PyTorch's log1p(exp(z)) overflows (z > 88: PyTorch gives inf and a NaN gradient there).
   *
   * @param target already of the input's shape
   */
  public static Tensor softMargin(Tensor input, Tensor target, int reduction) {
    float[] x = input.toArray();
    float[] y = target.toArray();
    float[] loss = new float[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      float z = -x[i] * y[i];
      loss[i] = z > 0 ? z + (float) Math.log1p(Math.exp(-z)) : (float) Math.log1p((float) Math.exp(z));
      sum += loss[i];
    }
    Tensor r = reduce(loss, shapeOf(input), sum, x.length, reduction);
    if (input.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new SoftMarginBackward(input, target, reduction));
    }
    return r;
  }

  private static Tensor reduce(float[] loss, int[] shape, double sum, int count, int reduction) {
    if (reduction == NllLoss.NONE) {
      return fresh(loss, shape.clone(), DType.FLOAT32);
    }
    float v = reduction == NllLoss.SUM ? (float) sum : (float) (sum / count);
    return fresh(new float[] {v}, Shapes.SCALAR, DType.FLOAT32);
  }

  /** −norm·y·σ(−x·y)·g (norm = 1/numel for the mean), written with Tensor ops so double backward works. */
  static final class SoftMarginBackward extends Node {
    private final Tensor target;
    private final double norm;

    SoftMarginBackward(Tensor input, Tensor target, int reduction) {
      super(edgeOf(input));
      save(input);
      this.target = target.detach();
      this.norm = reduction == NllLoss.MEAN ? 1.0 / input.numel() : 1.0;
    }

    @Override
    public String name() {
      return "SoftMarginLossBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      Tensor coef = x.mul(target).neg().sigmoid().mul(target).mul(-norm);
      return new Tensor[] {coef.mul(g)};
    }
  }

  // ---------------------------------------------------------------- multi-class margin

  /**
   * Σ_{i≠y} w_y·max(0, margin − x_y + x_i)^p / C per row, in float like PyTorch's loop.
   *
   * @param input [C] or [N, C] (float32, non-empty)
   * @param targets one class in [0, C) per row
   * @param weight C class weights or null (constants)
   * @param noneShape the shape of the unreduced result ([N] or [])
   */
  public static Tensor multiMargin(Tensor input, int[] targets, int p, float margin, float[] weight, int reduction,
      int[] noneShape) {
    int rows = targets.length;
    int dim = input.numel() / rows;
    float[] x = input.toArray();
    float[] loss = new float[rows];
    float[] coef = new float[x.length];   // the gradient for a unit upstream gradient of each row
    float g = (float) (reduction == NllLoss.MEAN ? 1.0 / ((long) rows * dim) : 1.0 / dim);
    double total = 0;
    for (int n = 0; n < rows; n++) {
      int o = n * dim;
      int t = targets[n];
      float xt = x[o + t];
      float w = weight == null ? 1f : weight[t];
      float sum = 0f;
      float gradTarget = 0f;
      for (int d = 0; d < dim; d++) {
        if (d == t) {
          continue;
        }
        float z = margin - xt + x[o + d];
        if (z > 0) {
          float h = p == 1 ? z : z * z;
          sum += weight == null ? h : h * w;
          float gh = p == 1 ? g : 2 * g * z;
          if (weight != null) {
            gh *= w;
          }
          gradTarget -= gh;
          coef[o + d] = gh;
        }
      }
      coef[o + t] = gradTarget;
      loss[n] = sum / dim;
      total += loss[n];
    }
    Tensor r;
    if (reduction == NllLoss.NONE) {
      r = fresh(loss, noneShape.clone(), DType.FLOAT32);
    } else {
      r = fresh(new float[] {(float) (reduction == NllLoss.MEAN ? total / rows : total)}, Shapes.SCALAR,
          DType.FLOAT32);
    }
    if (input.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new CoefficientBackward("MultiMarginLossBackward0", input, coef, rows, reduction));
    }
    return r;
  }

  // ---------------------------------------------------------------- multi-label margin

  /**
   * Σ_{j target} Σ_{i not target} max(0, 1 − (x_j − x_i)) / C per row, where a row's targets are its leading
   * non-negative entries up to the first −1 (a repeated target counts each time), in the input's precision like
   * PyTorch's loop (float32 terms and losses in float, float64 throughout in double).
   *
   * @param input [C] or [N, C] (float32 or float64, non-empty)
   * @param targets [N·C] row-major, each in [−1, C) (validated)
   * @param noneShape the shape of the unreduced result ([N] or [])
   */
  public static Tensor multilabelMargin(Tensor input, int[] targets, int reduction, int[] noneShape) {
    boolean single = input.dtype() == DType.FLOAT32;
    int dim = shapeOf(input).length == 0 ? 1 : shapeOf(input)[shapeOf(input).length - 1];
    int rows = input.numel() / dim;
    double[] x = input.toDoubleArray();
    double[] loss = new double[rows];
    double[] coef = new double[x.length];
    double g = reduction == NllLoss.MEAN ? 1.0 / ((long) rows * dim) : 1.0 / dim;
    if (single) {
      g = (float) g;
    }
    double total = 0;
    for (int n = 0; n < rows; n++) {
      int o = n * dim;
      boolean[] isTarget = new boolean[dim];
      for (int k = 0; k < dim && targets[o + k] >= 0; k++) {
        isTarget[targets[o + k]] = true;
      }
      double sum = 0;
      for (int k = 0; k < dim && targets[o + k] >= 0; k++) {
        int j = targets[o + k];
        double xj = x[o + j];
        for (int i = 0; i < dim; i++) {
          if (!isTarget[i]) {
            // float32: 1 − x_j and + x_i each rounded to float, as float arithmetic would
            double z = single ? (float) ((float) (1 - xj) + x[o + i]) : 1 - xj + x[o + i];
            if (z > 0) {
              sum += z;
              coef[o + j] = single ? (float) (coef[o + j] - g) : coef[o + j] - g;
              coef[o + i] = single ? (float) (coef[o + i] + g) : coef[o + i] + g;
            }
          }
        }
      }
      total += sum;
      loss[n] = single ? (float) sum / (float) dim : sum / dim;
    }
    double reduced = reduction == NllLoss.MEAN ? total / dim / rows : total / dim;
    Tensor r = reduction == NllLoss.NONE ? inDtype(loss, noneShape.clone(), single)
        : inDtype(new double[] {reduced}, Shapes.SCALAR, single);
    if (input.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new CoefficientBackward("MultilabelMarginLossBackward0", input,
          inDtype(coef, shapeOf(input).clone(), single), rows, reduction));
    }
    return r;
  }

  /** {@code values} as a fresh float32 tensor (each rounded) when {@code single}, else as float64. */
  private static Tensor inDtype(double[] values, int[] shape, boolean single) {
    if (!single) {
      return fresh(values, shape);
    }
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return fresh(f, shape, DType.FLOAT32);
  }

  /**
   * The gradient of a loss that is piecewise linear in its input: a fixed coefficient per input element (the
   * gradient for a unit upstream gradient) times the row's upstream gradient. Differentiable in the upstream
   * gradient; the second derivative in the input, zero for p = 1, is not recorded for the squared multi-margin loss.
   */
  static final class CoefficientBackward extends Node {
    private final String name;
    private final Tensor coef;
    private final int rows;
    private final int reduction;

    CoefficientBackward(String name, Tensor input, float[] coef, int rows, int reduction) {
      this(name, input, fresh(coef, shapeOf(input).clone(), DType.FLOAT32), rows, reduction);
    }

    /** @param coef of the input's shape and dtype */
    CoefficientBackward(String name, Tensor input, Tensor coef, int rows, int reduction) {
      super(edgeOf(input));
      this.name = name;
      this.coef = coef;
      this.rows = rows;
      this.reduction = reduction;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      if (reduction != NllLoss.NONE || shapeOf(coef).length <= 1) {
        return new Tensor[] {coef.mul(g.reshape())};
      }
      return new Tensor[] {coef.mul(g.reshape(rows, 1))};
    }
  }
}
