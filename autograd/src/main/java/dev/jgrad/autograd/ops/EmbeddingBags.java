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
import dev.jgrad.autograd.storage.SizeLimits;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Bags of embedding rows reduced by sum, mean or max, PyTorch's {@code torch.embedding_bag}: the int64
 * {@code indices} [n] are cut into bags at {@code offsets} (bag b is indices[offsets[b] .. offsets[b + 1]), the last
 * bag runs to the end unless {@code includeLastOffset}), and each bag's rows of {@code weight} [num, dim] are summed
 * (optionally weighted per index), averaged, or maxed per column. Indices equal to {@code paddingIdx} are left out
 * of their bag (and of the mean's count); an empty bag gives zeros. Sums are taken in float, in index order.
 */
public final class EmbeddingBags {
  private EmbeddingBags() {}

  enum Mode { SUM, MEAN, MAX }

  public static Tensor embeddingBag(Tensor weight, Tensor indices, Tensor offsets, boolean scaleGradByFreq, String mode,
      Tensor perSampleWeights, boolean includeLastOffset, Integer paddingIdx) {
    String op = "embeddingBag";
    Mode m = switch (mode == null ? "" : mode) {
      case "sum" -> Mode.SUM;
      case "mean" -> Mode.MEAN;
      case "max" -> Mode.MAX;
      default -> throw new IllegalArgumentException(op + ": mode has to be one of sum, mean or max, got '" + mode
          + "'");
    };
    checkArgument(indices.dtype() == DType.INT64 && offsets.dtype() == DType.INT64, "%s: Expected tensor for argument "
        + "#1 'indices' to have one of the following scalar types: Long, Int; but got %s indices and %s offsets "
        + "instead (while checking arguments for embedding_bag)", op, indices.dtype().torchName(),
        offsets.dtype().torchName());
    checkArgument(shapeOf(weight).length == 2 && shapeOf(indices).length == 1 && shapeOf(offsets).length == 1,
        "%s: expected weight [num, dim], 1-D indices and 1-D offsets, got weight %s, indices %s, offsets %s", op,
        Shapes.str(shapeOf(weight)), Shapes.str(shapeOf(indices)), Shapes.str(shapeOf(offsets)));
    checkArgument(perSampleWeights == null || m == Mode.SUM, "%s: per_sample_weights was not None. "
        + "per_sample_weights is only supported for mode='sum' (got mode='%s')", op, mode);
    checkArgument(perSampleWeights == null || java.util.Arrays.equals(shapeOf(perSampleWeights), shapeOf(indices)),
        "%s: If per_sample_weights (%s) is not None, then it must have the same shape as the input (%s)", op,
        perSampleWeights == null ? "" : Shapes.str(shapeOf(perSampleWeights)), Shapes.str(shapeOf(indices)));
    int num = shapeOf(weight)[0];
    int dim = shapeOf(weight)[1];
    Integer pad = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + num : paddingIdx;
    long[] idx = indices.toLongArray();
    long[] off = offsets.toLongArray();
    int n = idx.length;
    int bags = includeLastOffset ? off.length - 1 : off.length;
    checkArgument(off.length > 0, "%s: offsets must hold at least one element, got shape %s", op,
        Shapes.str(shapeOf(offsets)));
    checkArgument(off[0] == 0, "%s: offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start "
        + "from position 0. However, got %s", op, off[0]);
    checkArgument(off[off.length - 1] <= n, "%s: offsets[-1] can not be greater than input's length %s but got "
        + "offsets[-1] of %s", op, n, off[off.length - 1]);
    for (int b = 1; b < off.length; b++) {
      checkArgument(off[b] >= off[b - 1], "%s: offsets must be non-decreasing, got offsets[%s] = %s after "
          + "offsets[%s] = %s", op, b, off[b], b - 1, off[b - 1]);
    }
    for (int i = 0; i < n; i++) {
      if (idx[i] < 0 || idx[i] >= num) {
        throw new IndexOutOfBoundsException(op + ": index out of range in self: Index " + i + " is out of bounds: "
            + idx[i] + ", range 0 to " + num);
      }
    }
    checkArgument(perSampleWeights == null || perSampleWeights.dtype() == weight.dtype(), "%s: Expected tensor for "
        + "argument #1 'weight' to have the same type as tensor for argument #1 'per_sample_weights'; but type %s "
        + "does not equal %s (while checking arguments for embedding_bag)", op, legacyType(weight),
        perSampleWeights == null ? "" : legacyType(perSampleWeights));
    boolean f64 = weight.dtype() == DType.FLOAT64;
    float[] w = f64 ? null : weight.contiguous().toArray();
    float[] psw = f64 || perSampleWeights == null ? null : perSampleWeights.contiguous().toArray();
    float[] out = f64 ? null : SizeLimits.allocate(op, bags, dim);
    double[] wd = f64 ? weight.contiguous().toDoubleArray() : null;
    double[] pswd = f64 && perSampleWeights != null ? perSampleWeights.contiguous().toDoubleArray() : null;
    double[] outd = f64 ? SizeLimits.allocateDoubles(op, new int[] {bags, dim}) : null;
    int[] bagOf = new int[n];
    java.util.Arrays.fill(bagOf, -1); // indices after the last offset (includeLastOffset) are in no bag
    int[] counts = new int[bags];
    int[] argmax = m == Mode.MAX ? new int[bags * dim] : null;
    for (int b = 0; b < bags; b++) {
      int start = (int) off[b];
      int end = b + 1 < off.length ? (int) off[b + 1] : n;
      int o = b * dim;
      if (argmax != null) {
        java.util.Arrays.fill(argmax, o, o + dim, -1);
      }
      for (int i = start; i < end; i++) {
        bagOf[i] = b;
        if (pad != null && idx[i] == pad) {
          continue;
        }
        int row = (int) idx[i] * dim;
        if (f64) {
          addRow(m, wd, row, pswd == null ? 1 : pswd[i], outd, o, argmax, (int) idx[i], dim);
          counts[b]++;
          continue;
        }
        for (int d = 0; d < dim; d++) {
          float v = w[row + d];
          if (m == Mode.MAX) {
            if (argmax[o + d] < 0 || v > out[o + d]) {
              out[o + d] = v;
              argmax[o + d] = (int) idx[i];
            }
          } else {
            out[o + d] += psw == null ? v : psw[i] * v;
          }
        }
        counts[b]++;
      }
      if (m == Mode.MEAN && counts[b] > 0) {
        for (int d = 0; d < dim; d++) {
          if (f64) {
            outd[o + d] /= counts[b];
          } else {
            out[o + d] /= counts[b];
          }
        }
      }
    }
    Tensor r = f64 ? fresh(outd, new int[] {bags, dim}) : fresh(out, new int[] {bags, dim}, DType.FLOAT32);
    boolean track = GradMode.isEnabled()
        && (weight.requiresGrad() || (perSampleWeights != null && perSampleWeights.requiresGrad()));
    if (track) {
      attach(r, new EmbeddingBagBackward(weight, perSampleWeights, m, idx, bagOf, counts, argmax, pad,
          scaleGradByFreq));
    }
    return r;
  }

  /** One index's row of float64 weights into its bag at {@code o}: added (times its weight) or maxed per column. */
  private static void addRow(Mode m, double[] w, int row, double sampleWeight, double[] out, int o, int[] argmax,
      int index, int dim) {
    for (int d = 0; d < dim; d++) {
      double v = w[row + d];
      if (m == Mode.MAX) {
        if (argmax[o + d] < 0 || v > out[o + d]) {
          out[o + d] = v;
          argmax[o + d] = index;
        }
      } else {
        out[o + d] += sampleWeight * v;
      }
    }
  }

  /** PyTorch's legacy type name in embedding_bag's dtype message: torch.FloatTensor, torch.DoubleTensor. */
  private static String legacyType(Tensor t) {
    return "torch." + t.dtype().scalarTypeName() + "Tensor";
  }

  /**
   * Sum and mean: each index's row receives its bag's gradient times its coefficient (the per-sample weight, or
   * 1 / bag size for the mean, divided by the index's frequency in the batch with scale_grad_by_freq; 0 for
   * padding); max: each column's gradient goes to the row that won it. The per-sample weights receive the dot
   * product of their bag's gradient with their row (0 for padding, never scaled by frequency). Written with Tensor ops, so createGraph differentiates it.
   */
  static final class EmbeddingBagBackward extends Node {
    final int[] weightShape;
    final Mode mode;
    final Tensor index;
    final Tensor bagIndex;
    final Tensor coefficient;
    final Tensor kept;
    final int[] argmax;

    EmbeddingBagBackward(Tensor weight, Tensor perSampleWeights, Mode mode, long[] idx, int[] bagOf, int[] counts,
        int[] argmax, Integer pad, boolean scaleGradByFreq) {
      super(edgeOf(weight), perSampleWeights == null ? null : edgeOf(perSampleWeights));
      this.weightShape = shapeOf(weight).clone();
      this.mode = mode;
      this.argmax = argmax;
      int n = idx.length;
      int[] freq = new int[weightShape[0]];
      for (long i : idx) {
        freq[(int) i]++;
      }
      float[] ix = new float[n];
      float[] bx = new float[n];
      double[] coef = new double[n];   // computed in the weight's precision
      double[] keep = new double[n];
      boolean f64 = weight.dtype() == DType.FLOAT64;
      for (int i = 0; i < n; i++) {
        ix[i] = idx[i];
        bx[i] = Math.max(bagOf[i], 0);
        boolean skip = bagOf[i] < 0 || (pad != null && idx[i] == pad);
        int count = mode == Mode.MEAN && !skip ? counts[bagOf[i]] : 1;
        int f = scaleGradByFreq && !skip ? freq[(int) idx[i]] : 1;
        coef[i] = skip ? 0 : f64 ? 1.0 / count / f : 1f / count / f;
        keep[i] = skip ? 0 : 1;
      }
      this.index = fresh(ix, new int[] {n}, DType.INT64);
      this.bagIndex = fresh(bx, new int[] {n}, DType.INT64);
      this.coefficient = Tensor.of(coef, new int[] {n, 1}, weight.dtype());
      this.kept = Tensor.of(keep, new int[] {n, 1}, weight.dtype());
      save(weight, perSampleWeights);
    }

    @Override
    public String name() {
      return "EmbeddingBagBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      int dim = weightShape[1];
      if (mode == Mode.MAX) {
        int count = 0;
        for (int a : argmax) {
          count += a >= 0 ? 1 : 0;
        }
        float[] from = new float[count];
        float[] to = new float[count];
        for (int k = 0, j = 0; k < argmax.length; k++) {
          if (argmax[k] >= 0) {
            from[j] = k;
            to[j++] = (float) argmax[k] * dim + k % dim;
          }
        }
        Tensor picked = g.reshape(-1).indexSelect(0, fresh(from, new int[] {count}, DType.INT64));
        Tensor flat = Indexing.indexAdd(Tensor.zeros(g.dtype(), weightShape[0] * dim), 0,
            fresh(to, new int[] {count}, DType.INT64), picked);
        return new Tensor[] {flat.view(weightShape), null};
      }
      Tensor bagGrads = g.indexSelect(0, bagIndex);
      Tensor psw = saved(1);
      Tensor gradWeight = null;
      if (next[0] != null) {
        Tensor rows = bagGrads.mul(coefficient);
        if (psw != null) {
          rows = rows.mul(psw.unsqueeze(1));
        }
        gradWeight = Indexing.indexAdd(Tensor.zeros(g.dtype(), weightShape), 0, index, rows);
      }
      Tensor gradPsw = null;
      if (next[1] != null) {
        Tensor rows = saved(0).indexSelect(0, index);
        gradPsw = bagGrads.mul(rows).mul(kept).sum(1, false);
      }
      return new Tensor[] {gradWeight, gradPsw};
    }
  }
}
