package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.doublesOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;

/**
 * The float64 loops of {@link NNOps}: softmax and log-softmax along any dim, their gradients, layer normalisation and
 * its gradients, and the embedding's scatter-add, all computed in double from the tensors' double arrays. The
 * float32 kernels stay in {@code Kernels}; these are chosen once at each op's entry on the dtype.
 */
final class NNDoubles {
  private NNDoubles() {}

  /**
   * The extents around {@code dim} of a contiguous tensor: {@code [outer, size, inner]}, so element (o, c, i) is at
   * {@code (o·size + c)·inner + i}.
   */
  private static int[] around(int[] shape, int dim) {
    int inner = 1;
    for (int i = dim + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int size = shape.length == 0 ? 1 : shape[dim];
    int outer = 1;
    for (int i = 0; i < dim; i++) {
      outer *= shape[i];
    }
    return new int[] {outer, size, inner};
  }

  /** Softmax or log-softmax of float64 {@code x} along {@code dim}, max-shifted as PyTorch's CPU kernel. */
  static Tensor softmax(Tensor x, int dim, boolean log) {
    int[] shape = shapeOf(x).clone();
    double[] out = SizeLimits.allocateDoubles(log ? "logSoftmax" : "softmax", shape);
    if (out.length == 0) {
      return fresh(out, shape);
    }
    double[] in = doublesOf(x);
    int off = dataOffsetOf(x);
    int[] e = around(shape, dim);
    int size = e[1];
    int inner = e[2];
    for (int o = 0; o < e[0]; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * size * inner + i;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < size; c++) {
          max = Math.max(max, in[off + base + c * inner]);
        }
        double sum = 0;
        for (int c = 0; c < size; c++) {
          double ex = Math.exp(in[off + base + c * inner] - max);
          out[base + c * inner] = ex;
          sum += ex;
        }
        if (log) {
          double shift = max + Math.log(sum);
          for (int c = 0; c < size; c++) {
            out[base + c * inner] = in[off + base + c * inner] - shift;
          }
        } else {
          double inv = 1 / sum;
          for (int c = 0; c < size; c++) {
            out[base + c * inner] *= inv;
          }
        }
      }
    }
    return fresh(out, shape);
  }

  /**
   * The gradient of softmax ({@code y·(g - Σ g·y)}) or log-softmax ({@code g - exp(y)·Σ g}) along {@code dim}, from
   * the saved output {@code y}.
   */
  static Tensor softmaxGrad(Tensor g, Tensor y, int dim, boolean log) {
    int[] shape = shapeOf(y).clone();
    double[] out = new double[y.numel()];
    if (out.length == 0) {
      return fresh(out, shape);
    }
    double[] gd = doublesOf(g);
    int go = dataOffsetOf(g);
    double[] yd = doublesOf(y);
    int yo = dataOffsetOf(y);
    int[] e = around(shape, dim);
    int size = e[1];
    int inner = e[2];
    for (int o = 0; o < e[0]; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * size * inner + i;
        double s = 0;
        for (int c = 0; c < size; c++) {
          int at = base + c * inner;
          s += log ? gd[go + at] : gd[go + at] * yd[yo + at];
        }
        for (int c = 0; c < size; c++) {
          int at = base + c * inner;
          out[at] = log ? gd[go + at] - Math.exp(yd[yo + at]) * s : yd[yo + at] * (gd[go + at] - s);
        }
      }
    }
    return fresh(out, shape);
  }

  /**
   * Layer normalisation of float64 {@code x} over rows of {@code cols} trailing elements, as PyTorch's CPU kernel:
   * biased variance, rstd = 1/sqrt(var + eps), out = (x·rstd - mean·rstd)·weight + bias.
   */
  static Tensor layerNorm(Tensor x, int cols, double[] w, double[] b, double eps) {
    int n = x.numel();
    double[] out = SizeLimits.allocateDoubles("layerNorm", shapeOf(x));
    double[] xd = doublesOf(x);
    int xo = dataOffsetOf(x);
    int rows = cols == 0 ? 0 : n / cols;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      double[] stats = moments(xd, xo + base, cols, eps);
      double scale = stats[1];
      double shift = -stats[1] * stats[0];
      for (int j = 0; j < cols; j++) {
        double v = xd[xo + base + j] * scale + shift;
        out[base + j] = (v * (w == null ? 1 : w[j])) + (b == null ? 0 : b[j]);
      }
    }
    return fresh(out, shapeOf(x).clone());
  }

  /** {@code [mean, rstd]} of {@code x[off, off + cols)} with the biased variance (two passes, in double). */
  private static double[] moments(double[] x, int off, int cols, double eps) {
    double sum = 0;
    for (int j = 0; j < cols; j++) {
      sum += x[off + j];
    }
    double mean = sum / cols;
    double sq = 0;
    for (int j = 0; j < cols; j++) {
      double c = x[off + j] - mean;
      sq += c * c;
    }
    return new double[] {mean, 1 / Math.sqrt(Math.max(sq / cols, 0) + eps)};
  }

  /**
   * Layer norm's gradients {dx, dweight, dbias} (each null unless {@code needs[i]}), with x̂ = (x - mean)·rstd and
   * ĝ = g·weight: dx = rstd·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂)), dweight = Σ g·x̂, dbias = Σ g over rows; the statistics
   * are recomputed from x.
   */
  static Tensor[] layerNormGrad(Tensor g, Tensor x, double[] w, int[] normShape, double eps, boolean[] needs) {
    int n = x.numel();
    int cols = Shapes.numel(normShape);
    int rows = cols == 0 ? 0 : n / cols;
    double[] xd = doublesOf(x);
    int xo = dataOffsetOf(x);
    double[] gd = doublesOf(g);
    int go = dataOffsetOf(g);
    double[] gx = needs[0] ? new double[n] : null;
    double[] gw = new double[cols];
    double[] gb = new double[cols];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      double[] stats = moments(xd, xo + base, cols, eps);
      double mean = stats[0];
      double rstd = stats[1];
      double sumGh = 0;
      double sumGhXhat = 0;
      for (int j = 0; j < cols; j++) {
        double xhat = (xd[xo + base + j] - mean) * rstd;
        double gv = gd[go + base + j];
        double gh = w == null ? gv : gv * w[j];
        sumGh += gh;
        sumGhXhat += gh * xhat;
        gw[j] += gv * xhat;
        gb[j] += gv;
      }
      if (gx != null) {
        double mGh = sumGh / cols;
        double mGhXhat = sumGhXhat / cols;
        for (int j = 0; j < cols; j++) {
          double xhat = (xd[xo + base + j] - mean) * rstd;
          double gh = w == null ? gd[go + base + j] : gd[go + base + j] * w[j];
          gx[base + j] = rstd * (gh - mGh - xhat * mGhXhat);
        }
      }
    }
    return new Tensor[] {
        gx == null ? null : fresh(gx, shapeOf(x).clone()),
        needs[1] ? fresh(gw, normShape.clone()) : null,
        needs[2] ? fresh(gb, normShape.clone()) : null};
  }

  /**
   * The embedding's weight gradient: each row of float64 {@code g} [n, dim] added into its weight row, in index
   * order (repeats accumulate); the row {@code pad} (or none when null) gets none.
   */
  static Tensor scatterRows(Tensor g, Tensor flatIndices, int[] weightShape, Integer pad) {
    int dim = weightShape[1];
    double[] gd = doublesOf(g);
    int go = dataOffsetOf(g);
    long[] idx = Elements.longs(flatIndices);
    double[] out = new double[weightShape[0] * dim];
    for (int i = 0; i < idx.length; i++) {
      int row = (int) idx[i];
      if (pad != null && row == pad) {
        continue;
      }
      for (int j = 0; j < dim; j++) {
        out[row * dim + j] += gd[go + i * dim + j];
      }
    }
    return fresh(out, weightShape.clone());
  }

  /** {@code values} as a float64 tensor's contiguous doubles (null stays null). */
  static double[] doubles(Tensor t) {
    return t == null ? null : t.contiguous().toDoubleArray();
  }
}
