package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Views share storage (writes through a view are seen by its base and the other way round), have the right
 * shapes and strides, and copy only when they must. Their values, gradients and grad_fn names against PyTorch are
 * in CoreOpsGoldenTest (cases view, reshape_*, t, transpose, permute, unsqueeze, squeeze_*, expand, narrow,
 * select, contiguous_*, flatten, detach_mul).
 */
class ViewsTest {

  private static Tensor range(int... shape) {
    float[] v = new float[Shapes.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return Tensor.of(v, shape);
  }

  /** Writes 100 into the first element of the view and checks the base sees it at {@code baseIndex}. */
  private static void assertShares(Tensor base, Tensor view, int... baseIndex) {
    Tensor first = view;
    for (int d = 0; d < view.dim(); d++) {
      first = first.narrow(d, 0, 1);
    }
    first.fill_(100);
    assertEquals(100f, base.get(baseIndex));
  }

  @Test
  void everyViewSharesStorage() {
    List<UnaryOperator<Tensor>> views = List.of(x -> x.view(3, 2), x -> x.reshape(6), Tensor::t,
        x -> x.transpose(0, 1), x -> x.permute(1, 0), x -> x.unsqueeze(0), x -> x.unsqueeze(0).squeeze(),
        x -> x.unsqueeze(2).squeeze(2), x -> x.narrow(1, 0, 2), x -> x.slice(1, 0, 3, 2), Tensor::detach,
        Tensor::flatten, Tensor::contiguous);
    for (UnaryOperator<Tensor> v : views) {
      Tensor base = range(2, 3);
      assertShares(base, v.apply(base), 0, 0);
    }
    Tensor base = range(2, 3);
    assertShares(base, base.select(0, 1), 1, 0);
    Tensor one = range(1, 3);
    Tensor expanded = one.expand(4, 3);
    one.fill_(7);
    assertArrayEquals(new float[] {7, 7, 7}, expanded.select(0, 3).toArray(), "expand reads the base's memory");
  }

  @Test
  void shapesAndStrides() {
    Tensor x = range(2, 3, 4);
    assertArrayEquals(new int[] {12, 4, 1}, x.stride());
    Tensor p = x.permute(2, 0, 1);
    assertArrayEquals(new int[] {4, 2, 3}, p.shape());
    assertArrayEquals(new int[] {1, 12, 4}, p.stride());
    Tensor t = x.transpose(0, 2);
    assertArrayEquals(new int[] {4, 3, 2}, t.shape());
    assertArrayEquals(new int[] {1, 4, 12}, t.stride());
    Tensor e = range(3, 1).expand(2, 3, 4);
    assertArrayEquals(new int[] {0, 1, 0}, e.stride());
    Tensor s = x.select(1, 2);
    assertArrayEquals(new int[] {2, 4}, s.shape());
    assertEquals(8, s.storageOffset());
    Tensor n = x.narrow(2, 1, 2);
    assertArrayEquals(new int[] {2, 3, 2}, n.shape());
    assertEquals(1, n.storageOffset());
    assertArrayEquals(new int[] {2, 1, 3, 4}, x.unsqueeze(1).shape());
    assertArrayEquals(new int[] {2, 3, 4, 1}, x.unsqueeze(-1).shape());
    assertArrayEquals(new int[] {2, 3}, range(2, 1, 3, 1).squeeze().shape());
    assertArrayEquals(new int[] {2, 1, 3}, range(2, 1, 3).squeeze(0).shape(), "squeeze of a non-1 dim: no-op");
    assertArrayEquals(new int[] {24}, x.flatten().shape());
    assertArrayEquals(new int[] {2, 12}, x.view(2, -1).shape());
  }

  @Test
  void valuesThroughViews() {
    Tensor x = range(2, 3);
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, x.t().toArray());
    assertArrayEquals(new float[] {3, 4, 5}, x.select(0, 1).toArray());
    assertArrayEquals(new float[] {1, 4}, x.select(1, -2).toArray());
    assertArrayEquals(new float[] {1, 2, 4, 5}, x.narrow(1, 1, 2).toArray());
    assertArrayEquals(new float[] {0, 2, 3, 5}, x.slice(1, 0, 3, 2).toArray());
    assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, range(3).expand(2, 3).toArray());
    assertEquals(5f, x.t().get(2, 1));
    assertEquals(5f, x.get(-1, -1));
  }

  @Test
  void contiguousAndReshapeCopyOnlyWhenNeeded() {
    Tensor x = range(2, 3);
    assertSame(x, x.contiguous());
    Tensor t = x.t();
    assertFalse(t.isContiguous());
    Tensor c = t.contiguous();
    assertTrue(c.isContiguous());
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, c.toArray());
    c.fill_(-1);
    assertEquals(0f, x.get(0, 0), "contiguous() of a strided view is a copy");

    Tensor r = t.reshape(6);             // not expressible as a view of the transposed memory: copies
    r.fill_(9);
    assertEquals(0f, x.get(0, 0));
    Tensor sliced = range(4, 6).narrow(0, 1, 2);   // rows 1..2: still viewable as [12]
    Tensor flat = sliced.reshape(12);
    flat.fill_(5);
    assertEquals(5f, sliced.get(0, 0), "reshape of a viewable tensor is a view");
  }

  @Test
  void viewOfNonViewableMemoryFails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).t().view(6));
    assertTrue(e.getMessage().contains("view size is not compatible with input tensor's size and stride"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Use .reshape(...) instead."), e.getMessage());
  }

  @Test
  void viewsOfATensorThatRequiresGradAreNonLeavesWithNames() {
    Tensor x = range(2, 3).requiresGrad_(true);
    assertEquals("ViewBackward0", x.view(3, 2).gradFn().name());
    assertEquals("TBackward0", x.t().gradFn().name());
    assertEquals("TransposeBackward0", x.transpose(0, 1).gradFn().name());
    assertEquals("PermuteBackward0", x.permute(1, 0).gradFn().name());
    assertEquals("UnsqueezeBackward0", x.unsqueeze(0).gradFn().name());
    assertEquals("ExpandBackward0", x.unsqueeze(0).expand(4, 2, 3).gradFn().name());
    assertEquals("SliceBackward0", x.narrow(1, 0, 2).gradFn().name());
    assertEquals("SelectBackward0", x.select(0, 0).gradFn().name());
    assertEquals("CloneBackward0", x.t().contiguous().gradFn().name());
    assertFalse(x.view(6).isLeaf());
  }

  @Test
  void detachCutsTheGraphButSharesData() {
    Tensor x = range(3).requiresGrad_(true);
    Tensor d = x.detach();
    assertFalse(d.requiresGrad());
    assertTrue(d.isLeaf());
    assertEquals(null, d.gradFn());
    assertNotSame(x, d);
    try (var g = Autograd.noGrad()) {
      d.add_(1);
    }
    assertArrayEquals(new float[] {1, 2, 3}, x.toArray());
  }

  @Test
  void gradientsThroughChainsOfViews() {
    Tensor x = range(2, 3, 4).requiresGrad_(true);
    Tensor y = x.permute(2, 0, 1).narrow(0, 1, 2).select(1, 1).unsqueeze(0).expand(3, 2, 3);
    y.sum().backward();
    float[] g = x.grad().toArray();
    // the permuted tensor is p[k][i][j] = x[i][j][k]; narrow keeps k = 1, 2; select(1, 1) keeps i = 1; each
    // element is then expanded 3 times
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          float expected = i == 1 && (k == 1 || k == 2) ? 3 : 0;
          assertEquals(expected, g[i * 12 + j * 4 + k], "grad at " + i + "," + j + "," + k);
        }
      }
    }
  }
}
