package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;
import static dev.jgrad.autograd.access.TensorAccess.stridesOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;

/** Index-driven ops: gather and scatterAdd along a dim (each the other's derivative). */
public final class Indexing {
  private Indexing() {}

  private static void checkIndex(String op, Tensor x, int dim, Tensor index, boolean gather) {
    checkArgument(index.dtype() == DType.INT64,
        "%s(): Expected dtype int64 for index, got %s", op, index.dtype().torchName());
    if (shapeOf(index).length != shapeOf(x).length && !(shapeOf(index).length <= 1 && shapeOf(x).length <= 1)) {
      throw new IllegalArgumentException(
          op + "(): Index tensor must have the same number of dimensions as " + (gather ? "input" : "self")
              + " tensor (index shape " + Shapes.str(shapeOf(index)) + ", " + (gather ? "input" : "self") + " shape "
              + Shapes.str(shapeOf(x)) + ")");
    }
    for (int d = 0; d < shapeOf(index).length; d++) {
      if (d != dim && shapeOf(index)[d] > shapeOf(x)[d]) {
        throw new IllegalArgumentException(
            op + "(): Size does not match at dimension " + d + " expected index " + Shapes.str(shapeOf(index))
                + " to be smaller than self " + Shapes.str(shapeOf(x)) + " apart from dimension " + dim);
      }
    }
  }

