package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.gradFnOf;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Batch and group normalisation of [N, C, *]: the input is seen as [N, C, L] (L the product of the trailing
 * dims), normalised with one mean and inverse standard deviation per statistics group, then scaled and shifted per
 * channel. The two differ only in which elements share statistics: batch norm one group per channel (over N and L),
 * group norm one per sample and group of C / G channels (over those channels and L). One forward loop and one
 * backward rule serve both.
 *
 * <p>Statistics are accumulated in double, as ATen's CPU kernels do; the running buffers of batch norm are updated
 * in place as ATen's batch_norm_cpu_update_stats does (the unbiased variance, blended with {@code momentum}).
 */
public final class ChannelNorms {
  private ChannelNorms() {}

  /** Which elements share statistics, and PyTorch's grad_fn name for it. */
  enum Kind {
    BATCH("batchNorm", "NativeBatchNormBackward0"),
    GROUP("groupNorm", "NativeGroupNormBackward0");

    final String label;
    final String gradFn;

    Kind(String label, String gradFn) {
      this.label = label;
      this.gradFn = gradFn;
    }
  }

  /** x as [n, c, l] with {@code groups} statistics groups per sample (group norm) or per-channel statistics. */
  record Layout(Kind kind, int n, int c, int l, int groups) {
    static Layout of(Kind kind, int[] shape, int groups) {
      int l = 1;
      for (int i = 2; i < shape.length; i++) {
        l *= shape[i];
      }
      return new Layout(kind, shape[0], shape[1], l, groups);
    }

    int stats() {
      return kind == Kind.BATCH ? c : n * groups;
    }

    /** The statistics index of channel {@code ch} of sample {@code b}. */
    int stat(int b, int ch) {
      return kind == Kind.BATCH ? ch : b * groups + ch / (c / groups);
    }

    /** Elements per statistics group. */
    int count() {
      return kind == Kind.BATCH ? n * l : c / groups * l;
    }

    /** The shape the statistics are reduced in, and its reduced dims (differentiable path). */
    int[] statShape() {
      return kind == Kind.BATCH ? new int[] {n, c, l} : new int[] {n, groups, c / groups * l};
    }

    int[] statDims() {
      return kind == Kind.BATCH ? new int[] {0, 2} : new int[] {2};
    }
  }

  /** PyTorch's torch.batch_norm. */
  public static Tensor batchNorm(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
      boolean training, double momentum, double eps) {
    String op = Kind.BATCH.label;
    checkFloat(op, x);
    checkArgument(shapeOf(x).length >= 2, "%s: expected an input of at least 2 dims [N, C, *], got shape %s", op,
        Shapes.str(shapeOf(x)));
    int channels = shapeOf(x)[1];
    checkCount(op, "running_mean", runningMean, channels, x);
    checkCount(op, "running_var", runningVar, channels, x);
    checkCount(op, "weight", weight, channels, x);
    checkCount(op, "bias", bias, channels, x);
    checkArgument(training || (runningMean != null && runningVar != null),
        "%s: %s must be defined in evaluation mode (input %s)", op, runningMean == null ? "running_mean"
            : "running_var", Shapes.str(shapeOf(x)));
    checkSameDtype(op, x, weight, bias, runningMean, runningVar);
    Layout layout = Layout.of(Kind.BATCH, shapeOf(x), 0);
    if (x.dtype() == DType.FLOAT64) {
      return batchNormDouble(x, weight, bias, runningMean, runningVar, training, momentum, eps, layout);
    }
    float[] mean;
    float[] rstd;
    if (training) {
      double[][] stats = statistics(x, layout);
      mean = toFloats(stats[0]);
      rstd = inverseStd(stats[1], layout.count(), eps);
      if (runningMean != null || runningVar != null) {
        updateRunningStats(stats, layout.count(), runningMean, runningVar, momentum);
      }
    } else {
      mean = runningMean.contiguous().toArray();
      float[] var = runningVar.contiguous().toArray();
      rstd = new float[channels];
      for (int c = 0; c < channels; c++) {
        rstd[c] = (float) (1.0 / Math.sqrt(var[c] + eps));
      }
    }
    return normalise(x, weight, bias, layout, mean, rstd, training, eps);
  }

