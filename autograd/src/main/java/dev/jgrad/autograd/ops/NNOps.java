package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.doublesOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.kernels.ParallelBlocks;
import dev.jgrad.autograd.kernels.UnaryOp;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;

/**
 * Neural-network building blocks that are more than a composition: softmax and log-softmax, dropout, layer
 * normalisation and embedding lookup. Convolution and pooling live in {@link Conv} and {@link Pooling}.
 */
public final class NNOps {
  private NNOps() {}

  /** The softmax family: the op's label (its Tensor method, which starts its messages) and PyTorch's grad_fn. */
  public enum SoftmaxOp {
    SOFTMAX("softmax", "SoftmaxBackward0"),
    LOG_SOFTMAX("logSoftmax", "LogSoftmaxBackward0");

    final String label;
    final String gradFn;

    SoftmaxOp(String label, String gradFn) {
      this.label = label;
      this.gradFn = gradFn;
    }
  }

  /**
   * Softmax or log-softmax along {@code dim}. The kernel subtracts each row's max before exponentiating so that
   * inputs of ±1000 stay finite; log-softmax is x - max - log(Σ exp(x - max)), never log(softmax(x)).
   */
  public static Tensor softmax(Tensor x, int dim, SoftmaxOp family) {
    String op = family.label;
    boolean log = family == SoftmaxOp.LOG_SOFTMAX;
    checkArgument(x.dtype().isFloatingPoint(),
        "%s: expected a floating point tensor, got %s", op, x.dtype().torchName());
    int nd = shapeOf(x).length;
    int d = Shapes.dim(dim, nd, op);
    Tensor r;
    if (x.dtype() == DType.FLOAT64) {
      r = NNDoubles.softmax(x.detach(), d, log);
    } else if (nd == 0) {
      r = fresh(new float[] {log ? 0f : 1f}, Shapes.SCALAR, DType.FLOAT32);
    } else {
      int last = nd - 1;
      Tensor moved = d == last ? x.detach() : x.detach().transpose(d, last);
      int cols = shapeOf(moved)[last];
      int n = moved.numel();
      float[] out = new float[n];
      if (n > 0) {
        float[] in = dataOf(moved);
        int inOff = dataOffsetOf(moved);
        Kernels k = Kernels.get();
        ParallelBlocks.forRows(n / cols, cols, 4, (from, to) -> k.softmaxRows(in, inOff + from * cols, out,
            from * cols, to - from, cols, log));
      }
      Tensor t = fresh(out, shapeOf(moved).clone(), DType.FLOAT32);
      r = d == last ? t : t.transpose(d, last).contiguous();
    }
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new SoftmaxBackward(x, r, d, family));
    }
    return r;
  }

  static final class SoftmaxBackward extends Node {
    final int dim;
    final SoftmaxOp op;

    SoftmaxBackward(Tensor x, Tensor out, int dim, SoftmaxOp op) {
      super(edgeOf(x));
      this.dim = dim;
      this.op = op;
      save(out);
    }

    @Override
    public String name() {
      return op.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor y = saved(0);
      boolean log = op == SoftmaxOp.LOG_SOFTMAX;
      if (y.dim() == 0) {
        return new Tensor[] {log ? Tensor.zerosLike(g) : Tensor.zerosLike(g)};
      }
      if (y.dtype() == DType.FLOAT64 && !GradMode.isEnabled()) {
        return new Tensor[] {NNDoubles.softmaxGrad(g, y, dim, log)};
      }
      if (log) {
        // d logsoftmax: g - softmax · Σ g
        if (!GradMode.isEnabled() && dim == shapeOf(y).length - 1 && java.util.Arrays.equals(shapeOf(g), shapeOf(y))) {
          return new Tensor[] {logSoftmaxGrad(g, y)};
        }
        return new Tensor[] {g.sub(y.exp().mul(g.sum(dim, true)))};
      }
      // d softmax: y · (g - Σ g·y)
      if (!GradMode.isEnabled() && dim == shapeOf(y).length - 1 && java.util.Arrays.equals(shapeOf(g), shapeOf(y))) {
        return new Tensor[] {softmaxGrad(g, y)};
      }
      return new Tensor[] {y.mul(g.sub(g.mul(y).sum(dim, true)))};
    }
  }

  /**
   * {@code g - exp(y) · Σ_row g} over the last dim in one pass per row, with the roundings of the composition it
   * replaces (each row's sum through {@link Kernels#sum}, the kernels' exp, product, difference), so the values are
   * identical; used when no graph is recorded.
   */
  private static Tensor logSoftmaxGrad(Tensor g, Tensor y) {
    int n = g.numel();
    float[] out = new float[n];
    int cols = shapeOf(y)[shapeOf(y).length - 1];
    if (n > 0 && cols > 0) {
      float[] gd = dataOf(g);
      int go = dataOffsetOf(g);
      float[] yd = dataOf(y);
      int yo = dataOffsetOf(y);
      Kernels k = Kernels.get();
      // The same exp as Tensor.exp (the kernels'), so the fused rule stays bit-identical to the composition; one
      // call for the whole block (exp is elementwise), not one per row: rows of a few classes would each pay a
      // padded vector call.
      k.unary(UnaryOp.EXP, yd, yo, out, 0, n);
      for (int r = 0, base = 0; base < n; r++, base += cols) {
        float s = ParallelBlocks.sum(k, gd, go + base, cols);
        for (int j = 0; j < cols; j++) {
          out[base + j] = gd[go + base + j] - out[base + j] * s;
        }
      }
    }
    return fresh(out, shapeOf(g), DType.FLOAT32);
  }

  /**
   * {@code y · (g - Σ_row g·y)} over the last dim, row by row on both cores, with the roundings of the composition it
   * replaces (the products, each row's sum of them through {@link Kernels#sum}, the difference, the product), so
   * the values are identical (each row's sum through {@link ParallelBlocks#sum}, as {@code sum(dim)} takes it); used
   * when no graph is recorded. The composition made four full passes and four
   * arrays, one of them a copy for the row sums.
   */
  private static Tensor softmaxGrad(Tensor g, Tensor y) {
    int n = g.numel();
    float[] out = new float[n];
    int cols = shapeOf(y)[shapeOf(y).length - 1];
    if (n > 0 && cols > 0) {
      float[] gd = dataOf(g);
      int go = dataOffsetOf(g);
      float[] yd = dataOf(y);
      int yo = dataOffsetOf(y);
      Kernels k = Kernels.get();
      ParallelBlocks.forRows(n / cols, cols, 2, (from, to) -> {
        for (int base = from * cols; base < to * cols; base += cols) {
          for (int j = 0; j < cols; j++) {
            out[base + j] = gd[go + base + j] * yd[yo + base + j];
          }
          float s = ParallelBlocks.sum(k, out, base, cols);
          for (int j = 0; j < cols; j++) {
            out[base + j] = yd[yo + base + j] * (gd[go + base + j] - s);
          }
        }
      });
    }
    return fresh(out, shapeOf(g), DType.FLOAT32);
  }

  // ------------------------------------------------------------------ dropout

  /**
   * Inverted dropout as PyTorch's CPU path computes it: noise = bernoulli(1 - p) / (1 - p) in float32, out = x ·
   * noise (so the node is MulBackward0). Returns x itself when p is 0, when not training, or when x is empty;
   * p = 1 gives x · 0.
   */
  public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
    checkArgument(p >= 0 && p <= 1, "dropout: dropout probability has to be between 0 and 1, but got %s", p);
    if (p == 0 || !training || x.numel() == 0) {
      return x;
    }
    if (p == 1) {
      return x.mul(Tensor.zeros(x.dtype()));
    }
    int n = x.numel();
    float[] noise = new float[n];
    generator.bernoulli(noise, 0, n, 1 - p);
    if (x.dtype() == DType.FLOAT64) {
      // PyTorch draws the same bernoulli mask for float64 and divides it by 1 - p in double.
      double[] scaled = new double[n];
      double scale = 1 / (1 - p);
      for (int i = 0; i < n; i++) {
        scaled[i] = noise[i] * scale;
      }
      return x.mul(fresh(scaled, shapeOf(x).clone()));
    }
    float scale = 1f / (float) (1 - p);
    for (int i = 0; i < n; i++) {
      noise[i] = noise[i] * scale;
    }
    return x.mul(fresh(noise, shapeOf(x).clone(), DType.FLOAT32));
  }

  // ------------------------------------------------------------------ layer norm

  /**
   * Normalises over the trailing {@code normalizedShape} dims: (x - mean) / sqrt(var + eps) · weight + bias, with
   * the biased variance, as PyTorch's native_layer_norm.
   */
  public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    int k = normalizedShape.length;
    checkArgument(k != 0,
        "layerNorm: Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, "
            + "but got normalized_shape = []");
    checkAffine("weight", weight, normalizedShape);
    checkAffine("bias", bias, normalizedShape);
    int nd = shapeOf(x).length;
    boolean ok = nd >= k;
    for (int i = 0; ok && i < k; i++) {
      ok = shapeOf(x)[nd - k + i] == normalizedShape[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "layerNorm: Given normalized_shape=" + Shapes.str(normalizedShape) + ", expected input with shape [*, "
              + Shapes.str(normalizedShape).substring(1) + ", but got input of size" + Shapes.str(shapeOf(x)));
    }
    int cols = Shapes.numel(normalizedShape);
    int rows = cols == 0 ? 0 : x.numel() / cols;
    boolean track = (x.requiresGrad() || (weight != null && weight.requiresGrad())
        || (bias != null && bias.requiresGrad()))
        && GradMode.isEnabled();
    checkSameDtype("layerNorm", x, weight, bias);
    if (x.dtype() == DType.FLOAT64) {
      Tensor r = NNDoubles.layerNorm(x, cols, NNDoubles.doubles(weight), NNDoubles.doubles(bias), eps);
      return track ? attach(r, new LayerNormBackward(x, weight, bias, k, eps, null, null)) : r;
    }
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    float[] w = weight == null ? null : weight.contiguous().toArray();
    float[] b = bias == null ? null : bias.contiguous().toArray();
    float[] out = new float[x.numel()];
    float[] means = new float[rows];
    float[] rstds = new float[rows];
    Kernels kern = Kernels.get();
    // Rows are independent: each block of rows gives the same values on any thread.
    ParallelBlocks.forRows(rows, cols, 4, (from, to) -> kern.layerNormRows(xd, xo + from * cols, w, b, eps, out,
        from * cols, means, rstds, from, to - from, cols));
    Tensor r = fresh(out, shapeOf(x).clone(), DType.FLOAT32);
    if (track) {
      attach(r, new LayerNormBackward(x, weight, bias, k, eps, means, rstds));
    }
    return r;
  }

  /** PyTorch's "expected scalar type Double but found Float" when an affine tensor's dtype differs from x's. */
  private static void checkSameDtype(String op, Tensor x, Tensor... others) {
    for (Tensor o : others) {
      if (o != null) {
        Dtypes.checkSameDtype(op, x.dtype(), o.dtype());
      }
    }
  }

  private static void checkAffine(String what, Tensor t, int[] normalizedShape) {
    if (t != null && !java.util.Arrays.equals(shapeOf(t), normalizedShape)) {
      throw new IllegalArgumentException(
          "layerNorm: Expected " + what + " to be of same shape as normalized_shape, but got " + what + " of shape "
              + Shapes.str(shapeOf(t)) + " and normalized_shape = " + Shapes.str(normalizedShape));
    }
  }

  /**
   * With x̂ = (x - mean)·rstd and ĝ = g·weight: dx = rstd·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂)) over the normalised dims,
   * dweight = Σ g·x̂ and dbias = Σ g over the leading dims. A plain backward uses the saved statistics in one
   * loop; under createGraph the same formula is evaluated with Tensor ops (statistics recomputed from x) so it can
   * be differentiated again.
   */
  static final class LayerNormBackward extends Node {
    final int k;
    final double eps;
    final float[] means;
    final float[] rstds;
    final boolean hasWeight;

    LayerNormBackward(Tensor x, Tensor weight, Tensor bias, int k, double eps, float[] means, float[] rstds) {
      super(edgeOf(x), weight == null ? null : edgeOf(weight), bias == null ? null : edgeOf(bias));
      this.k = k;
      this.eps = eps;
      this.means = means;
      this.rstds = rstds;
      this.hasWeight = weight != null;
      save(x, weight);
    }

    @Override
    public String name() {
      return "NativeLayerNormBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      Tensor w = saved(1);
      int nd = shapeOf(x).length;
      int[] normDims = new int[k];
      for (int i = 0; i < k; i++) {
        normDims[i] = nd - k + i;
      }
      int[] leadDims = new int[nd - k];
      for (int i = 0; i < nd - k; i++) {
        leadDims[i] = i;
      }
      if (GradMode.isEnabled()) {
        return differentiable(g, x, w, normDims, leadDims);
      }
      if (x.dtype() == DType.FLOAT64) {
        int[] normShape = java.util.Arrays.copyOfRange(shapeOf(x), nd - k, nd);
        return NNDoubles.layerNormGrad(g, x, NNDoubles.doubles(w), normShape, eps,
            new boolean[] {next[0] != null, next[1] != null, next[2] != null});
      }
      return direct(g, x, w, leadDims);
    }

    private Tensor[] differentiable(Tensor g, Tensor x, Tensor w, int[] normDims, int[] leadDims) {
      Tensor centered = x.sub(x.mean(normDims, true));
      Tensor rstd = centered.mul(centered).mean(normDims, true).add(eps).rsqrt();
      Tensor xhat = centered.mul(rstd);
      Tensor gx = null;
      if (next[0] != null) {
        Tensor gh = w == null ? g : g.mul(w);
        gx = rstd.mul(gh.sub(gh.mean(normDims, true)).sub(xhat.mul(gh.mul(xhat).mean(normDims, true))));
      }
      Tensor gw = next[1] == null ? null : g.mul(xhat).sum(leadDims, false);
      Tensor gb = next[2] == null ? null : g.sum(leadDims, false);
      return new Tensor[] {gx, gw, gb};
    }

    private Tensor[] direct(Tensor g, Tensor x, Tensor w, int[] leadDims) {
      int rows = means.length;
      int cols = rows == 0 ? Shapes.numel(java.util.Arrays.copyOfRange(shapeOf(x), shapeOf(x).length - k,
          shapeOf(x).length)) : x.numel() / rows;
      float[] xd = dataOf(x);
      int xo = dataOffsetOf(x);
      float[] gd = dataOf(g);
      int go = dataOffsetOf(g);
      float[] wd = w == null ? null : w.contiguous().toArray();
      float[] gx = next[0] == null ? null : new float[x.numel()];
      // Blocks of rows on any thread; the weight and bias gradients are sums over rows, kept per block and added
      // in block order, so their bits do not depend on the thread count. At most 16 blocks, each with its own
      // partial sums (2 × 8 bytes per column).
      int per = Math.max(ParallelBlocks.rowsPerBlock(cols), (rows + 15) / 16);
      int blocks = rows == 0 ? 0 : (rows + per - 1) / per;
      double[][] gwBlocks = new double[blocks][];
      double[][] gbBlocks = new double[blocks][];
      ParallelBlocks.run(blocks, 4L * rows * cols, blk -> {
        double[] gwb = gwBlocks[blk] = new double[cols];
        double[] gbb = gbBlocks[blk] = new double[cols];
        directRows(xd, xo, gd, go, wd, gx, gwb, gbb, blk * per, Math.min(rows, blk * per + per), cols);
      });
      double[] gw = new double[cols];
      double[] gb = new double[cols];
      for (int blk = 0; blk < blocks; blk++) {
        for (int j = 0; j < cols; j++) {
          gw[j] += gwBlocks[blk][j];
          gb[j] += gbBlocks[blk][j];
        }
      }
      int[] normShape = java.util.Arrays.copyOfRange(shapeOf(x), shapeOf(x).length - k, shapeOf(x).length);
      return new Tensor[] {
          gx == null ? null : fresh(gx, shapeOf(x).clone(), DType.FLOAT32),
          next[1] == null ? null : fresh(toFloats(gw), normShape, DType.FLOAT32),
          next[2] == null ? null : fresh(toFloats(gb), normShape.clone(), DType.FLOAT32)};
    }

    private void directRows(float[] xd, int xo, float[] gd, int go, float[] wd, float[] gx, double[] gw,
                            double[] gb, int fromRow, int toRow, int cols) {
      for (int r = fromRow; r < toRow; r++) {
        int xb = xo + r * cols;
        int gbase = go + r * cols;
        double mean = means[r];
        double rstd = rstds[r];
        double sumGh = 0;
        double sumGhXhat = 0;
        for (int j = 0; j < cols; j++) {
          double xhat = (xd[xb + j] - mean) * rstd;
          double gv = gd[gbase + j];
          double gh = wd == null ? gv : gv * wd[j];
          sumGh += gh;
          sumGhXhat += gh * xhat;
          gw[j] += gv * xhat;
          gb[j] += gv;
        }
        if (gx != null) {
          double mGh = sumGh / cols;
          double mGhXhat = sumGhXhat / cols;
          for (int j = 0; j < cols; j++) {
            double xhat = (xd[xb + j] - mean) * rstd;
            double gh = wd == null ? gd[gbase + j] : gd[gbase + j] * wd[j];
            gx[r * cols + j] = (float) (rstd * (gh - mGh - xhat * mGhXhat));
          }
        }
      }
    }

    private static float[] toFloats(double[] v) {
      float[] out = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = (float) v[i];
      }
      return out;
    }
  }

  // ------------------------------------------------------------------ embedding

  /**
   * Rows of {@code weight} [num, dim] picked by int64 {@code indices} (any shape): out shape indices.shape + [dim].
   * The row {@code paddingIdx} (null for none; negative counts from the end) never receives gradient.
   */
  public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
    checkArgument(indices.dtype() == DType.INT64,
        "embedding: Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, "
            + "Int; but got %s instead (while checking arguments for embedding)", indices.dtype().torchName());
    if (shapeOf(weight).length != 2) {
      throw new IllegalArgumentException(
          "embedding: 'weight' must be 2-D, got shape " + Shapes.str(shapeOf(weight)));
    }
    int num = shapeOf(weight)[0];
    int dim = shapeOf(weight)[1];
    Integer pad = paddingIdx;
    if (pad != null) {
      checkArgument(!(pad >= num) && !(pad < -num),
          "embedding: Padding_idx must be within num_embeddings (paddingIdx %s, num_embeddings %s)", pad, num);
      pad = pad < 0 ? pad + num : pad;
    }
    long[] idx = Elements.longs(indices);
    boolean f64 = weight.dtype() == DType.FLOAT64;
    int[] outShape = Shapes.insertDim(shapeOf(indices), shapeOf(indices).length, dim);
    Object wd = f64 ? doublesOf(weight) : dataOf(weight);
    int wo = dataOffsetOf(weight);
    Object out = f64 ? SizeLimits.allocateDoubles("embedding", outShape) : SizeLimits.allocate("embedding", outShape);
    for (int i = 0; i < idx.length; i++) {
      long j = idx[i];
      if (j < 0 || j >= num) {
        throw new IndexOutOfBoundsException(
            "embedding: index out of range in self (index " + j + " at position " + i + ", num_embeddings " + num
                + ")");
      }
      System.arraycopy(wd, wo + (int) j * dim, out, i * dim, dim);
    }
    Tensor r = f64 ? fresh((double[]) out, outShape) : fresh((float[]) out, outShape, DType.FLOAT32);
    if (weight.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new EmbeddingBackward(weight, indices.detach().reshape(-1), pad));
    }
    return r;
  }

  /** Scatter-adds each gradient row into its weight row (repeats accumulate); the padding row gets none. */
  static final class EmbeddingBackward extends Node {
    final int[] weightShape;
    final Tensor flatIndices;
    final Integer pad;

    EmbeddingBackward(Tensor weight, Tensor flatIndices, Integer pad) {
      super(edgeOf(weight));
      this.weightShape = shapeOf(weight);
      this.flatIndices = flatIndices;
      this.pad = pad;
    }

    @Override
    public String name() {
      return "EmbeddingBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor rows = g.reshape(-1, weightShape[1]);
      if (g.dtype() == DType.FLOAT64 && !GradMode.isEnabled()) {
        return new Tensor[] {NNDoubles.scatterRows(rows, flatIndices, weightShape, pad)};
      }
      if (pad != null) {
        rows = Pointwise.maskedFill(rows, flatIndices.eq(pad).unsqueeze(1), 0f);
      }
      return new Tensor[] {Indexing.indexAdd(Tensor.zeros(weightShape), 0, flatIndices, rows)};
    }
  }
}