  /** out[i][j][k] = x[i][index[i][j][k]][k] (for dim = 1). */
  public static Tensor gather(Tensor x, int dim, Tensor index) {
    int d = Shapes.dim(dim, shapeOf(x).length, "gather");
    checkIndex("gather", x, d, index, true);
    long[] idx = Elements.longs(index);
    int nd = shapeOf(index).length;
    int[] coord = new int[nd];
    // Element by element through System.arraycopy, which moves floats and doubles alike.
    Object out = Elements.allocate("gather", shapeOf(index), x.dtype());
    Object xd = storageOf(x).array();
    int limit = shapeOf(x).length == 0 ? 1 : shapeOf(x)[d];
    for (int i = 0; i < idx.length; i++) {
      int pos = x.storageOffset();
      long j = idx[i];
      // No wrap-around for negative indices: PyTorch's gather rejects them.
      if (j < 0 || j >= limit) {
        throw new IndexOutOfBoundsException(
            "gather(): index " + j + " is out of bounds for dimension " + d + " with size " + limit);
      }
      for (int k = 0; k < nd; k++) {
        pos += (k == d ? (int) j : coord[k]) * stridesOf(x)[k];
      }
      System.arraycopy(xd, pos, out, i, 1);
      increment(coord, shapeOf(index));
    }
    Tensor r = Elements.tensor(out, shapeOf(index).clone(), x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new GatherBackward(x, d, index));
    }
    return r;
  }

  static void increment(int[] coord, int[] shape) {
    for (int k = coord.length - 1; k >= 0; k--) {
      if (++coord[k] < shape[k]) {
        return;
      }
      coord[k] = 0;
    }
  }

  static final class GatherBackward extends Node {
    final int dim;
    final int[] inShape;

    GatherBackward(Tensor x, int dim, Tensor index) {
      super(edgeOf(x));
      this.dim = dim;
      this.inShape = shapeOf(x);
      save(index);
    }

    @Override
    public String name() {
      return "GatherBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      return new Tensor[] {scatterAdd(Tensor.zeros(g.dtype(), inShape), dim, saved(0), g)};
    }
  }

  /** A copy of self where out[i][index[i][j][k]][k] += src[i][j][k] (for dim = 1). */
  public static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
    int d = Shapes.dim(dim, shapeOf(self).length, "scatterAdd");
    checkIndex("scatterAdd", self, d, index, false);
    for (int k = 0; k < shapeOf(index).length; k++) {
      if (shapeOf(index)[k] > shapeOf(src)[k]) {
        throw new IllegalArgumentException(
            "scatterAdd(): Expected index " + Shapes.str(shapeOf(index)) + " to be smaller than src "
                + Shapes.str(shapeOf(src)));
      }
    }
    checkArgument(self.dtype() == src.dtype(),
        "scatterAdd(): Expected self.dtype to be equal to src.dtype (self %s, src %s)", self.dtype().torchName(),
        src.dtype().torchName());
    Object out = Elements.copy(self);
    Object srcData = storageOf(src).array();
    long[] idx = Elements.longs(index);
    int nd = shapeOf(index).length;
    int[] coord = new int[nd];
    int[] outStrides = Shapes.contiguousStrides(shapeOf(self));
    int limit = shapeOf(self).length == 0 ? 1 : shapeOf(self)[d];
    for (int i = 0; i < idx.length; i++) {
      long j = idx[i];
      if (j < 0 || j >= limit) {
        throw new IndexOutOfBoundsException(
            "scatterAdd(): index " + j + " is out of bounds for dimension " + d + " with size " + limit);
      }
      int pos = 0;
      int spos = src.storageOffset();
      for (int k = 0; k < nd; k++) {
        pos += (k == d ? j : coord[k]) * outStrides[k];
        spos += coord[k] * stridesOf(src)[k];
      }
      if (out instanceof double[] od) {
        od[pos] += ((double[]) srcData)[spos];
      } else {
        ((float[]) out)[pos] += ((float[]) srcData)[spos];
      }
      increment(coord, shapeOf(index));
    }
    Tensor r = Elements.tensor(out, shapeOf(self).clone(), self.dtype());
    if ((self.requiresGrad() || src.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new ScatterAddBackward(self, d, index, src));
    }
    return r;
  }

  static final class ScatterAddBackward extends Node {
    final int dim;

    ScatterAddBackward(Tensor self, int dim, Tensor index, Tensor src) {
      super(edgeOf(self), edgeOf(src));
      this.dim = dim;
      save(index);
    }

    @Override
    public String name() {
      return "ScatterAddBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      return new Tensor[] {g, next[1] == null ? null : gather(g, dim, saved(0))};
    }
  }

  // ------------------------------------------------------------------ indexSelect / indexAdd

  private static int[] checkVectorIndex(String op, Tensor x, int dim, Tensor index) {
    checkArgument(index.dtype() == DType.INT64,
        "%s(): Expected dtype int32 or int64 for index, got %s", op, index.dtype().torchName());
    if (shapeOf(index).length > 1) {
      throw new IllegalArgumentException(
          op + "(): Index is supposed to be a vector, got shape " + Shapes.str(shapeOf(index)));
    }
    int size = shapeOf(x).length == 0 ? 1 : shapeOf(x)[dim];
    long[] raw = Elements.longs(index);
    int[] idx = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      long j = raw[i];
      if (j < 0 || j >= size) {
        throw new IndexOutOfBoundsException(
            op + "(): index out of range in self (index " + j + " at position " + i + ", dim " + dim + " has size "
                + size + ")");
      }
      idx[i] = (int) j;
    }
    return idx;
  }

  /** The slices {@code index[i]} of x along dim, in index order (repeats allowed). */
  public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
    int nd = shapeOf(x).length;
    int d = Shapes.dim(dim, nd, "indexSelect");
    int[] idx = checkVectorIndex("indexSelect", x, d, index);
    int[] outShape = nd == 0 ? Shapes.SCALAR : shapeOf(x).clone();
    if (nd > 0) {
      outShape[d] = idx.length;
    }
    Object src = Elements.of(x);
    int so = dataOffsetOf(x);
    int outer = 1;
    for (int k = 0; k < d; k++) {
      outer *= shapeOf(x)[k];
    }
    int inner = 1;
    for (int k = d + 1; k < nd; k++) {
      inner *= shapeOf(x)[k];
    }
    int size = nd == 0 ? 1 : shapeOf(x)[d];
    Object out = Elements.allocate("indexSelect", outShape, x.dtype());
    for (int o = 0, at = 0; o < outer; o++) {
      for (int j : idx) {
        System.arraycopy(src, so + (o * size + j) * inner, out, at, inner);
        at += inner;
      }
    }
    Tensor r = Elements.tensor(out, outShape, x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new IndexBackward(IndexOp.INDEX_SELECT, d, index.detach(), shapeOf(x), edgeOf(x)));
    }
    return r;
  }

  /** A copy of self with {@code src}'s slices added at {@code index} along dim (indexSelect's adjoint). */
  static Tensor indexAdd(Tensor self, int d, Tensor index, Tensor src) {
    int[] idx = checkVectorIndex("indexAdd", self, d, index);
    int nd = shapeOf(self).length;
    checkArgument(self.dtype() == src.dtype(), "indexAdd(): self (%s) and source (%s) must have the same scalar type",
        self.dtype().scalarTypeName(), src.dtype().scalarTypeName());
    Object out = Elements.copy(self);
    Object s = Elements.of(src);
    int so = dataOffsetOf(src);
    int outer = 1;
    for (int k = 0; k < d; k++) {
      outer *= shapeOf(self)[k];
    }
    int inner = 1;
    for (int k = d + 1; k < nd; k++) {
      inner *= shapeOf(self)[k];
    }
    int size = nd == 0 ? 1 : shapeOf(self)[d];
    for (int o = 0, at = 0; o < outer; o++) {
      for (int j : idx) {
        int base = (o * size + j) * inner;
        if (out instanceof double[] od) {
          double[] sd = (double[]) s;
          for (int i = 0; i < inner; i++) {
            od[base + i] += sd[so + at + i];
          }
        } else {
          float[] of = (float[]) out;
          float[] sf = (float[]) s;
          for (int i = 0; i < inner; i++) {
            of[base + i] += sf[so + at + i];
          }
        }
        at += inner;
      }
    }
    Tensor r = Elements.tensor(out, shapeOf(self).clone(), self.dtype());
    if ((self.requiresGrad() || src.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new IndexBackward(IndexOp.INDEX_ADD, d, index.detach(), shapeOf(self), edgeOf(self), edgeOf(src)));
    }
    return r;
  }

  // ------------------------------------------------------------------ masked select / scatter

  /** The elements of x where the bool mask (broadcast with x) is set, as a 1-D tensor in row-major order. */
  public static Tensor maskedSelect(Tensor x, Tensor mask) {
    checkArgument(mask.dtype() == DType.BOOL,
        "maskedSelect: masked_select: expected BoolTensor or ByteTensor for mask, got %s", mask.dtype().torchName());
    int[] shape = Shapes.broadcast(shapeOf(x), shapeOf(mask), "maskedSelect");
    Object v = Elements.copy(x.detach().expand(shape));
    boolean[] m = Elements.bools(mask.detach().expand(shape));
    int count = 0;
    for (boolean b : m) {
      if (b) {
        count++;
      }
    }
    int[] outShape = {count};
    Object out = Elements.allocate("maskedSelect", outShape, x.dtype());
    for (int i = 0, k = 0; i < m.length; i++) {
      if (m[i]) {
        System.arraycopy(v, i, out, k++, 1);
      }
    }
    Tensor r = Elements.tensor(out, outShape, x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new IndexBackward(IndexOp.MASKED_SELECT, 0, mask.detach().expand(shape), shapeOf(x), edgeOf(x)));
    }
    return r;
  }

  /** Zeros of mask's shape with the 1-D {@code src} written, in order, where mask is set (maskedSelect's adjoint). */
  static Tensor maskedScatter(Tensor mask, Tensor src) {
    boolean[] m = Elements.bools(mask);
    Object s = Elements.copy(src);
    Object out = Elements.allocate("maskedScatter", shapeOf(mask), src.dtype());
    for (int i = 0, k = 0; i < m.length; i++) {
      if (m[i]) {
        System.arraycopy(s, k++, out, i, 1);
      }
    }
    Tensor r = Elements.tensor(out, shapeOf(mask).clone(), src.dtype());
    if (src.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new IndexBackward(IndexOp.MASKED_SCATTER, 0, mask, shapeOf(mask), edgeOf(src)));
    }
    return r;
  }

  /** The index ops whose rule is their adjoint op; {@link IndexBackward} holds the rules. */
  enum IndexOp {
    INDEX_SELECT("IndexSelectBackward0"),
    INDEX_ADD("IndexAddBackward0"),
    MASKED_SELECT("MaskedSelectBackward0"),
    MASKED_SCATTER("MaskedScatterBackward0");

    /** PyTorch's grad_fn name. */
    final String gradFn;

    IndexOp(String gradFn) {
      this.gradFn = gradFn;
    }
  }

  /** The node of an {@link IndexOp}: the gradient goes through the adjoint op. */
  static final class IndexBackward extends Node {
    final IndexOp op;
    final int dim;
    /** The index (index ops) or the mask (masked ops), detached. */
    final Tensor index;
    final int[] inShape;

    IndexBackward(IndexOp op, int dim, Tensor index, int[] inShape, Node... next) {
      super(next);
      this.op = op;
      this.dim = dim;
      this.index = index;
      this.inShape = inShape;
    }

    @Override
    public String name() {
      return op.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      return switch (op) {
        case INDEX_SELECT -> new Tensor[] {indexAdd(Tensor.zeros(g.dtype(), inShape), dim, index, g)};
        case INDEX_ADD -> new Tensor[] {g, next[1] == null ? null : indexSelect(g, dim, index)};
        case MASKED_SELECT -> new Tensor[] {Reductions.sumTo(maskedScatter(index, g), inShape)};
        case MASKED_SCATTER -> new Tensor[] {maskedSelect(g, index)};
      };
    }
  }

  // ------------------------------------------------------------------ oneHot

  /** int64 one-hot encoding with a trailing dim of numClasses (-1 infers max + 1). Not differentiable. */
  public static Tensor oneHot(Tensor x, int numClasses) {
    checkArgument(x.dtype() == DType.INT64,
        "oneHot: one_hot is only applicable to index tensor. (got dtype %s)", x.dtype().torchName());
    long[] v = Elements.longs(x);
    if (numClasses == -1) {
      checkArgument(v.length != 0, "oneHot: Can not infer total number of classes from empty tensor.");
      long max = v[0];
      for (long f : v) {
        max = Math.max(max, f);
      }
      numClasses = Math.toIntExact(max + 1);
    } else if (numClasses < -1) {
      throw new IllegalArgumentException("oneHot: numClasses must be -1 or non-negative, got " + numClasses);
    }
    for (long f : v) {
      if (f < 0) {
        throw new IllegalArgumentException("oneHot: Class values must be non-negative. (got " + f + ")");
      }
      if (f >= numClasses) {
        throw new IllegalArgumentException(
            "oneHot: Class values must be smaller than num_classes. (got " + f + ", numClasses "
                + numClasses + ")");
      }
    }
    int[] shape = Shapes.insertDim(shapeOf(x), shapeOf(x).length, numClasses);
    long[] out = SizeLimits.allocateLongs("oneHot", shape);
    for (int i = 0; i < v.length; i++) {
      out[i * numClasses + (int) v[i]] = 1;
    }
    return fresh(out, shape);
  }
}
