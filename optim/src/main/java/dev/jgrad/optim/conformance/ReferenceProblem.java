package dev.jgrad.optim.conformance;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The small fixed problems of the optimizer conformance kit. Each gives fresh parameters and writes exact float32
 * gradients into them from a closed-form formula, so a trajectory depends only on the optimizer (not on autograd's
 * rounding); {@code tools/gen_optim_golden.py} evaluates the same formulas, in the same order, to record PyTorch's
 * trajectories.
 *
 * <ul>
 *   <li>{@link #QUADRATIC_BOWL}: {@code p0 = [1, -2, 3]}, {@code f = Σ (c_i/2) p_i² + p_i} with {@code c = [1, 4,
 *       0.25]} (an ill-conditioned bowl), {@code g_i = c_i p_i + 1}, minimum at {@code [-1, -0.25, -4]}.
 *   <li>{@link #ROSENBROCK}: {@code (x, y) = (-1.5, 2)}, {@code f = (1 − x)² + 100 (y − x²)²}, minimum at (1, 1).
 *   <li>{@link #LINEAR_REGRESSION}: weight {@code [[0.5, -0.25]]} (shape [1, 2]) and bias {@code [0]} (shape [1]),
 *       mean squared error over 8 fixed samples; two tensors, as in {@code Linear(2, 1)}.
 * </ul>
 *
 * <pre>{@code
 * List<Tensor> params = ReferenceProblem.ROSENBROCK.newParameters();
 * Optimizer opt = new Adam(params, 0.02);
 * for (int i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   ReferenceProblem.ROSENBROCK.setGradients(params, false);
 *   opt.step();
 * }
 * double loss = ReferenceProblem.ROSENBROCK.loss(params);
 * }</pre>
 */
public enum ReferenceProblem {
  /** An ill-conditioned quadratic bowl in 3 dimensions. */
  QUADRATIC_BOWL,
  /** Rosenbrock's banana valley in 2 dimensions. */
  ROSENBROCK,
  /** Least squares for a 2-input linear model with bias (8 samples). */
  LINEAR_REGRESSION;

  private static final float[] BOWL_C = {1f, 4f, 0.25f};
  // Dyadic values, so the decimal literals are exact in float32 (and in the Python script).
  private static final float[][] X = {{0.5f, -1.0f}, {1.5f, 0.25f}, {-0.75f, 2.0f}, {2.0f, 1.0f},
      {-1.25f, -0.5f}, {0.0f, 1.5f}, {1.0f, -2.0f}, {-2.0f, 0.75f}};
  private static final float[] Y = {1.875f, 2.5f, -0.625f, 3.0f, -1.5f, -0.875f, 2.5f, -3.25f};

  /** Fresh leaf parameters that require grad, at the problem's starting point. */
  public List<Tensor> newParameters() {
    return switch (this) {
      case QUADRATIC_BOWL -> List.of(Tensor.of(1f, -2f, 3f).requiresGrad_(true));
      case ROSENBROCK -> List.of(Tensor.of(-1.5f, 2f).requiresGrad_(true));
      case LINEAR_REGRESSION -> List.of(Tensor.of(new float[] {0.5f, -0.25f}, 1, 2).requiresGrad_(true),
          Tensor.of(new float[] {0f}, 1).requiresGrad_(true));
    };
  }

  /** The number of parameter tensors ({@link #newParameters()}{@code .size()}). */
  public int parameterCount() {
    return this == LINEAR_REGRESSION ? 2 : 1;
  }

  /**
   * The exact float32 gradient at {@code values} (one flat array per parameter tensor), negated when {@code
   * negate} (the problem {@code -f}, for optimizers run with maximize).
   */
  public float[][] gradients(float[][] values, boolean negate) {
    float[][] g = switch (this) {
      case QUADRATIC_BOWL -> {
        float[] p = values[0];
        float[] out = new float[3];
        for (int i = 0; i < 3; i++) {
          out[i] = BOWL_C[i] * p[i] + 1f;
        }
        yield new float[][] {out};
      }
      case ROSENBROCK -> {
        float x = values[0][0];
        float y = values[0][1];
        float d = y - x * x;
        float gx = (-2f * (1f - x)) - ((400f * x) * d);
        float gy = 200f * d;
        yield new float[][] {{gx, gy}};
      }
      case LINEAR_REGRESSION -> {
        float w0 = values[0][0];
        float w1 = values[0][1];
        float b = values[1][0];
        float gw0 = 0f;
        float gw1 = 0f;
        float gb = 0f;
        for (int i = 0; i < X.length; i++) {
          float r = ((X[i][0] * w0 + X[i][1] * w1) + b) - Y[i];
          gw0 = gw0 + r * X[i][0];
          gw1 = gw1 + r * X[i][1];
          gb = gb + r;
        }
        float q = 2f / X.length;                       // d mean(r²) = (2/N) Σ r ∂r; 0.25 exactly
        yield new float[][] {{gw0 * q, gw1 * q}, {gb * q}};
      }
    };
    if (negate) {
      for (float[] row : g) {
        for (int i = 0; i < row.length; i++) {
          row[i] = -row[i];
        }
      }
    }
    return g;
  }

  /** Writes the exact gradient at the parameters' current values into their {@code grad} (replacing it). */
  public void setGradients(List<Tensor> params, boolean negate) {
    float[][] g = gradients(values(params), negate);
    for (int i = 0; i < params.size(); i++) {
      params.get(i).setGrad(Tensor.of(g[i], params.get(i).shape()));
    }
  }

  /** The objective at the parameters' current values, in double precision. */
  public double loss(List<Tensor> params) {
    float[][] v = values(params);
    switch (this) {
      case QUADRATIC_BOWL: {
        double s = 0;
        for (int i = 0; i < 3; i++) {
          s += BOWL_C[i] / 2.0 * v[0][i] * v[0][i] + v[0][i];
        }
        return s;
      }
      case ROSENBROCK: {
        double x = v[0][0];
        double y = v[0][1];
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
      }
      default: {
        double s = 0;
        for (int i = 0; i < X.length; i++) {
          double r = X[i][0] * (double) v[0][0] + X[i][1] * (double) v[0][1] + v[1][0] - Y[i];
          s += r * r;
        }
        return s / X.length;
      }
    }
  }

  /**
   * The objective built with tensor ops, so {@code backward()} fills the gradients through autograd (close to,
   * but not bit-identical with, {@link #setGradients}); for closures and hand-written loops.
   */
  public Tensor lossTensor(List<Tensor> params) {
    Tensor p = params.get(0);
    return switch (this) {
      case QUADRATIC_BOWL -> p.mul(p).mul(Tensor.of(0.5f, 2f, 0.125f)).sum().add(p.sum());
      case ROSENBROCK -> {
        Tensor x = p.narrow(0, 0, 1);
        Tensor y = p.narrow(0, 1, 1);
        Tensor a = x.rsub(1);
        Tensor d = y.sub(x.mul(x));
        yield a.mul(a).add(d.mul(d).mul(100)).sum();
      }
      case LINEAR_REGRESSION -> {
        float[] flat = new float[X.length * 2];
        for (int i = 0; i < X.length; i++) {
          flat[2 * i] = X[i][0];
          flat[2 * i + 1] = X[i][1];
        }
        Tensor r = Tensor.of(flat, X.length, 2).matmul(p.t()).add(params.get(1)).reshape(X.length)
            .sub(Tensor.of(Y));
        yield r.mul(r).mean();
      }
    };
  }

  static float[][] values(List<Tensor> params) {
    List<float[]> out = new ArrayList<>();
    for (Tensor t : params) {
      out.add(t.toArray());
    }
    return out.toArray(new float[0][]);
  }
}
