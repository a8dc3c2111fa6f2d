package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.storage.Shapes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BroadcastRowsTest {

  private static final Generator GEN = new Generator(20261126L);

  /** Operand pairs whose last dims are contiguous or broadcast, including views and leading size-1 dims. */
  private static Tensor[][] pairs() {
    Tensor x = Tensor.randn(GEN, 5, 40);
    Tensor x3 = Tensor.randn(GEN, 3, 4, 33);
    return new Tensor[][] {
        {x, Tensor.randn(GEN, 5, 1)},                                   // [N, M] with [N, 1]
        {Tensor.randn(GEN, 5, 1), x},                                   // and the other way round
        {Tensor.randn(GEN, 6, 1), Tensor.randn(GEN, 1, 17)},            // outer product
        {Tensor.randn(GEN, 1, 17), Tensor.randn(GEN, 6, 1)},
        {x3, Tensor.randn(GEN, 3, 1, 33)},                              // broadcast over a middle dim
        {x3, Tensor.randn(GEN, 4, 1)},                                  // fewer dims, middle dim kept
        {Tensor.randn(GEN, 3, 1, 1), Tensor.randn(GEN, 1, 4, 20)},
        {Tensor.randn(GEN, 2, 1, 16), Tensor.randn(GEN, 1, 3, 1)},      // a row from one, a scalar per row from the other
        {Tensor.randn(GEN, 7, 1, 1), Tensor.randn(GEN, 1, 1, 1)},       // both broadcast along the last dim (too short)
        {Tensor.randn(GEN, 2, 3, 1).expand(2, 3, 1), Tensor.randn(GEN, 1, 3, 16)},
        {Tensor.randn(GEN, 8, 40).narrow(0, 2, 5), Tensor.randn(GEN, 5, 1)},          // a view with an offset
        {Tensor.randn(GEN, 5, 60).narrow(1, 7, 40), Tensor.randn(GEN, 5, 1)},         // rows 60 apart
        {Tensor.randn(GEN, 40, 5).t(), Tensor.randn(GEN, 5, 1)},                      // last dim strided: general path
        {Tensor.randn(GEN, 4, 1, 24).permute(1, 0, 2), Tensor.randn(GEN, 3, 1, 1)},
    };
  }

  @Test
  void everyBinaryOpMatchesTheExpandedSameShapeComputationBitForBit() {
    int checked = 0;
    for (Tensor[] p : pairs()) {
      Tensor a = p[0];
      Tensor b = p[1];
      int[] outShape = Shapes.broadcast(a.shape(), b.shape(), "test");
      Tensor ae = a.expand(outShape).contiguous();
      Tensor be = b.expand(outShape).contiguous();
      for (BinaryOp op : BinaryOp.values()) {
        Tensor expected = Pointwise.binary(op, ae, be);
        Tensor actual = Pointwise.binary(op, a, b);
        assertArrayEquals(outShape, actual.shape(), "op " + op);
        assertArrayEquals(expected.toArray(), actual.toArray(),
            "op " + op + " on " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        checked++;
      }
    }
    assertEquals(14 * BinaryOp.values().length, checked);
  }

  @Test
  void takesOnlyShapesWhoseLastDimIsContiguousOrBroadcastAndLongEnough() {
    float[] out = new float[5 * 40];
    assertTrue(BroadcastRows.apply(BinaryOp.ADD, Tensor.randn(GEN, 5, 40), Tensor.randn(GEN, 5, 1), new int[] {5, 40},
        out));
    float[] untouched = new float[5 * 40];
    Arrays.fill(untouched, 7f);
    float[] out2 = untouched.clone();
    assertFalse(BroadcastRows.apply(BinaryOp.ADD, Tensor.randn(GEN, 40, 5).t(), Tensor.randn(GEN, 5, 1),
        new int[] {5, 40}, out2), "a strided last dim");
    assertArrayEquals(untouched, out2);
    assertFalse(BroadcastRows.apply(BinaryOp.ADD, Tensor.randn(GEN, 5, 8), Tensor.randn(GEN, 5, 1), new int[] {5, 8},
        new float[40]), "rows shorter than " + BroadcastRows.MIN_ROW);
  }

  @Test
  void gradientsOfABroadcastSubtractionReduceOverTheBroadcastDims() {
    Tensor x = Tensor.randn(GEN, 4, 20).requiresGrad_(true);
    Tensor m = x.mean(1, true);
    Tensor y = x.sub(m).mul(x.sub(m)).sum();
    y.backward();
    // d/dx sum((x - mean)^2) = 2 (x - mean) - mean over the row of 2 (x - mean) = 2 (x - mean): the row mean of
    // (x - mean) is zero.
    float[] xs = x.detach().toArray();
    float[] g = x.grad().toArray();
    for (int r = 0; r < 4; r++) {
      double mean = 0;
      for (int j = 0; j < 20; j++) {
        mean += xs[r * 20 + j];
      }
      mean /= 20;
      for (int j = 0; j < 20; j++) {
        assertEquals(2 * (xs[r * 20 + j] - mean), g[r * 20 + j], 1e-5);
      }
    }
  }
}
