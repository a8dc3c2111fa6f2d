package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The first gradient of a leaf becomes its {@code .grad} without a copy only when nothing outside the engine can
 * hold it (PyTorch's AccumulateGrad steals by use count): otherwise a later in-place accumulation into {@code .grad}
 * would change someone else's tensor. Each test makes a second backward pass accumulate in place and checks that
 * no tensor outside {@code .grad} moved.
 */
class GradientStealingTest {

  /** A gradient the engine computed (the mm of a linear layer's weight gradient) is used as it is. */
  @Test
  void aGradientTheEngineMadeBecomesGradWithoutACopy() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = Tensor.of(new float[] {1, 0, -1, 2, 0.5f, 3}, 3, 2).requiresGrad_(true);
    Tensor[] seen = new Tensor[1];
    // Breaks the ObservingHook promise on purpose, to see which object the engine handed over.
    w.registerHook((ObservingHook) g -> {
      seen[0] = g;
      return null;
    });
    x.mm(w).sum().backward();
    assertSame(seen[0], w.grad());
    assertArrayEquals(new float[] {5, 5, 7, 7, 9, 9}, w.grad().toArray());
    x.mm(w).sum().backward();
    assertArrayEquals(new float[] {10, 10, 14, 14, 18, 18}, w.grad().toArray());
  }

  /** A weight used transposed (x·wᵀ, as a linear layer does) gets the product the engine made, turned back. */
  @Test
  void aTransposedWeightsGradientIsNotCopiedEither() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = Tensor.of(new float[] {1, 0, -1, 2, 0.5f, 3}, 2, 3).requiresGrad_(true);
    Tensor b = Tensor.of(0.5f, -1f).requiresGrad_(true);
    Tensor[] seen = new Tensor[1];
    w.registerHook((ObservingHook) g -> {
      seen[0] = g;
      return null;
    });
    x.linear(w, b).sum().backward();
    assertSame(seen[0], w.grad());
    assertArrayEquals(new float[] {5, 7, 9, 5, 7, 9}, w.grad().toArray());
    x.mm(w.t()).sum().backward();
    assertArrayEquals(new float[] {10, 14, 18, 10, 14, 18}, w.grad().toArray());
  }

  /** A caller's gradient passed through a transpose is still the caller's. */
  @Test
  void aCallersGradientSeenThroughAViewIsCopied() {
    Tensor w = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad_(true);
    Tensor g = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    w.t().backward(g);
    w.t().backward(g);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, g.toArray());
    assertArrayEquals(new float[] {2, 6, 10, 4, 8, 12}, w.grad().toArray());
  }

  /** The gradient given to backward(gradient) belongs to the caller: .grad is a copy, and accumulating leaves it be. */
  @Test
  void aGradientPassedToBackwardIsCopied() {
    Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad_(true);
    Tensor g = Tensor.of(0.5f, 1f, 2f);
    w.backward(g);
    assertNotSame(g, w.grad());
    w.backward(g);
    assertArrayEquals(new float[] {0.5f, 1f, 2f}, g.toArray());
    assertArrayEquals(new float[] {1f, 2f, 4f}, w.grad().toArray());

    Tensor y = w.mul(1f);
    Tensor gy = Tensor.of(1f, 1f, 1f);
    w.grad().zero_();
    y.backward(gy);   // MulBackward makes a new tensor; the caller's gy is never .grad
    assertArrayEquals(new float[] {1f, 1f, 1f}, gy.toArray());
  }

  /** An addition hands one gradient object to both inputs: each leaf gets its own .grad. */
  @Test
  void oneGradientObjectForTwoLeavesIsNotSharedBetweenThem() {
    Tensor a = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor b = Tensor.of(3f, 4f).requiresGrad_(true);
    a.add(b).mul(2f).sum().backward();
    assertNotSame(a.grad(), b.grad());
    a.add(b).mul(2f).sum().backward();
    assertArrayEquals(new float[] {4f, 4f}, a.grad().toArray());
    assertArrayEquals(new float[] {4f, 4f}, b.grad().toArray());
    a.grad().mul_(10f);
    assertArrayEquals(new float[] {4f, 4f}, b.grad().toArray());
  }

  /** A plain hook might keep the gradient it saw: the leaf then gets a copy, and what the hook kept stays put. */
  @Test
  void aGradientAPlainLeafHookSawIsCopied() {
    Tensor w = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor[] kept = new Tensor[1];
    w.registerHook(g -> {
      kept[0] = g;
      return null;
    });
    w.mul(3f).sum().backward();
    assertNotSame(kept[0], w.grad());
    float[] first = kept[0].toArray();
    w.mul(3f).sum().backward();
    assertArrayEquals(new float[] {3f, 3f}, first);
    assertArrayEquals(new float[] {6f, 6f}, w.grad().toArray());
  }

  /** A hook on an intermediate tensor sees a gradient that a pass-through rule may hand on to a leaf unchanged. */
  @Test
  void aGradientANodeHookSawIsCopied() {
    Tensor w = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor y = w.clone();
    Tensor[] kept = new Tensor[1];
    y.registerHook(g -> {
      kept[0] = g;
      return null;
    });
    y.mul(3f).sum().backward();
    assertNotSame(kept[0], w.grad());
    w.grad().add_(Tensor.of(100f, 100f));
    assertArrayEquals(new float[] {3f, 3f}, kept[0].toArray());
  }

  /** A view the engine made of a gradient nobody else holds (a reshape's rule) is used as it is. */
  @Test
  void aViewOfADeadGradientIsNotCopied() {
    Tensor w = Tensor.of(1f, 2f, 3f, 4f).requiresGrad_(true);
    Tensor[] seen = new Tensor[1];
    w.registerHook((ObservingHook) g -> {
      seen[0] = g;
      return null;
    });
    w.reshape(2, 2).mul(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)).sum().backward();
    assertSame(seen[0], w.grad());
    assertArrayEquals(new float[] {1, 2, 3, 4}, w.grad().toArray());
  }

  /** One gradient and a view of it, for two leaves (broadcasting over a leading 1): the leaves never share. */
  @Test
  void aGradientAndAViewOfItForTwoLeavesAreNotShared() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad_(true);
    Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 1, 2, 2).requiresGrad_(true);
    Tensor scale = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2);
    a.add(b).mul(scale).sum().backward();
    a.add(b).mul(scale).sum().backward();
    assertArrayEquals(new float[] {2, 4, 6, 8}, a.grad().toArray());
    assertArrayEquals(new float[] {2, 4, 6, 8}, b.grad().toArray());
    a.grad().zero_();
    assertArrayEquals(new float[] {2, 4, 6, 8}, b.grad().toArray());
    b.grad().mul_(3f);
    assertArrayEquals(new float[] {0, 0, 0, 0}, a.grad().toArray());
  }

  /** With createGraph the gradient is part of a graph: .grad is a copy with a grad_fn, as before. */
  @Test
  void createGraphKeepsCopying() {
    Tensor w = Tensor.of(1f, 2f).requiresGrad_(true);
    w.mul(w).sum().backward(null, true, true);
    assertArrayEquals(new float[] {2f, 4f}, w.grad().toArray());
    w.grad().sum().backward();
    assertArrayEquals(new float[] {4f, 6f}, w.grad().detach().toArray());
  }
}
