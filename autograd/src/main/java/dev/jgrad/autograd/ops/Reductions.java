package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ValuesAndIndices;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.kernels.ParallelBlocks;
import dev.jgrad.autograd.storage.Shapes;
import java.util.Arrays;

/** Reductions (sum, mean, max/min) and {@link #sumTo}, the reduction that undoes broadcasting in backward. */
public final class Reductions {
  private Reductions() {}

  /** Which dims to reduce: all when {@code dims} is null or empty... null means all; duplicates fail. */
  static boolean[] reduceMask(Tensor x, int[] dims, String op) {
    int nd = shapeOf(x).length;
    boolean[] mask = new boolean[nd];
    if (dims == null) {
      Arrays.fill(mask, true);
      return mask;
    }
    for (int d : dims) {
      int dd = Shapes.dim(d, nd, op);
      if (nd == 0) {
        continue;
      }
      if (mask[dd]) {
        throw new IllegalArgumentException(
            op + ": dim " + dd + " appears multiple times in the list of dims " + Arrays.toString(dims));
      }
      mask[dd] = true;
    }
    return mask;
  }

  static int[] reducedShape(int[] shape, boolean[] mask, boolean keepDim) {
    int count = 0;
    for (boolean m : mask) {
      if (!m) {
        count++;
      }
    }
    int[] out = new int[keepDim ? shape.length : count];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (keepDim) {
        out[i] = mask[i] ? 1 : shape[i];
      } else if (!mask[i]) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  /** Sums x over the masked dims into a contiguous array in the kept dims' row-major order. */
  static float[] sumForward(Tensor x, boolean[] mask) {
    int nd = shapeOf(x).length;
    int n = x.numel();
    int reduceCount = 1;
    for (int i = 0; i < nd; i++) {
      if (mask[i]) {
        reduceCount *= shapeOf(x)[i];
      }
    }
    int outCount = reduceCount == 0 ? Shapes.numel(reducedShape(shapeOf(x), mask, false)) : n / reduceCount;
    float[] out = new float[outCount];
    if (n == 0) {
      return out;
    }
    if (outCount == 1) {
      out[0] = ParallelBlocks.sum(Kernels.get(), dataOf(x), dataOffsetOf(x), n);
      return out;
    }
    int lead = 0;
    while (lead < nd && mask[lead]) {
      lead++;
    }
    boolean leadingOnly = true;
    for (int i = lead; i < nd; i++) {
      leadingOnly &= !mask[i];
    }
    float[] d = dataOf(x);
    int off = dataOffsetOf(x);
    if (leadingOnly) {
      // Reducing the leading dims (e.g. a bias gradient over the batch): add whole rows, vectorisable.
      for (int r = 0; r < reduceCount; r++) {
        int base = off + r * outCount;
        for (int j = 0; j < outCount; j++) {
          out[j] += d[base + j];
        }
      }
      return out;
    }
    // General case: move kept dims first, reduced dims last, then sum contiguous runs.
    int[] perm = new int[nd];
    int k = 0;
    for (int i = 0; i < nd; i++) {
      if (!mask[i]) {
        perm[k++] = i;
      }
    }
    for (int i = 0; i < nd; i++) {
      if (mask[i]) {
        perm[k++] = i;
      }
    }
    // Read in place when the permutation leaves x contiguous (reduced dims already last): no copy.
    Tensor movedView = x.detach().permute(perm);
    float[] moved = dataOf(movedView);
    int mo = dataOffsetOf(movedView);
    Kernels kern = Kernels.get();
    int runs = reduceCount;
    ParallelBlocks.forRows(outCount, runs, 1, (from, to) -> {
      for (int o = from; o < to; o++) {
        out[o] = ParallelBlocks.sum(kern, moved, mo + o * runs, runs);
      }
    });
    return out;
  }

  /** Sums float64 x over the masked dims in double, in the kept dims' row-major order. */
  static double[] sumDoubles(Tensor x, boolean[] mask) {
    int outCount = Shapes.numel(reducedShape(shapeOf(x), mask, false));
    double[] out = new double[outCount];
    int run = outCount == 0 ? 0 : x.numel() / outCount;
    double[] moved = run == 0 ? new double[0] : reducedLastDoubles(x, mask);
    for (int o = 0; o < outCount; o++) {
      double s = 0;
      for (int i = o * run, e = i + run; i < e; i++) {
        s += moved[i];
      }
      out[o] = s;
    }
    return out;
  }

  public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
    // An empty dim list reduces every dim, as in PyTorch 1.13 (still SumBackward1, the dim-list overload).
    boolean[] mask = reduceMask(x, dims == null || dims.length == 0 ? null : dims, "sum");
    int[] outShape = reducedShape(shapeOf(x), mask, keepDim);
    // Integral and bool inputs sum to int64, as in PyTorch.
    Tensor r = x.dtype() == DType.FLOAT64 ? fresh(sumDoubles(x, mask), outShape)
        : x.dtype() == DType.FLOAT32 ? fresh(sumForward(x, mask), outShape, DType.FLOAT32)
        : fresh(reduceLongs(x, mask, false), outShape);
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new ExpandBack(dims == null ? ReduceOp.SUM : ReduceOp.SUM_DIMS, x, mask, keepDim, 0));
    }
    return r;
  }

  public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. "
              + "Got: " + (x.dtype() == DType.INT64 ? "Long" : "Bool"));
    }
    boolean[] mask = reduceMask(x, dims == null || dims.length == 0 ? null : dims, "mean");
    int[] outShape = reducedShape(shapeOf(x), mask, keepDim);
    int outCount = Shapes.numel(outShape);
    int count = outCount == 0 || x.numel() == 0 ? 0 : x.numel() / outCount;
    Tensor r;
    if (x.dtype() == DType.FLOAT64) {
      double[] out = sumDoubles(x, mask);
      for (int i = 0; i < out.length; i++) {
        out[i] = out[i] / count;
      }
      r = fresh(out, outShape);
    } else {
      float[] out = sumForward(x, mask);
      for (int i = 0; i < out.length; i++) {
        out[i] = out[i] / count;
      }
      r = fresh(out, outShape, DType.FLOAT32);
    }
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new ExpandBack(dims == null ? ReduceOp.MEAN : ReduceOp.MEAN_DIMS, x, mask, keepDim, count));
    }
    return r;
  }

  /** The reductions' backward nodes: PyTorch's grad_fn name of each (the dim overloads are numbered apart). */
  enum ReduceOp {
    SUM("SumBackward0"),
    SUM_DIMS("SumBackward1"),
    MEAN("MeanBackward0"),
    MEAN_DIMS("MeanBackward1"),
    MAX("MaxBackward1"),
    MIN("MinBackward1"),
    MAX_DIM("MaxBackward0"),
    MIN_DIM("MinBackward0"),
    PROD("ProdBackward0"),
    PROD_DIM("ProdBackward1"),
    LOGSUMEXP("LogsumexpBackward0"),
    CUMSUM("CumsumBackward0");

    final String gradFn;

    ReduceOp(String gradFn) {
      this.gradFn = gradFn;
    }
  }

  /** Backward of sum and mean: broadcast the gradient back over the reduced dims (divided by n for mean). */
  static final class ExpandBack extends Node {
    final ReduceOp op;
    final int[] inShape;
    final boolean[] mask;
    final boolean keepDim;
    final int divisor;

    ExpandBack(ReduceOp op, Tensor x, boolean[] mask, boolean keepDim, int divisor) {
      super(edgeOf(x));
      this.op = op;
      this.inShape = shapeOf(x);
      this.mask = mask;
      this.keepDim = keepDim;
      this.divisor = divisor;
    }

    @Override
    public String name() {
      return op.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor r = expandBack(g, inShape, mask, keepDim);
      return new Tensor[] {divisor == 0 ? r : r.div(divisor)};
    }
  }

  /** Re-inserts reduced dims (when not kept) and expands to the input shape. */
  static Tensor expandBack(Tensor g, int[] inShape, boolean[] mask, boolean keepDim) {
    if (!keepDim) {
      for (int i = 0; i < inShape.length; i++) {
        if (mask[i]) {
          g = g.unsqueeze(i);
        }
      }
    }
    return g.expand(inShape);
  }

  /** Sums {@code g} over the dims that broadcasting added or stretched, giving a tensor of {@code shape}. */
  public static Tensor sumTo(Tensor g, int[] shape) {
    if (shapeOf(g) == shape || Arrays.equals(shapeOf(g), shape)) {
      return g;
    }
    int lead = shapeOf(g).length - shape.length;
    int[] dims = new int[shapeOf(g).length];
    int k = 0;
    for (int i = 0; i < shapeOf(g).length; i++) {
      if (i < lead || (shape[i - lead] == 1 && shapeOf(g)[i] != 1)) {
        dims[k++] = i;
      }
    }
    Tensor r = k == 0 ? g : g.sum(Arrays.copyOf(dims, k), true);
    return Arrays.equals(shapeOf(r), shape) ? r : r.view(shape);
  }

  // ------------------------------------------------------------------ max / min

  public static Tensor maxAll(Tensor x, boolean max) {
    int n = x.numel();
    String op = max ? "max" : "min";
    checkArgument(n != 0,
        "%s(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the "
            + "'dim' argument.", op);
    Object moved = Elements.of(x);
    int best = bestInRuns(moved, dataOffsetOf(x), n, 1, max)[0];
    Object value = Elements.allocate(op, Shapes.SCALAR, x.dtype());
    System.arraycopy(moved, dataOffsetOf(x) + best, value, 0, 1);
    Tensor r = Elements.tensor(value, Shapes.SCALAR, x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new MaxAllBackward(x, r, max ? ReduceOp.MAX : ReduceOp.MIN));
    }
    return r;
  }

  /** Full max/min: ties share the gradient evenly (PyTorch's evenly_distribute_backward). */
  static final class MaxAllBackward extends Node {
    final ReduceOp op;

    MaxAllBackward(Tensor x, Tensor out, ReduceOp op) {
      super(edgeOf(x));
      this.op = op;
      save(x, out);
    }

    @Override
    public String name() {
      return op.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      Tensor mask = x.eq(saved(1)).to(g.dtype());
      return new Tensor[] {mask.mul(g.div(mask.sum()))};
    }
  }

  public static ValuesAndIndices maxDim(Tensor x, int dim, boolean keepDim, boolean max) {
    String op = max ? "max" : "min";
    int nd = shapeOf(x).length;
    int d = Shapes.dim(dim, nd, op);
    if (nd == 0) {
      Tensor v = x.clone();
      return new ValuesAndIndices(v, fresh(new float[] {0}, Shapes.SCALAR, DType.INT64));
    }
    boolean[] mask = new boolean[nd];
    mask[d] = true;
    int[] outShape = reducedShape(shapeOf(x), mask, keepDim);
    Object values = Elements.allocate(op, outShape, x.dtype());
    long[] indices = maxAlong(x, d, max, op, values);
    Tensor v = Elements.tensor(values, outShape, x.dtype());
    Tensor idx = fresh(indices, outShape.clone());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(v, new MaxDimBackward(x, idx, d, keepDim, max ? ReduceOp.MAX_DIM : ReduceOp.MIN_DIM));
    }
    return new ValuesAndIndices(v, idx);
  }

  /**
   * The first index of the largest (or smallest) value along dim {@code d} of each row, in the kept dims' row-major
   * order; a NaN wins, as in PyTorch. The values go to {@code values} (an element array of x's dtype) unless null.
   */
  static long[] maxAlong(Tensor x, int d, boolean max, String op, Object values) {
    int size = shapeOf(x)[d];
    if (size == 0) {
      throw new IllegalArgumentException(
          op + "(): Expected reduction dim " + d + " to have non-zero size (shape " + Shapes.str(shapeOf(x)) + ")");
    }
    boolean[] mask = new boolean[shapeOf(x).length];
    mask[d] = true;
    Object moved = Elements.copy(reducedLastView(x, mask));
    int outCount = x.numel() / size;
    int[] best = bestInRuns(moved, 0, size, outCount, max);
    long[] indices = new long[outCount];
    for (int o = 0; o < outCount; o++) {
      indices[o] = best[o];
      if (values != null) {
        System.arraycopy(moved, o * size + best[o], values, o, 1);
      }
    }
    return indices;
  }

  /**
   * For each of {@code runs} consecutive runs of {@code size} elements from {@code off} in an element array,
   * the index in the run of its first largest (smallest) element, a NaN winning.
   */
  private static int[] bestInRuns(Object data, int off, int size, int runs, boolean max) {
    int[] best = new int[runs];
    for (int o = 0; o < runs; o++) {
      int base = off + o * size;
      int bestIdx = 0;
      if (data instanceof double[] d) {
        double b = d[base];
        for (int i = 1; i < size && !Double.isNaN(b); i++) {
          double v = d[base + i];
          if (Double.isNaN(v) || (max ? v > b : v < b)) {
            b = v;
            bestIdx = i;
          }
        }
      } else if (data instanceof long[] d) {
        long b = d[base];
        for (int i = 1; i < size; i++) {
          if (max ? d[base + i] > b : d[base + i] < b) {
            b = d[base + i];
            bestIdx = i;
          }
        }
      } else if (data instanceof boolean[] d) {
        for (int i = 1; i < size; i++) {
          if (d[base + i] != d[base + bestIdx] && d[base + i] == max) {
            bestIdx = i;
          }
        }
      } else {
        float[] d = (float[]) data;
        float b = d[base];
        for (int i = 1; i < size && !Float.isNaN(b); i++) {
          float v = d[base + i];
          if (Float.isNaN(v) || (max ? v > b : v < b)) {
            b = v;
            bestIdx = i;
          }
        }
      }
      best[o] = bestIdx;
    }
    return best;
  }

  /** x's values with the masked (reduced) dims moved innermost, so each output reads one contiguous run. */
  static float[] reducedLast(Tensor x, boolean[] mask) {
    return reducedLastView(x, mask).toArray();
  }

  /** The int64 sums (or products) over the masked dims of an int64 or bool tensor, exact (wrapping on overflow). */
  static long[] reduceLongs(Tensor x, boolean[] mask, boolean product) {
    int outCount = Shapes.numel(reducedShape(shapeOf(x), mask, false));
    long[] out = new long[outCount];
    int run = outCount == 0 ? 0 : x.numel() / outCount;
    long[] moved = run == 0 ? new long[0] : Elements.longs(reducedLastView(x, mask));
    for (int o = 0; o < outCount; o++) {
      long acc = product ? 1 : 0;
      for (int i = o * run, e = i + run; i < e; i++) {
        acc = product ? acc * moved[i] : acc + moved[i];
      }
      out[o] = acc;
    }
    return out;
  }

  /** {@link #reducedLast} of a float64 tensor. */
  static double[] reducedLastDoubles(Tensor x, boolean[] mask) {
    return reducedLastView(x, mask).toDoubleArray();
  }

  /** x, or a permuted view of it, with the masked dims innermost. */
  private static Tensor reducedLastView(Tensor x, boolean[] mask) {
    int nd = shapeOf(x).length;
    int[] perm = new int[nd];
    int k = 0;
    boolean alreadyLast = true;
    for (int i = 0; i < nd; i++) {
      if (!mask[i]) {
        alreadyLast &= k == i;
        perm[k++] = i;
      }
    }
    for (int i = 0; i < nd; i++) {
      if (mask[i]) {
        perm[k++] = i;
      }
    }
    return alreadyLast ? x : x.detach().permute(perm);
  }

  // ------------------------------------------------------------------ argmax / argmin

  /** Index of the largest (smallest) element of the flattened tensor (dim null) or along dim; int64, no graph. */
  public static Tensor argmax(Tensor x, Integer dim, boolean keepDim, boolean max) {
    String op = max ? "argmax" : "argmin";
    int nd = shapeOf(x).length;
    if (dim == null) {
      checkArgument(x.numel() != 0, "%s(): Expected reduction dim to be specified for input.numel() == 0.", op);
      int[] shape = keepDim ? filled(nd, 1) : Shapes.SCALAR;
      return fresh(maxAlong(x.detach().reshape(-1), 0, max, op, null), shape);
    }
    int d = Shapes.dim(dim, nd, op);
    if (nd == 0) {
      return fresh(new float[] {0}, Shapes.SCALAR, DType.INT64);
    }
    if (shapeOf(x)[d] == 0) {
      throw new IllegalArgumentException(
          op + "(): Expected reduction dim " + d + " to have non-zero size (shape " + Shapes.str(shapeOf(x)) + ")");
    }
    boolean[] mask = new boolean[nd];
    mask[d] = true;
    return fresh(maxAlong(x, d, max, op, null), reducedShape(shapeOf(x), mask, keepDim));
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }

  // ------------------------------------------------------------------ logsumexp

  /**
   * log(Σ exp(x)) over dims (all when null or empty), computed as m + log(Σ exp(x - m)) with m the max, so large
   * inputs do not overflow; an infinite max is replaced by 0 first, as in PyTorch.
   */
  public static Tensor logsumexp(Tensor x, int[] dims, boolean keepDim) {
    boolean[] mask = reduceMask(x, dims == null || dims.length == 0 ? null : dims, "logsumexp");
    int[] outShape = reducedShape(shapeOf(x), mask, keepDim);
    int outCount = Shapes.numel(outShape);
    int n = x.numel();
    int run = outCount == 0 ? 0 : n / outCount;
    Tensor r = x.dtype() == DType.FLOAT64
        ? fresh(logsumexpDoubles(n == 0 ? new double[0] : reducedLastDoubles(x, mask), outCount, run), outShape)
        : fresh(logsumexpFloats(n == 0 ? new float[0] : reducedLast(x, mask), outCount, run), outShape,
            DType.FLOAT32);
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new LogsumexpBackward(x, r, mask, keepDim));
    }
    return r;
  }

  private static float[] logsumexpFloats(float[] moved, int outCount, int run) {
    float[] out = new float[outCount];
    for (int o = 0; o < outCount; o++) {
      int base = o * run;
      double m = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < run; i++) {
        m = Math.max(m, moved[base + i]);
      }
      if (Double.isInfinite(m)) {
        m = 0;
      }
      double s = 0;
      for (int i = 0; i < run; i++) {
        s += Math.exp(moved[base + i] - m);
      }
      out[o] = (float) (Math.log(s) + m);
    }
    return out;
  }

  private static double[] logsumexpDoubles(double[] moved, int outCount, int run) {
    double[] out = new double[outCount];
    for (int o = 0; o < outCount; o++) {
      int base = o * run;
      double m = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < run; i++) {
        m = Math.max(m, moved[base + i]);
      }
      if (Double.isInfinite(m)) {
        m = 0;
      }
      double s = 0;
      for (int i = 0; i < run; i++) {
        s += Math.exp(moved[base + i] - m);
      }
      out[o] = Math.log(s) + m;
    }
    return out;
  }

  static final class LogsumexpBackward extends Node {
    final boolean[] mask;
    final boolean keepDim;

    LogsumexpBackward(Tensor x, Tensor out, boolean[] mask, boolean keepDim) {
      super(edgeOf(x));
      this.mask = mask;
      this.keepDim = keepDim;
      save(x, out);
    }

    @Override
    public String name() {
      return ReduceOp.LOGSUMEXP.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      // d/dx log Σ exp(x) = exp(x - lse): the softmax over the reduced dims.
      Tensor lse = expandBack(saved(1), shapeOf(x), mask, keepDim);
      return new Tensor[] {expandBack(g, shapeOf(x), mask, keepDim).mul(x.sub(lse).exp())};
    }
  }

  // ------------------------------------------------------------------ prod

  /** Product over all elements (dim null) or along one dim; accumulated in double. */
  public static Tensor prod(Tensor x, Integer dim, boolean keepDim) {
    int nd = shapeOf(x).length;
    boolean[] mask = reduceMask(x, dim == null ? null : new int[] {dim}, "prod");
    int[] outShape = reducedShape(shapeOf(x), mask, keepDim);
    int outCount = Shapes.numel(outShape);
    int n = x.numel();
    int run = outCount == 0 ? 0 : n / outCount;
    Tensor r;
    if (!x.dtype().isFloatingPoint()) {
      r = fresh(reduceLongs(x, mask, true), outShape);
    } else if (x.dtype() == DType.FLOAT64) {
      double[] out = new double[outCount];
      double[] moved = n == 0 ? new double[0] : reducedLastDoubles(x, mask);
      for (int o = 0; o < outCount; o++) {
        double p = 1;
        for (int i = o * run, e = i + run; i < e; i++) {
          p *= moved[i];
        }
        out[o] = p;
      }
      r = fresh(out, outShape);
    } else {
      float[] out = new float[outCount];
      float[] moved = n == 0 ? new float[0] : reducedLast(x, mask);
      for (int o = 0; o < outCount; o++) {
        double p = 1;
        for (int i = o * run, e = i + run; i < e; i++) {
          p *= moved[i];
        }
        out[o] = (float) p;
      }
      r = fresh(out, outShape, x.dtype());
    }
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new ProdBackward(x, r, dim == null ? null : Shapes.dim(dim, nd, "prod"), mask, keepDim));
    }
    return r;
  }

  /**
   * d prod / dx_i = the product of the other elements. Without zeros that is out / x_i (PyTorch's fast path).
   * With zeros, out / x is 0/0, so the rule uses the product of the non-zero elements pNZ: a slice with no zero
   * gets pNZ / x; a slice with exactly one zero z gets pNZ at z and pNZ / x · z (= 0, but with the right
   * derivative in z) elsewhere; a slice with two or more zeros gets 0 (as PyTorch, which also stops there). pNZ is
   * itself a differentiable prod, so double backward stays exact.
   */
  static final class ProdBackward extends Node {
    final Integer dim;
    final boolean[] mask;
    final boolean keepDim;

    ProdBackward(Tensor x, Tensor out, Integer dim, boolean[] mask, boolean keepDim) {
      super(edgeOf(x));
      this.dim = dim;
      this.mask = mask;
      this.keepDim = keepDim;
      save(x, out);
    }

    @Override
    public String name() {
      return (dim == null ? ReduceOp.PROD : ReduceOp.PROD_DIM).gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      int[] shape = shapeOf(x);
      Tensor ge = expandBack(g, shape, mask, keepDim);
      Tensor zeros = x.eq(0);
      if (zeros.sum().item() == 0f) {
        return new Tensor[] {ge.mul(expandBack(saved(1), shape, mask, keepDim)).div(x)};
      }
      Tensor xNonZero = Pointwise.where(zeros, Tensor.onesLike(x), x);
      Tensor pNonZero = expandBack(prod(xNonZero, dim, keepDim), shape, mask, keepDim);
      Tensor count = expandBack(dim == null ? zeros.sum() : zeros.sum(dim, keepDim), shape, mask, keepDim);
      Tensor isZero = zeros.to(g.dtype());
      // z: the one zero element of the slice, as a differentiable expression (its value is 0).
      Tensor z = expandBack(dim == null ? x.mul(isZero).sum() : x.mul(isZero).sum(dim, keepDim), shape, mask,
          keepDim);
      Tensor oneZero = isZero.add(isZero.rsub(1).mul(z));
      Tensor f = count.eq(0).to(g.dtype()).add(count.eq(1).to(g.dtype()).mul(oneZero));
      return new Tensor[] {ge.mul(pNonZero.div(xNonZero)).mul(f)};
    }
  }
  // ------------------------------------------------------------------ cumsum

  /**
   * Running sums along {@code dim}, as {@code torch.cumsum}: floating inputs keep their dtype, int64 and bool give
   * int64. Each running sum is accumulated in double (PyTorch's CPU kernel accumulates float32 in double too) and
   * rounded once per element.
   */
  public static Tensor cumsum(Tensor x, int dim) {
    int nd = shapeOf(x).length;
    int d = Shapes.dim(dim, nd, "cumsum");
    DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
    Object data = Elements.convert(x, type);
    int size = nd == 0 ? 1 : shapeOf(x)[d];
    int inner = 1;
    for (int k = d + 1; k < nd; k++) {
      inner *= shapeOf(x)[k];
    }
    int outer = size == 0 || inner == 0 ? 0 : x.numel() / (size * inner);
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int base = o * size * inner + j;
        double acc = 0;
        if (data instanceof double[] v) {
          for (int k = 0, i = base; k < size; k++, i += inner) {
            acc += v[i];
            v[i] = acc;
          }
        } else if (data instanceof long[] v) {
          long sum = 0;
          for (int k = 0, i = base; k < size; k++, i += inner) {
            sum += v[i];
            v[i] = sum;
          }
        } else {
          float[] v = (float[]) data;
          for (int k = 0, i = base; k < size; k++, i += inner) {
            acc += v[i];
            v[i] = (float) acc;
          }
        }
      }
    }
    Tensor r = Elements.tensor(data, shapeOf(x).clone(), type);
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new CumsumBackward(x, d));
    }
    return r;
  }

  /** The adjoint of a running sum is the running sum from the other end: flip, cumsum, flip back. */
  static final class CumsumBackward extends Node {
    final int dim;

    CumsumBackward(Tensor x, int dim) {
      super(edgeOf(x));
      this.dim = dim;
    }

    @Override
    public String name() {
      return ReduceOp.CUMSUM.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      if (shapeOf(g).length == 0) {
        return new Tensor[] {g};
      }
      return new Tensor[] {cumsum(Shaping.flip(g, new int[] {dim}), dim).flip(dim)};
    }
  }

  /** max(dim)/min(dim): the gradient goes to the selected index only. */
  static final class MaxDimBackward extends Node {
    final int dim;
    final boolean keepDim;
    final ReduceOp op;
    final int[] inShape;

    MaxDimBackward(Tensor x, Tensor indices, int dim, boolean keepDim, ReduceOp op) {
      super(edgeOf(x));
      this.dim = dim;
      this.keepDim = keepDim;
      this.op = op;
      this.inShape = shapeOf(x);
      save(indices);
    }

    @Override
    public String name() {
      return op.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor idx = saved(0);
      if (!keepDim) {
        g = g.unsqueeze(dim);
        idx = idx.unsqueeze(dim);
      }
      return new Tensor[] {Indexing.scatterAdd(Tensor.zeros(g.dtype(), inShape), dim, idx, g)};
    }
  }
}
