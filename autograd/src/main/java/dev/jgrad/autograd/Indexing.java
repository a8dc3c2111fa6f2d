package dev.jgrad.autograd;

/** Index-driven ops: gather and scatterAdd along a dim (each the other's derivative). */
final class Indexing {
  private Indexing() {}

  private static void checkIndex(String op, Tensor x, int dim, Tensor index, boolean gather) {
    if (index.dtype != DType.INT64) {
      throw new IllegalArgumentException(
          op + "(): Expected dtype int64 for index, got " + index.dtype.torchName());
    }
    if (index.shape.length != x.shape.length && !(index.shape.length <= 1 && x.shape.length <= 1)) {
      throw new IllegalArgumentException(
          op + "(): Index tensor must have the same number of dimensions as " + (gather ? "input" : "self")
              + " tensor (index shape " + Shapes.str(index.shape) + ", " + (gather ? "input" : "self") + " shape "
              + Shapes.str(x.shape) + ")");
    }
    for (int d = 0; d < index.shape.length; d++) {
      if (d != dim && index.shape[d] > x.shape[d]) {
        throw new IllegalArgumentException(
            op + "(): Size does not match at dimension " + d + " expected index " + Shapes.str(index.shape)
                + " to be smaller than self " + Shapes.str(x.shape) + " apart from dimension " + dim);
      }
    }
  }

  /** out[i][j][k] = x[i][index[i][j][k]][k] (for dim = 1). */
  static Tensor gather(Tensor x, int dim, Tensor index) {
    int d = Shapes.dim(dim, x.shape.length, "gather");
    checkIndex("gather", x, d, index, true);
    float[] idx = index.toArray();
    float[] out = new float[idx.length];
    int nd = index.shape.length;
    int[] coord = new int[nd];
    float[] xd = x.storage.data;
    int limit = x.shape.length == 0 ? 1 : x.shape[d];
    for (int i = 0; i < idx.length; i++) {
      int pos = x.offset;
      int j = (int) idx[i];
      if (j < -limit || j >= limit) {
        throw new IndexOutOfBoundsException(
            "gather(): index " + j + " is out of bounds for dimension " + d + " with size " + limit);
      }
      if (j < 0) {
        j += limit;
      }
      for (int k = 0; k < nd; k++) {
        pos += (k == d ? j : coord[k]) * x.strides[k];
      }
      out[i] = xd[pos];
      increment(coord, index.shape);
    }
    Tensor r = Tensor.fresh(out, index.shape.clone(), x.dtype);
    if (x.requiresGrad && GradMode.isEnabled()) {
      r.attach(new GatherBackward(x, d, index));
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
      super(x.edge());
      this.dim = dim;
      this.inShape = x.shape;
      save(index);
    }

    @Override
    public String name() {
      return "GatherBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      return new Tensor[] {scatterAdd(Tensor.zeros(inShape), dim, saved(0), g)};
    }
  }

  /** A copy of self where out[i][index[i][j][k]][k] += src[i][j][k] (for dim = 1). */
  static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
    int d = Shapes.dim(dim, self.shape.length, "scatterAdd");
    checkIndex("scatterAdd", self, d, index, false);
    for (int k = 0; k < index.shape.length; k++) {
      if (index.shape[k] > src.shape[k]) {
        throw new IllegalArgumentException(
            "scatterAdd(): Expected index " + Shapes.str(index.shape) + " to be smaller than src "
                + Shapes.str(src.shape));
      }
    }
    float[] out = self.toArray();
    float[] idx = index.toArray();
    int nd = index.shape.length;
    int[] coord = new int[nd];
    int[] outStrides = Shapes.contiguousStrides(self.shape);
    int limit = self.shape.length == 0 ? 1 : self.shape[d];
    for (int i = 0; i < idx.length; i++) {
      int j = (int) idx[i];
      if (j < -limit || j >= limit) {
        throw new IndexOutOfBoundsException(
            "scatterAdd(): index " + j + " is out of bounds for dimension " + d + " with size " + limit);
      }
      if (j < 0) {
        j += limit;
      }
      int pos = 0;
      int spos = src.offset;
      for (int k = 0; k < nd; k++) {
        pos += (k == d ? j : coord[k]) * outStrides[k];
        spos += coord[k] * src.strides[k];
      }
      out[pos] += src.storage.data[spos];
      increment(coord, index.shape);
    }
    Tensor r = Tensor.fresh(out, self.shape.clone(), self.dtype);
    if ((self.requiresGrad || src.requiresGrad) && GradMode.isEnabled()) {
      r.attach(new ScatterAddBackward(self, d, index, src));
    }
    return r;
  }

  static final class ScatterAddBackward extends Node {
    final int dim;

    ScatterAddBackward(Tensor self, int dim, Tensor index, Tensor src) {
      super(self.edge(), src.edge());
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
}
