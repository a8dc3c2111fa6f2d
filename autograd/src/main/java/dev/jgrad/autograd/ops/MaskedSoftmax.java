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
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.storage.Shapes;
import java.util.Arrays;

/**
 * {@code softmax(scores + mask, -1)} as one op and one node, attention's masked softmax: the mask is added row by
 * row into the output buffer, which the softmax kernel then normalises in place, instead of an add that allocates
 * and records the full scores block and a softmax that reads it back. The mask is read through its broadcast
 * strides, never expanded. Values are those of {@code scores.add(mask).softmax(-1)} bit for bit (the same float add,
 * the same kernel), and so are the gradients: {@code y·(g − Σ g·y)} per row with the row sum through {@link
 * Kernels#sum}, as the composition's {@code sum(-1)} takes it, and for a mask that requires grad that gradient
 * summed to the mask's shape.
 */
final class MaskedSoftmax {
  private MaskedSoftmax() {}

  static Tensor forward(Tensor scores, Tensor mask) {
    if (scores.dtype() == DType.FLOAT64 || mask.dtype() == DType.FLOAT64) {
      // The composition this op fuses, PyTorch's graph (SoftmaxBackward0 over AddBackward0); the add promotes.
      return NNOps.softmax(scores.add(mask), -1, NNOps.SoftmaxOp.SOFTMAX);
    }
    int[] shape = shapeOf(scores);
    checkArgument(scores.dtype() == DType.FLOAT32 && mask.dtype() == DType.FLOAT32 && shape.length >= 1,
        "maskedSoftmax: expected float32 scores of at least one dim and a float32 mask, got %s %s and %s %s",
        scores.dtype().torchName(), Shapes.str(shape), mask.dtype().torchName(), Shapes.str(shapeOf(mask)));
    int[] out = Shapes.broadcast(shape, shapeOf(mask), "maskedSoftmax");
    checkArgument(Arrays.equals(out, shape), "maskedSoftmax: the mask %s does not broadcast to the scores %s",
        Shapes.str(shapeOf(mask)), Shapes.str(shape));
    int n = scores.numel();
    int cols = shape[shape.length - 1];
    float[] y = new float[n];
    if (n > 0) {
      Tensor s = scores.detach();   // dataOf: its values in row-major order, copied when strided
      float[] sd = dataOf(s);
      int so = dataOffsetOf(s);
      Tensor m = mask.detach().expand(shape);
      float[] md = storageOf(m).data;   // read through the broadcast strides, not as a contiguous copy
      int mo = m.storageOffset();
      int[] ms = stridesOf(m);
      int last = ms[ms.length - 1];
      int rows = n / cols;
      int[] index = new int[shape.length - 1];
      int mRow = mo;
      for (int r = 0; r < rows; r++) {
        int base = r * cols;
        for (int j = 0, mj = mRow; j < cols; j++, mj += last) {
          y[base + j] = sd[so + base + j] + md[mj];
        }
        // The next row's mask offset: an odometer over the leading dims through the mask's (broadcast) strides.
        for (int d = index.length - 1; d >= 0; d--) {
          mRow += ms[d];
          if (++index[d] < shape[d]) {
            break;
          }
          mRow -= ms[d] * shape[d];
          index[d] = 0;
        }
      }
      Kernels.get().softmaxRows(y, 0, y, 0, rows, cols, false);
    }
    Tensor r = fresh(y, shape.clone(), DType.FLOAT32);
    if ((scores.requiresGrad() || mask.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new Backward(scores, mask, r));
    }
    return r;
  }

  /** The node: PyTorch's graph has SoftmaxBackward0 over AddBackward0 here; this one node stands for both. */
  private static final class Backward extends Node {
    private final int[] maskShape;

    Backward(Tensor scores, Tensor mask, Tensor out) {
      super(edgeOf(scores), edgeOf(mask));
      maskShape = shapeOf(mask).clone();
      save(out);
    }

    @Override
    public String name() {
      return "SoftmaxBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor y = saved(0);
      Tensor gs;
      if (GradMode.isEnabled()) {
        gs = y.mul(g.sub(g.mul(y).sum(-1, true)));   // differentiable, for double backward
      } else {
        gs = softmaxGrad(g.isContiguous() ? g : g.contiguous(), y);
      }
      Tensor gm = next[1] == null ? null : Reductions.sumTo(gs, maskShape);
      return new Tensor[] {next[0] == null ? null : gs, gm};
    }
  }

  /** {@code y·(g − Σ_row g·y)} in one pass per row, with the composition's roundings. */
  private static Tensor softmaxGrad(Tensor g, Tensor y) {
    int[] shape = shapeOf(y);
    int n = y.numel();
    int cols = shape[shape.length - 1];
    float[] out = new float[n];
    if (n > 0 && cols > 0) {
      float[] gd = dataOf(g);
      int go = dataOffsetOf(g);
      float[] yd = dataOf(y);
      int yo = dataOffsetOf(y);
      Kernels k = Kernels.get();
      for (int base = 0; base < n; base += cols) {
        for (int j = 0; j < cols; j++) {
          out[base + j] = gd[go + base + j] * yd[yo + base + j];
        }
        float s = k.sum(out, base, cols);
        for (int j = 0; j < cols; j++) {
          out[base + j] = yd[yo + base + j] * (gd[go + base + j] - s);
        }
      }
    }
    return fresh(out, shape.clone(), DType.FLOAT32);
  }
}
