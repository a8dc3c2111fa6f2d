package dev.jgrad.autograd;

import java.util.Arrays;

/**
 * In-place ops ({@code add_}, {@code mul_}, {@code zero_}, ...). Each bumps the storage's version counter so a
 * tensor saved for backward cannot be silently changed. Under grad mode an in-place op on a non-leaf rewrites its
 * history: the tensor's grad_fn becomes the in-place op's node, whose input is the tensor's previous history.
 */
final class InPlace {
  private InPlace() {}

  /** Fails like PyTorch when an in-place op would corrupt autograd. */
  static void check(Tensor t, String op, boolean otherRequiresGrad) {
    if (!GradMode.isEnabled()) {
      return;
    }
    if (t.requiresGrad && t.gradFn == null) {
      throw new IllegalStateException(
          op + ": a leaf Variable that requires grad is being used in an in-place operation. Update parameters "
              + "inside a no-grad scope: try (var g = Autograd.noGrad()) { ... } (shape " + Shapes.str(t.shape) + ")");
    }
    if (t.base != null && t.base.requiresGrad && t.base.gradFn == null) {
      throw new IllegalStateException(
          op + ": a view of a leaf Variable that requires grad is being used in an in-place operation. Update it "
              + "inside Autograd.noGrad() (view shape " + Shapes.str(t.shape) + ", base shape "
              + Shapes.str(t.base.shape) + ")");
    }
    if (t.base != null && (t.requiresGrad || otherRequiresGrad)) {
      throw new UnsupportedOperationException(
          op + ": in-place operation on a view of a tensor that requires grad is not supported; use the "
              + "out-of-place op (e.g. add instead of add_) (view shape " + Shapes.str(t.shape) + ")");
    }
  }

  /** A stand-in for t's value and history before the in-place op: a snapshot when the rule needs the old value. */
  private static Tensor before(Tensor t, boolean needValue) {
    Tensor old = needValue ? Tensor.fresh(t.toArray(), t.shape, t.dtype)
        : new Tensor(t.storage, t.shape, t.strides, t.offset, t.dtype);
    old.requiresGrad = t.requiresGrad;
    old.gradFn = t.gradFn;
    if (t.gradFn == null && t.requiresGrad) {
      throw new AssertionError("leaf checked above");
    }
    return old;
  }

  private static void finish(Tensor t, float[] values) {
    Strided.write(values, 0, t);
    t.storage.bumpVersion();
  }

  static Tensor fill(Tensor t, float value, String op) {
    check(t, op, false);
    float[] v = new float[t.numel()];
    Arrays.fill(v, value);
    finish(t, v);
    if (t.requiresGrad && GradMode.isEnabled()) {
      t.gradFn = new Node() {
        @Override
        public String name() {
          return value == 0f ? "ZeroBackward0" : "FillBackward0";
        }

        @Override
        protected Tensor[] apply(Tensor grad) {
          return new Tensor[0];
        }
      };
    }
    return t;
  }

  static Tensor binary(Tensor t, int op, Tensor other, String name) {
    check(t, name, other.requiresGrad);
    int[] shape = Shapes.broadcast(t.shape, other.shape, name);
    if (!Arrays.equals(shape, t.shape)) {
      throw new IllegalArgumentException(
          name + ": output with shape " + Shapes.str(t.shape) + " doesn't match the broadcast shape "
              + Shapes.str(shape));
    }
    boolean track = GradMode.isEnabled() && (t.requiresGrad || other.requiresGrad);
    Tensor old = track ? before(t, op == Loops.MUL || op == Loops.DIV) : null;
    float[] out = new float[t.numel()];
    Pointwise.forward(op, t, other, shape, out);
    finish(t, out);
    if (track) {
      t.gradFn = new Pointwise.BinaryBackward(op, old, other, t);
      t.requiresGrad = true;
    }
    return t;
  }

  static Tensor scalar(Tensor t, int op, float s, String name) {
    check(t, name, false);
    boolean track = GradMode.isEnabled() && t.requiresGrad;
    Tensor old = track ? before(t, false) : null;
    float[] out = new float[t.numel()];
    if (out.length > 0) {
      Loops.binaryScalar(op, t.data(), t.dataOffset(), s, false, out, 0, out.length);
    }
    finish(t, out);
    if (track) {
      t.gradFn = new Pointwise.ScalarBackward(op, old, s, false, t);
    }
    return t;
  }

  static Tensor clamp(Tensor t, float min, float max) {
    check(t, "clamp_", false);
    boolean track = GradMode.isEnabled() && t.requiresGrad;
    Tensor old = track ? before(t, true) : null;
    float[] out = new float[t.numel()];
    if (out.length > 0) {
      Loops.unary(Loops.CLAMP, t.data(), t.dataOffset(), out, 0, out.length, min, max);
    }
    finish(t, out);
    if (track) {
      t.gradFn = new Pointwise.UnaryBackward(Loops.CLAMP, old, t, min, max);
    }
    return t;
  }

  static Tensor copy(Tensor t, Tensor src) {
    check(t, "copy_", src.requiresGrad);
    Tensor expanded;
    try {
      expanded = src.detach().expand(t.shape);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "copy_: the source of shape " + Shapes.str(src.shape) + " is not broadcastable to the destination of shape "
              + Shapes.str(t.shape), e);
    }
    finish(t, expanded.toArray());
    if (GradMode.isEnabled() && (t.requiresGrad || src.requiresGrad)) {
      int[] srcShape = src.shape;
      Node srcEdge = src.edge();
      t.gradFn = new Node(srcEdge) {
        @Override
        public String name() {
          return "CopyBackwards";
        }

        @Override
        protected Tensor[] apply(Tensor grad) {
          return new Tensor[] {Reductions.sumTo(grad, srcShape)};
        }
      };
      t.requiresGrad = true;
    }
    return t;
  }

  /** Gradient accumulation: t (contiguous, owns its storage) += g, bypassing autograd. */
  static void addUnchecked(Tensor t, Tensor g) {
    float[] gd = g.data();
    int go = g.dataOffset();
    if (!Arrays.equals(g.shape, t.shape)) {
      gd = g.expand(t.shape).toArray();
      go = 0;
    }
    Loops.binary(Loops.ADD, t.storage.data, t.offset, gd, go, t.storage.data, t.offset, t.numel());
    t.storage.bumpVersion();
  }
}
