package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.gradFnOf;
import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.newView;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;
import static dev.jgrad.autograd.access.TensorAccess.stridesOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;

/**
 * Matrix products. Every product runs through {@link Kernels#gemm}, which takes transpose flags: a transposed view
 * (such as {@code w.t()} in a linear layer, or the transposes in the backward rules) is passed as a flag over the
 * same memory, never copied.
 */
public final class LinAlg {
  private LinAlg() {}

  public static Tensor matmul(Tensor a, Tensor b) {
    int da = shapeOf(a).length;
    int db = shapeOf(b).length;
    checkArgument(da != 0 && db != 0,
        "matmul: both arguments to matmul need to be at least 1D, but they are %sD and %sD", da, db);
    if (da == 1 && db == 1) {
      return dot(a, b);
    }
    if (da == 2 && db == 1) {
      return mv(a, b);
    }
    if (da == 1 && db == 2) {
      return mm(a.unsqueeze(0), b).squeeze(0);
    }
    if (da == 2 && db == 2) {
      return mm(a, b);
    }
    if (da >= 3 && db <= 2) {
      // Fold a's batch dims into rows: one large product instead of many small ones.
      int k = shapeOf(a)[da - 1];
      int[] batch = Arrays.copyOf(shapeOf(a), da - 1);
      Tensor folded = a.reshape(-1, k);
      if (db == 1) {
        return mv(folded, b).view(batch);
      }
      int[] outShape = Arrays.copyOf(shapeOf(a), da);
      outShape[da - 1] = shapeOf(b)[1];
      return mm(folded, b).view(outShape);
    }
    // General batched case, with broadcast batch dims.
    Tensor a3 = da == 1 ? a.unsqueeze(0) : a;
    Tensor b3 = db == 1 ? b.unsqueeze(-1) : b;
    int na = shapeOf(a3).length;
    int nb = shapeOf(b3).length;
    int n = shapeOf(a3)[na - 2];
    int k = shapeOf(a3)[na - 1];
    int k2 = shapeOf(b3)[nb - 2];
    int m = shapeOf(b3)[nb - 1];
    if (k != k2) {
      throw new IllegalArgumentException(
          "matmul: Expected size for first two dimensions of batch2 tensor to be: [" + k + "] but got: [" + k2
              + "] (shapes " + Shapes.str(shapeOf(a)) + " and " + Shapes.str(shapeOf(b)) + ")");
    }
    int[] batch = Shapes.broadcast(Arrays.copyOf(shapeOf(a3), na - 2), Arrays.copyOf(shapeOf(b3), nb - 2), "matmul");
    int bsz = Shapes.numel(batch);
    int[] aFull = Arrays.copyOf(batch, batch.length + 2);
    aFull[batch.length] = n;
    aFull[batch.length + 1] = k;
    int[] bFull = Arrays.copyOf(batch, batch.length + 2);
    bFull[batch.length] = k;
    bFull[batch.length + 1] = m;
    Tensor out = bmm(a3.expand(aFull).reshape(bsz, n, k), b3.expand(bFull).reshape(bsz, k, m));
    int[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = n;
    outShape[batch.length + 1] = m;
    Tensor r = out.view(outShape);
    if (da == 1) {
      r = r.squeeze(-2);
    }
    if (db == 1) {
      r = r.squeeze(-1);
    }
    return r;
  }

  public static Tensor mm(Tensor a, Tensor b) {
    if (shapeOf(a).length != 2 || shapeOf(b).length != 2) {
      throw new IllegalArgumentException(
          "mm: " + (shapeOf(a).length != 2 ? "self" : "mat2") + " must be a matrix (shapes " + Shapes.str(shapeOf(a))
              + " and " + Shapes.str(shapeOf(b)) + ")");
    }
    int m = shapeOf(a)[0];
    int k = shapeOf(a)[1];
    int n = shapeOf(b)[1];
    if (shapeOf(b)[0] != k) {
      throw new IllegalArgumentException(
          "mm: mat1 and mat2 shapes cannot be multiplied (" + m + "x" + k + " and " + shapeOf(b)[0] + "x" + n + ")");
    }
    DType dtype = productDtype("mm", a, b);
    Object out = allocate("mm", dtype, m, n);
    gemm(a, b, 0d, out, 0, m, n, k);
    Tensor r = wrap(out, new int[] {m, n});
    if ((a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new ProductBackward(Product.MM, a, b));
    }
    return r;
  }

  public static Tensor bmm(Tensor a, Tensor b) {
    if (shapeOf(a).length != 3 || shapeOf(b).length != 3) {
      throw new IllegalArgumentException(
          "bmm: batch1 must be a 3D tensor and batch2 must be a 3D tensor (shapes " + Shapes.str(shapeOf(a)) + " and "
              + Shapes.str(shapeOf(b)) + ")");
    }
    int bs = shapeOf(a)[0];
    int m = shapeOf(a)[1];
    int k = shapeOf(a)[2];
    int n = shapeOf(b)[2];
    if (shapeOf(b)[0] != bs || shapeOf(b)[1] != k) {
      throw new IllegalArgumentException(
          "bmm: Expected size for first two dimensions of batch2 tensor to be: [" + bs + ", " + k + "] but got: ["
              + shapeOf(b)[0] + ", " + shapeOf(b)[1] + "].");
    }
    DType dtype = productDtype("bmm", a, b);
    Object out = allocate("bmm", dtype, bs, m, n);
    if (bs > 0 && m > 0 && n > 0 && k > 0) {
      Operand pa = Operand.of(matrixAt(a, 0));
      Operand pb = Operand.of(matrixAt(b, 0));
      if (pa.data == elements(a) && pb.data == elements(b)) {
        // Every matrix of a strided batch has the first one's layout: one call, which may share the batch out.
        if (out instanceof double[] c) {
          Kernels.get().gemmBatched(bs, pa.trans, pb.trans, m, n, k, (double[]) pa.data, pa.off, stridesOf(a)[0],
              pa.ld, (double[]) pb.data, pb.off, stridesOf(b)[0], pb.ld, 0d, c, 0, m * n, n);
        } else {
          Kernels.get().gemmBatched(bs, pa.trans, pb.trans, m, n, k, (float[]) pa.data, pa.off, stridesOf(a)[0],
              pa.ld, (float[]) pb.data, pb.off, stridesOf(b)[0], pb.ld, 0f, (float[]) out, 0, m * n, n);
        }
      } else {
        for (int i = 0; i < bs; i++) {
          gemm(matrixAt(a, i), matrixAt(b, i), 0d, out, i * m * n, m, n, k);
        }
      }
    }
    Tensor r = wrap(out, new int[] {bs, m, n});
    if ((a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new ProductBackward(Product.BMM, a, b));
    }
    return r;
  }

  /** {@code bias + a·b} for matrices a [m, k] and b [k, n], bias broadcastable to [m, n] (PyTorch's addmm). */
  static Tensor addmm(Tensor bias, Tensor a, Tensor b) {
    if (shapeOf(a).length != 2 || shapeOf(b).length != 2) {
      throw new IllegalArgumentException(
          "addmm: " + (shapeOf(a).length != 2 ? "mat1" : "mat2") + " must be a matrix, got " + (shapeOf(a).length != 2
              ? shapeOf(a).length : shapeOf(b).length) + "-D tensor (shapes " + Shapes.str(shapeOf(a)) + " and "
              + Shapes.str(shapeOf(b)) + ")");
    }
    int m = shapeOf(a)[0];
    int k = shapeOf(a)[1];
    int n = shapeOf(b)[1];
    if (shapeOf(b)[0] != k) {
      throw new IllegalArgumentException(
          "addmm: mat1 and mat2 shapes cannot be multiplied (" + m + "x" + k + " and " + shapeOf(b)[0] + "x" + n + ")");
    }
    // PyTorch's order of checks: the bias against mat2 first, then mat1 against mat2.
    checkArgument(bias.dtype() == b.dtype(), "addmm: self and mat2 must have the same dtype (got %s and %s)",
        bias.dtype().scalarTypeName(), b.dtype().scalarTypeName());
    checkArgument(a.dtype() == b.dtype(), "addmm: mat1 and mat2 must have the same dtype (got %s and %s)",
        a.dtype().scalarTypeName(), b.dtype().scalarTypeName());
    Object out = allocate("addmm", b.dtype(), m, n);
    if (shapeOf(bias).length == 1 && shapeOf(bias)[0] == n && bias.isContiguous()) {
      // The usual linear-layer bias: one row copy per output row, no broadcast view.
      for (int i = 0; i < m; i++) {
        System.arraycopy(elements(bias), bias.storageOffset(), out, i * n, n);
      }
    } else {
      Tensor broadcast = bias.detach().expand(m, n);
      out = out instanceof double[] ? broadcast.toDoubleArray() : broadcast.toArray();
    }
    // beta = 1 accumulates the product onto the broadcast bias already in out.
    gemm(a, b, 1d, out, 0, m, n, k);
    Tensor r = wrap(out, new int[] {m, n});
    if ((bias.requiresGrad() || a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new AddmmBackward(bias, a, b));
    }
    return r;
  }

  static final class AddmmBackward extends Node {
    final int[] biasShape;
    final boolean aColumnMajor;
    final boolean bColumnMajor;

    AddmmBackward(Tensor bias, Tensor a, Tensor b) {
      super(edgeOf(bias), edgeOf(a), edgeOf(b));
      this.biasShape = shapeOf(bias);
      this.aColumnMajor = columnMajor(a);
      this.bColumnMajor = columnMajor(b);
      save(b.requiresGrad() ? a : null, a.requiresGrad() ? b : null);
    }

    @Override
    public String name() {
      return "AddmmBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor gBias = next[0] == null ? null : biasGrad(g, biasShape);
      Tensor ga = next[1] == null ? null : mat1Backward(g, saved(1), aColumnMajor);
      Tensor gb = next[2] == null ? null : mat2Backward(g, saved(0), bColumnMajor);
      return new Tensor[] {gBias, ga, gb};
    }
  }

  /**
   * {@code x·wᵀ + b} (PyTorch's F.linear) for x [..., in], w [out, in], b [out] or null. Takes PyTorch's paths, so
   * grad_fn names match: addmm for 2-D input with bias, addmm on a flattened view for contiguous 3-D input,
   * otherwise matmul then add.
   */
  public static Tensor linear(Tensor x, Tensor w, Tensor b) {
    if (b != null && shapeOf(x).length == 2) {
      return addmm(b, x, w.t());
    }
    if (b != null && shapeOf(x).length == 3 && x.isContiguous()) {
      int[] s = shapeOf(x);
      Tensor r = addmm(b, x.view(s[0] * s[1], s[2]), w.t());
      return r.view(s[0], s[1], shapeOf(r)[1]);
    }
    Tensor out = matmul(x, w.t());
    return b == null ? out : out.add(b);
  }

  /** The outer product a ⊗ b of two vectors, as PyTorch computes it: a[:, None] * b[None, :]. */
  public static Tensor outer(Tensor a, Tensor b) {
    if (shapeOf(a).length != 1 || shapeOf(b).length != 1) {
      boolean self = shapeOf(a).length != 1;
      throw new IllegalArgumentException(
          "outer: Expected 1-D argument " + (self ? "self" : "vec2") + ", but got " + shapeOf((self ? a : b)).length
              + "-D (shapes " + Shapes.str(shapeOf(a)) + " and " + Shapes.str(shapeOf(b)) + ")");
    }
    return a.unsqueeze(1).mul(b.unsqueeze(0));
  }

  private static Tensor matrixAt(Tensor t, int i) {
    return newView(storageOf(t), new int[] {shapeOf(t)[1], shapeOf(t)[2]}, new int[] {stridesOf(t)[1], stridesOf(t)[2]},
        t.storageOffset() + i * stridesOf(t)[0], t.dtype());
  }

  public static Tensor mv(Tensor a, Tensor v) {
    if (shapeOf(a).length != 2 || shapeOf(v).length != 1) {
      throw new IllegalArgumentException(
          "mv: vector + matrix @ vector expected, got " + shapeOf(a).length + ", " + shapeOf(v).length);
    }
    if (shapeOf(a)[1] != shapeOf(v)[0]) {
      throw new IllegalArgumentException(
          "mv: size mismatch, got input (" + shapeOf(a)[0] + "), mat (" + shapeOf(a)[0] + "x" + shapeOf(a)[1] + "), vec ("
              + shapeOf(v)[0] + ")");
    }
    int m = shapeOf(a)[0];
    Object out = allocate("mv", productDtype("mv", a, v), m);
    gemm(a, v.unsqueeze(1).detach(), 0d, out, 0, m, 1, shapeOf(a)[1]);
    Tensor r = wrap(out, new int[] {m});
    if ((a.requiresGrad() || v.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new ProductBackward(Product.MV, a, v));
    }
    return r;
  }

  public static Tensor dot(Tensor a, Tensor b) {
    if (shapeOf(a).length != 1 || shapeOf(b).length != 1) {
      throw new IllegalArgumentException(
          "dot: 1D tensors expected, but got " + shapeOf(a).length + "D and " + shapeOf(b).length + "D tensors");
    }
    if (shapeOf(a)[0] != shapeOf(b)[0]) {
      throw new IllegalArgumentException(
          "dot: inconsistent tensor size, expected tensor [" + shapeOf(a)[0] + "] and src [" + shapeOf(b)[0]
              + "] to have the same number of elements, but got " + shapeOf(a)[0] + " and " + shapeOf(b)[0]
              + " elements respectively");
    }
    checkArgument(a.dtype() == b.dtype(), "dot : expected both vectors to have same dtype, but found %s and %s",
        a.dtype().scalarTypeName(), b.dtype().scalarTypeName());
    Object out = allocate("dot", a.dtype());
    gemm(a.unsqueeze(0).detach(), b.unsqueeze(1).detach(), 0d, out, 0, 1, 1, shapeOf(a)[0]);
    Tensor r = wrap(out, Shapes.SCALAR);
    if ((a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new ProductBackward(Product.DOT, a, b));
    }
    return r;
  }

  /**
   * The bias gradient of addmm: {@code g} summed back to the bias shape. For the usual [n] bias of an [m, n]
   * product without a graph to record, one pass adding the rows in order, which is exactly what
   * {@link Reductions#sumTo} computes (row by row, n > 1) without its reshaping and bookkeeping.
   */
  /** Bias gradients at least this wide sum their rows with the vector add kernel (narrower ones: call overhead). */
  static final int BIAS_GRAD_KERNEL_COLS = 32;

  static Tensor biasGrad(Tensor g, int[] biasShape) {
    int n = biasShape.length == 1 ? biasShape[0] : -1;
    if (g.dtype() == DType.FLOAT64 && n >= 1 && !GradMode.isEnabled() && shapeOf(g).length == 2
        && shapeOf(g)[1] == n && g.isContiguous()) {
      return doubleBiasGrad(g, n);
    }
    if (n <= 1 || GradMode.isEnabled() || shapeOf(g).length != 2 || shapeOf(g)[1] != n || !g.isContiguous()
        || g.dtype() != DType.FLOAT32) {
      return Reductions.sumTo(g, biasShape);
    }
    int m = shapeOf(g)[0];
    float[] d = storageOf(g).data;
    float[] out = new float[n];
    if (n >= BIAS_GRAD_KERNEL_COLS) {
      // One vector add per row: each column still sums its rows in order, so the same bits as the loop below.
      Kernels k = Kernels.get();
      for (int r = 0, base = g.storageOffset(); r < m; r++, base += n) {
        k.binary(BinaryOp.ADD, out, 0, d, base, out, 0, n);
      }
    } else {
      for (int r = 0, base = g.storageOffset(); r < m; r++, base += n) {
        for (int j = 0; j < n; j++) {
          out[j] += d[base + j];
        }
      }
    }
    return fresh(out, biasShape, DType.FLOAT32);
  }

  /** {@link #biasGrad}'s row-by-row sum over a float64 gradient [m, n]. */
  private static Tensor doubleBiasGrad(Tensor g, int n) {
    double[] d = storageOf(g).doubles;
    double[] out = new double[n];
    for (int r = 0, base = g.storageOffset(), m = shapeOf(g)[0]; r < m; r++, base += n) {
      for (int j = 0; j < n; j++) {
        out[j] += d[base + j];
      }
    }
    return fresh(out, new int[] {n});
  }

  /**
   * Whether a 2-D operand is a transposed contiguous matrix (strides [1, rows]), e.g. the {@code w.t()} of a linear
   * layer: PyTorch's mm_mat1_backward / mm_mat2_backward then compute that operand's gradient in the same
   * column-major layout, so it reaches the parameter contiguous (a plain copy instead of a strided gather).
   */
  static boolean columnMajor(Tensor t) {
    return shapeOf(t).length == 2 && stridesOf(t)[0] == 1 && stridesOf(t)[1] == shapeOf(t)[0];
  }

  /** dL/d(mat1) of {@code mat1·mat2}: {@code g·mat2ᵀ}, or {@code (mat2·gᵀ)ᵀ} for a column-major mat1. */
  static Tensor mat1Backward(Tensor g, Tensor mat2, boolean mat1ColumnMajor) {
    if (mat1ColumnMajor) {
      Tensor p = mat2.mm(g.t());
      return Views.handOver(p, p.t());
    }
    return g.mm(mat2.t());
  }

  /** dL/d(mat2) of {@code mat1·mat2}: {@code mat1ᵀ·g}, or {@code (gᵀ·mat1)ᵀ} for a column-major mat2. */
  static Tensor mat2Backward(Tensor g, Tensor mat1, boolean mat2ColumnMajor) {
    if (mat2ColumnMajor) {
      Tensor p = g.t().mm(mat1);
      return Views.handOver(p, p.t());
    }
    return mat1.t().mm(g);
  }

  /** The products whose rules multiply the gradient with the other operand: the table of ProductBackward. */
  enum Product {
    MM("MmBackward0"),
    BMM("BmmBackward0"),
    MV("MvBackward0"),
    DOT("DotBackward0");

    /** PyTorch's grad_fn name. */
    final String gradFn;

    Product(String gradFn) {
      this.gradFn = gradFn;
    }
  }

  /** The rules of the {@link Product}s, each written with Tensor ops (so it can be differentiated again). */
  static final class ProductBackward extends Node {
    final Product product;
    final boolean needA;
    final boolean needB;
    final boolean aColumnMajor;
    final boolean bColumnMajor;

    ProductBackward(Product product, Tensor a, Tensor b) {
      super(edgeOf(a), edgeOf(b));
      this.product = product;
      this.needA = a.requiresGrad();
      this.needB = b.requiresGrad();
      this.aColumnMajor = columnMajor(a);
      this.bColumnMajor = columnMajor(b);
      save(needB ? a : null, needA ? b : null);
    }

    @Override
    public String name() {
      return product.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor ga = needA ? gradA(g, saved(1)) : null;
      Tensor gb = needB ? gradB(g, saved(0)) : null;
      return new Tensor[] {ga, gb};
    }

    private Tensor gradA(Tensor g, Tensor b) {
      return switch (product) {
        case MM -> mat1Backward(g, b, aColumnMajor);
        case BMM -> bmm(g, b.transpose(1, 2));
        case MV -> g.unsqueeze(1).mm(b.unsqueeze(0));
        case DOT -> b.mul(g);
      };
    }

    private Tensor gradB(Tensor g, Tensor a) {
      return switch (product) {
        case MM -> mat2Backward(g, a, bColumnMajor);
        case BMM -> bmm(a.transpose(1, 2), g);
        case MV -> mv(a.t(), g);
        case DOT -> a.mul(g);
      };
    }
  }

  /**
   * out[outOff..] (m×n, contiguous) {@code = beta*out + a·b} for a (m×k view) and b (k×n view), passing transposed
   * views as flags; out is a float[] (float32 operands) or double[] (float64 operands): the one dispatch on the
   * dtype of every product here.
   */
  static void gemm(Tensor a, Tensor b, double beta, Object out, int outOff, int m, int n, int k) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (beta == 0d) {
        if (out instanceof double[] d) {
          Arrays.fill(d, outOff, outOff + m * n, 0d);
        } else {
          Arrays.fill((float[]) out, outOff, outOff + m * n, 0f);
        }
      }
      return;
    }
    Operand pa = Operand.of(a);
    Operand pb = Operand.of(b);
    Kernels.get().gemmAny(pa.trans, pb.trans, m, n, k, pa.data, pa.off, pa.ld, pb.data, pb.off, pb.ld, beta, out,
        outOff, n);
  }

  /**
   * The dtype of a product of two tensors, which must agree: PyTorch's mm kernels take one scalar type and refuse
   * the other operand's ("expected scalar type Float but found Double").
   */
  private static DType productDtype(String op, Tensor a, Tensor b) {
    Dtypes.checkSameDtype(op, a.dtype(), b.dtype());
    return a.dtype();
  }

  /** A fresh float[] or, for float64, double[] of the given shape. */
  private static Object allocate(String op, DType dtype, int... shape) {
    return dtype == DType.FLOAT64 ? SizeLimits.allocateDoubles(op, shape) : SizeLimits.allocate(op, shape);
  }

  /** The product's tensor over {@link #allocate}'s array: float64 for a double[], float32 otherwise. */
  private static Tensor wrap(Object out, int[] shape) {
    return out instanceof double[] d ? fresh(d, shape) : fresh((float[]) out, shape, DType.FLOAT32);
  }

  /** The element array behind t: its storage's double[] for float64, float[] otherwise. */
  private static Object elements(Tensor t) {
    return storageOf(t).isDouble() ? storageOf(t).doubles : storageOf(t).data;
  }

  /**
   * A 2-D view as (array, offset, leading dimension, transposed), copying only when no such form exists. The array
   * is the float[] or double[] of the tensor's storage.
   */
  static final class Operand {
    final Object data;
    final int off;
    final int ld;
    final boolean trans;

    private Operand(Object data, int off, int ld, boolean trans) {
      this.data = data;
      this.off = off;
      this.ld = ld;
      this.trans = trans;
    }

    static Operand of(Tensor t) {
      int rows = shapeOf(t)[0];
      int cols = shapeOf(t)[1];
      int rs = rows == 1 ? cols : stridesOf(t)[0];
      int cs = cols == 1 ? 1 : stridesOf(t)[1];
      if (cs == 1 && rs >= Math.max(cols, 1)) {
        return new Operand(elements(t), t.storageOffset(), rs, false);
      }
      int rs2 = rows == 1 ? 1 : stridesOf(t)[0];
      int cs2 = cols == 1 ? rows : stridesOf(t)[1];
      if (rs2 == 1 && cs2 >= Math.max(rows, 1)) {
        return new Operand(elements(t), t.storageOffset(), cs2, true);
      }
      return new Operand(storageOf(t).isDouble() ? t.toDoubleArray() : t.toArray(), 0, cols, false);
    }
  }
}