  /** PyTorch's torch.group_norm. */
  public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
    String op = Kind.GROUP.label;
    checkFloat(op, x);
    checkArgument(shapeOf(x).length >= 2, "%s: expected an input of at least 2 dims [N, C, *], got shape %s", op,
        Shapes.str(shapeOf(x)));
    checkArgument(groups > 0 && shapeOf(x)[1] % groups == 0, "%s: Expected number of channels in input to be "
        + "divisible by num_groups, but got input of shape %s and num_groups=%s", op, Shapes.str(shapeOf(x)), groups);
    for (Tensor t : new Tensor[] {weight, bias}) {
      String what = t == weight ? "weight" : "bias";
      checkArgument(t == null || (shapeOf(t).length == 1 && shapeOf(t)[0] == shapeOf(x)[1]), "%s: Expected %s to be a "
          + "vector of size equal to the number of channels in input, but got %s of shape %s and input of shape %s",
          op, what, what, t == null ? "" : Shapes.str(shapeOf(t)), Shapes.str(shapeOf(x)));
    }
    checkSameDtype(op, x, weight, bias);
    Layout layout = Layout.of(Kind.GROUP, shapeOf(x), groups);
    if (x.dtype() == DType.FLOAT64) {
      double[][] stats = statisticsDouble(x, layout);
      return normaliseDouble(x, weight, bias, layout, stats[0], inverseStdDouble(stats[1], layout.count(), eps), true,
          eps);
    }
    double[][] stats = statistics(x, layout);
    return normalise(x, weight, bias, layout, toFloats(stats[0]), inverseStd(stats[1], layout.count(), eps), true,
        eps);
  }

  /** 1 / √(biased variance + eps) per statistics group, from the sums of squared deviations. */
  private static float[] inverseStd(double[] varSum, int count, double eps) {
    float[] rstd = new float[varSum.length];
    for (int s = 0; s < rstd.length; s++) {
      rstd[s] = (float) (1.0 / Math.sqrt(varSum[s] / count + eps));
    }
    return rstd;
  }

  /** PyTorch's "expected scalar type Double but found Float" for a parameter or buffer not in x's dtype. */
  private static void checkSameDtype(String op, Tensor x, Tensor... others) {
    for (Tensor t : others) {
      if (t != null) {
        Dtypes.checkSameDtype(op, x.dtype(), t.dtype());
      }
    }
  }

  private static void checkFloat(String op, Tensor x) {
    checkArgument(x.dtype().isFloatingPoint(), "%s: expected a floating point input, got %s", op,
        x.dtype().torchName());
  }

  private static void checkCount(String op, String what, Tensor t, int channels, Tensor x) {
    checkArgument(t == null || t.numel() == channels, "%s: %s should contain %s elements not %s (input shape %s, "
        + "channels = dim 1)", op, what, channels, t == null ? "" : String.valueOf(t.numel()), Shapes.str(shapeOf(x)));
  }

  /** Per statistics group: the mean and the sum of squared deviations, both in double (two passes). */
  private static double[][] statistics(Tensor x, Layout layout) {
    float[] v = x.contiguous().toArray();
    double[] mean = new double[layout.stats()];
    double[] varSum = new double[layout.stats()];
    int l = layout.l();
    for (int b = 0; b < layout.n(); b++) {
      for (int c = 0; c < layout.c(); c++) {
        int s = layout.stat(b, c);
        for (int i = (b * layout.c() + c) * l, end = i + l; i < end; i++) {
          mean[s] += v[i];
        }
      }
    }
    int count = layout.count();
    for (int s = 0; s < mean.length; s++) {
      mean[s] /= count;
    }
    for (int b = 0; b < layout.n(); b++) {
      for (int c = 0; c < layout.c(); c++) {
        int s = layout.stat(b, c);
        for (int i = (b * layout.c() + c) * l, end = i + l; i < end; i++) {
          double d = v[i] - mean[s];
          varSum[s] += d * d;
        }
      }
    }
    return new double[][] {mean, varSum};
  }

  /**
   * ATen's batch_norm_cpu_update_stats: the mean and the sum of squared deviations are stored as float, then
   * running = momentum·stat + (1 − momentum)·running in double, with the unbiased variance varSum / (n − 1).
   */
  private static void updateRunningStats(double[][] stats, int n, Tensor runningMean, Tensor runningVar,
      double momentum) {
    int channels = stats[0].length;
    float[] rm = runningMean == null ? null : runningMean.contiguous().toArray();
    float[] rv = runningVar == null ? null : runningVar.contiguous().toArray();
    for (int c = 0; c < channels; c++) {
      if (rm != null) {
        rm[c] = (float) (momentum * (float) stats[0][c] + (1 - momentum) * rm[c]);
      }
      if (rv != null) {
        rv[c] = (float) (momentum * ((double) (float) stats[1][c] / (n - 1)) + (1 - momentum) * rv[c]);
      }
    }
    try (Autograd.Scope g = Autograd.noGrad()) {
      if (rm != null) {
        runningMean.copy_(fresh(rm, shapeOf(runningMean).clone(), DType.FLOAT32));
      }
      if (rv != null) {
        runningVar.copy_(fresh(rv, shapeOf(runningVar).clone(), DType.FLOAT32));
      }
    }
  }

  /** y = (x − mean)·rstd·weight + bias, per statistics group and channel; attaches the backward node. */
  private static Tensor normalise(Tensor x, Tensor weight, Tensor bias, Layout layout, float[] mean, float[] rstd,
      boolean statsFromInput, double eps) {
    float[] v = x.contiguous().toArray();
    float[] w = weight == null ? null : weight.contiguous().toArray();
    float[] bs = bias == null ? null : bias.contiguous().toArray();
    float[] out = SizeLimits.allocate(layout.kind().label, shapeOf(x));
    int l = layout.l();
    for (int b = 0; b < layout.n(); b++) {
      for (int c = 0; c < layout.c(); c++) {
        int s = layout.stat(b, c);
        // ATen folds the statistics and the affine into one scale and shift per channel, in float.
        float scale = w == null ? rstd[s] : rstd[s] * w[c];
        float shift = (bs == null ? 0f : bs[c]) - mean[s] * scale;
        for (int i = (b * layout.c() + c) * l, end = i + l; i < end; i++) {
          out[i] = v[i] * scale + shift;
        }
      }
    }
    Tensor r = fresh(out, shapeOf(x).clone(), DType.FLOAT32);
    boolean track = GradMode.isEnabled() && (x.requiresGrad() || (weight != null && weight.requiresGrad())
        || (bias != null && bias.requiresGrad()));
    if (track) {
      attach(r, new ChannelNormBackward(x, weight, bias, layout, toDoubles(mean), toDoubles(rstd), statsFromInput,
          eps));
    }
    return r;
  }

  // ---------------------------------------------------------------- float64: the same formulas, all in double

  private static Tensor batchNormDouble(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
      boolean training, double momentum, double eps, Layout layout) {
    double[] mean;
    double[] rstd;
    if (training) {
      double[][] stats = statisticsDouble(x, layout);
      mean = stats[0];
      rstd = inverseStdDouble(stats[1], layout.count(), eps);
      int n = layout.count();
      if (runningMean != null || runningVar != null) {
        if (runningMean != null) {
          double[] rm = runningMean.contiguous().toDoubleArray();
          for (int c = 0; c < rm.length; c++) {
            rm[c] = momentum * mean[c] + (1 - momentum) * rm[c];
          }
          writeBuffer(rm, runningMean);
        }
        if (runningVar != null) {
          double[] rv = runningVar.contiguous().toDoubleArray();
          for (int c = 0; c < rv.length; c++) {
            rv[c] = momentum * (stats[1][c] / (n - 1)) + (1 - momentum) * rv[c];
          }
          writeBuffer(rv, runningVar);
        }
      }
    } else {
      mean = runningMean.contiguous().toDoubleArray();
      double[] var = runningVar.contiguous().toDoubleArray();
      rstd = new double[var.length];
      for (int c = 0; c < rstd.length; c++) {
        rstd[c] = 1.0 / Math.sqrt(var[c] + eps);
      }
    }
    return normaliseDouble(x, weight, bias, layout, mean, rstd, training, eps);
  }

  /** Writes the updated statistics into a running buffer in place (a new version of it, as copy_ would make). */
  private static void writeBuffer(double[] values, Tensor buffer) {
    Strided.write(values, 0, buffer);
    storageOf(buffer).bumpVersion();
  }

  private static double[] inverseStdDouble(double[] varSum, int count, double eps) {
    double[] rstd = new double[varSum.length];
    for (int s = 0; s < rstd.length; s++) {
      rstd[s] = 1.0 / Math.sqrt(varSum[s] / count + eps);
    }
    return rstd;
  }

  /** {@link #statistics} of a float64 input. */
  private static double[][] statisticsDouble(Tensor x, Layout layout) {
    double[] v = x.contiguous().toDoubleArray();
    double[] mean = new double[layout.stats()];
    double[] varSum = new double[layout.stats()];
    int l = layout.l();
    for (int pass = 0; pass < 2; pass++) {
      for (int b = 0; b < layout.n(); b++) {
        for (int c = 0; c < layout.c(); c++) {
          int s = layout.stat(b, c);
          for (int i = (b * layout.c() + c) * l, end = i + l; i < end; i++) {
            if (pass == 0) {
              mean[s] += v[i];
            } else {
              double d = v[i] - mean[s];
              varSum[s] += d * d;
            }
          }
        }
      }
      if (pass == 0) {
        for (int s = 0; s < mean.length; s++) {
          mean[s] /= layout.count();
        }
      }
    }
    return new double[][] {mean, varSum};
  }

  /** {@link #normalise} of a float64 input: one scale and shift per channel, in double. */
  private static Tensor normaliseDouble(Tensor x, Tensor weight, Tensor bias, Layout layout, double[] mean,
      double[] rstd, boolean statsFromInput, double eps) {
    double[] v = x.contiguous().toDoubleArray();
    double[] w = weight == null ? null : weight.contiguous().toDoubleArray();
    double[] bs = bias == null ? null : bias.contiguous().toDoubleArray();
    double[] out = SizeLimits.allocateDoubles(layout.kind().label, shapeOf(x));
    int l = layout.l();
    for (int b = 0; b < layout.n(); b++) {
      for (int c = 0; c < layout.c(); c++) {
        int s = layout.stat(b, c);
        double scale = w == null ? rstd[s] : rstd[s] * w[c];
        double shift = (bs == null ? 0 : bs[c]) - mean[s] * scale;
        for (int i = (b * layout.c() + c) * l, end = i + l; i < end; i++) {
          out[i] = v[i] * scale + shift;
        }
      }
    }
    Tensor r = fresh(out, shapeOf(x).clone());
    boolean track = GradMode.isEnabled() && (x.requiresGrad() || (weight != null && weight.requiresGrad())
        || (bias != null && bias.requiresGrad()));
    if (track) {
      attach(r, new ChannelNormBackward(x, weight, bias, layout, mean, rstd, statsFromInput, eps));
    }
    return r;
  }

  private static double[] toDoubles(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static float[] toFloats(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  /**
   * With x̂ = (x − mean)·rstd and ĝ = g·weight: when the statistics come from the input, dx = rstd·(ĝ − mean(ĝ) −
   * x̂·mean(ĝ·x̂)) over each statistics group; with fixed (running) statistics dx = ĝ·rstd. dweight = Σ g·x̂ and
   * dbias = Σ g per channel. A plain backward runs one loop over the saved statistics; under createGraph the same
   * formulas are evaluated with Tensor ops (statistics recomputed from x) so they can be differentiated again.
   */
  static final class ChannelNormBackward extends Node {
    final Layout layout;
    final double[] mean;   // float32 values held exactly for a float32 input
    final double[] rstd;
    final boolean statsFromInput;
    final double eps;
    final int[] biasShape;

    ChannelNormBackward(Tensor x, Tensor weight, Tensor bias, Layout layout, double[] mean, double[] rstd,
        boolean statsFromInput, double eps) {
      super(edgeOf(x), weight == null ? null : edgeOf(weight), bias == null ? null : edgeOf(bias));
      this.layout = layout;
      this.mean = mean;
      this.rstd = rstd;
      this.statsFromInput = statsFromInput;
      this.eps = eps;
      this.biasShape = bias == null ? null : shapeOf(bias).clone();
      save(x, weight);
    }

    @Override
    public String name() {
      return layout.kind().gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      Tensor w = saved(1);
      if (GradMode.isEnabled()) {
        return differentiable(g, x, w);
      }
      return x.dtype() == DType.FLOAT64 ? directDouble(g, x, w) : direct(g, x, w);
    }

    /** {@link #direct} in double for a float64 input. */
    private Tensor[] directDouble(Tensor g, Tensor x, Tensor w) {
      double[] xv = x.contiguous().toDoubleArray();
      double[] gv = g.contiguous().toDoubleArray();
      double[] wv = w == null ? null : w.contiguous().toDoubleArray();
      int channels = layout.c();
      int l = layout.l();
      double[] sumGh = new double[layout.stats()];
      double[] sumGhXhat = new double[layout.stats()];
      double[] gw = new double[channels];
      double[] gb = new double[channels];
      for (int b = 0; b < layout.n(); b++) {
        for (int c = 0; c < channels; c++) {
          int s = layout.stat(b, c);
          double wc = wv == null ? 1 : wv[c];
          for (int i = (b * channels + c) * l, end = i + l; i < end; i++) {
            double xhat = (xv[i] - mean[s]) * rstd[s];
            sumGh[s] += gv[i] * wc;
            sumGhXhat[s] += gv[i] * wc * xhat;
            gw[c] += gv[i] * xhat;
            gb[c] += gv[i];
          }
        }
      }
      double[] gx = null;
      if (next[0] != null) {
        gx = SizeLimits.allocateDoubles(layout.kind().label, shapeOf(x));
        int count = layout.count();
        for (int b = 0; b < layout.n(); b++) {
          for (int c = 0; c < channels; c++) {
            int s = layout.stat(b, c);
            double wc = wv == null ? 1 : wv[c];
            double meanGh = sumGh[s] / count;
            double meanGhXhat = sumGhXhat[s] / count;
            for (int i = (b * channels + c) * l, end = i + l; i < end; i++) {
              double gh = gv[i] * wc;
              gx[i] = statsFromInput ? rstd[s] * (gh - meanGh - (xv[i] - mean[s]) * rstd[s] * meanGhXhat)
                  : gh * rstd[s];
            }
          }
        }
      }
      return new Tensor[] {
          gx == null ? null : fresh(gx, shapeOf(x).clone()),
          next[1] == null ? null : fresh(gw, shapeOf(w).clone()),
          next[2] == null ? null : fresh(gb, biasShape.clone())};
    }

    private Tensor[] direct(Tensor g, Tensor x, Tensor w) {
      float[] xv = x.contiguous().toArray();
      float[] gv = g.contiguous().toArray();
      float[] wv = w == null ? null : w.contiguous().toArray();
      int n = layout.n();
      int channels = layout.c();
      int l = layout.l();
      double[] sumGh = new double[layout.stats()];
      double[] sumGhXhat = new double[layout.stats()];
      double[] gw = new double[channels];
      double[] gb = new double[channels];
      for (int b = 0; b < n; b++) {
        for (int c = 0; c < channels; c++) {
          int s = layout.stat(b, c);
          double wc = wv == null ? 1 : wv[c];
          for (int i = (b * channels + c) * l, end = i + l; i < end; i++) {
            double xhat = (xv[i] - mean[s]) * rstd[s];
            sumGh[s] += gv[i] * wc;
            sumGhXhat[s] += gv[i] * wc * xhat;
            gw[c] += gv[i] * xhat;
            gb[c] += gv[i];
          }
        }
      }
      float[] gx = null;
      if (next[0] != null) {
        gx = SizeLimits.allocate(layout.kind().label, shapeOf(x));
        int count = layout.count();
        for (int b = 0; b < n; b++) {
          for (int c = 0; c < channels; c++) {
            int s = layout.stat(b, c);
            double wc = wv == null ? 1 : wv[c];
            double meanGh = sumGh[s] / count;
            double meanGhXhat = sumGhXhat[s] / count;
            for (int i = (b * channels + c) * l, end = i + l; i < end; i++) {
              double gh = gv[i] * wc;
              if (statsFromInput) {
                double xhat = (xv[i] - mean[s]) * rstd[s];
                gx[i] = (float) (rstd[s] * (gh - meanGh - xhat * meanGhXhat));
              } else {
                gx[i] = (float) (gh * rstd[s]);
              }
            }
          }
        }
      }
      return new Tensor[] {
          gx == null ? null : fresh(gx, shapeOf(x).clone(), DType.FLOAT32),
          next[1] == null ? null : fresh(toFloats(gw), shapeOf(w).clone(), DType.FLOAT32),
          next[2] == null ? null : fresh(toFloats(gb), biasShape.clone(), DType.FLOAT32)};
    }

    private Tensor[] differentiable(Tensor g, Tensor x, Tensor w) {
      int[] ncl = {layout.n(), layout.c(), layout.l()};
      int[] perChannel = {1, layout.c(), 1};
      int[] statShape = layout.statShape();
      int[] dims = layout.statDims();
      Tensor x3 = x.reshape(ncl);
      Tensor g3 = g.reshape(ncl);
      Tensor gh = w == null ? g3 : g3.mul(w.reshape(perChannel));
      Tensor xhat;
      Tensor gx = null;
      if (statsFromInput) {
        Tensor xs = x3.reshape(statShape);
        Tensor centred = xs.sub(xs.mean(dims, true));
        Tensor r = centred.mul(centred).mean(dims, true).add(eps).rsqrt();
        Tensor xhatS = centred.mul(r);
        xhat = xhatS.reshape(ncl);
        if (next[0] != null) {
          Tensor ghS = gh.reshape(statShape);
          gx = r.mul(ghS.sub(ghS.mean(dims, true)).sub(xhatS.mul(ghS.mul(xhatS).mean(dims, true))))
              .reshape(shapeOf(x));
        }
      } else {
        Tensor m = Tensor.of(mean, perChannel.clone(), x.dtype());
        Tensor r = Tensor.of(rstd, perChannel.clone(), x.dtype());
        xhat = x3.sub(m).mul(r);
        gx = next[0] == null ? null : gh.mul(r).reshape(shapeOf(x));
      }
      int[] channelDims = {0, 2};
      Tensor gw = next[1] == null ? null : g3.mul(xhat).sum(channelDims, false).reshape(shapeOf(w));
      Tensor gb = next[2] == null ? null : g3.sum(channelDims, false).reshape(biasShape);
      return new Tensor[] {gx, gw, gb};
    }
  }
}
