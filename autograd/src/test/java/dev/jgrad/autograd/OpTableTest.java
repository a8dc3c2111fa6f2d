package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.GradFn;
import dev.jgrad.autograd.kernels.ResultType;
import dev.jgrad.autograd.kernels.UnaryOp;
import dev.jgrad.autograd.ops.Pointwise;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Walks every row of the elementwise op tables: each differentiable form names its node and its rule agrees with
 * central differences (at points away from kinks), each form without a gradient gives a bool result and no node,
 * and each op has a case in the op catalogue (which compares it with PyTorch).
 */
class OpTableTest {
  /** Ops that are not a Tensor method of their own: the catalogue method whose cases run them. */
  private static final Map<String, String> COVERED_BY = Map.of("isnan", "norm");

  /** Sample points inside (0.2, 0.8) and off every kink, jump and integer of the ops. */
  private static final float[] SAMPLE = {0.31f, 0.45f, 0.7f, 0.35f};

  @ParameterizedTest
  @EnumSource(UnaryOp.class)
  void unaryRowHasARuleOrIsDeclaredWithoutGradientAndACatalogueCase(UnaryOp op) {
    float p1 = op == UnaryOp.SOFTPLUS ? 2f : op == UnaryOp.CLAMP || op == UnaryOp.CLAMP_MIN ? 0.2f : 0.8f;
    float p2 = op == UnaryOp.SOFTPLUS ? 20f : 0.8f;
    checkForm(op.grad, op.result, x -> Pointwise.unary(op, x, p1, p2), op.toString());
    assertCatalogued(op.label);
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void binaryRowHasRulesOrIsDeclaredWithoutGradientAndACatalogueCase(BinaryOp op) {
    Tensor other = Tensor.of(new float[] {0.6f, 0.2f, 0.5f, 0.55f}, 4);
    checkForm(op.tensorGrad, op.result, x -> Pointwise.binary(op, x, other), op + " (tensor, other)");
    checkForm(op.tensorGrad, op.result, x -> Pointwise.binary(op, other, x), op + " (other, tensor)");
    if (op.scalarGrad != null || op.result == ResultType.BOOL) {
      checkForm(op.scalarGrad, op.result, x -> Pointwise.scalar(op, x, 1.5f, false), op + " (tensor, scalar)");
    }
    if (op.reverseScalarGrad != null) {
      checkForm(op.reverseScalarGrad, op.result, x -> Pointwise.scalar(op, x, 1.5f, true), op + " (scalar, tensor)");
    }
    assertCatalogued(op.label);
  }

  private static void checkForm(GradFn form, ResultType result, UnaryOperator<Tensor> f, String what) {
    Tensor x = Tensor.of(SAMPLE.clone(), SAMPLE.length).requiresGrad_(true);
    Tensor y = f.apply(x);
    if (form == null) {
      assertEquals(ResultType.BOOL, result, what + ": only bool results may have no gradient");
      assertEquals(DType.BOOL, y.dtype(), what);
      assertNull(y.gradFn(), what);
      return;
    }
    assertNotNull(y.gradFn(), what);
    assertEquals(form.name(), y.gradFn().name(), what);
    y.sum().backward();
    float[] analytic = x.grad().toArray();
    double eps = 1e-3;
    for (int i = 0; i < SAMPLE.length; i++) {
      float[] up = SAMPLE.clone();
      float[] down = SAMPLE.clone();
      up[i] += (float) eps;
      down[i] -= (float) eps;
      double fd = (sum(f.apply(Tensor.of(up, up.length))) - sum(f.apply(Tensor.of(down, down.length))))
          / (up[i] - down[i]);
      assertEquals(fd, analytic[i], 2e-2 * (1 + Math.abs(fd)), what + " at x = " + SAMPLE[i]);
    }
  }

  private static double sum(Tensor t) {
    double s = 0;
    for (float v : t.toArray()) {
      s += v;
    }
    return s;
  }

  private static void assertCatalogued(String label) {
    String method = COVERED_BY.getOrDefault(label, label);
    assertTrue(OpCatalog.entries().stream().anyMatch(e -> e.id.equals(method) || e.covers.contains(method)),
        "no op catalogue case covers " + method);
  }
}
