package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tensor hooks ({@link Tensor#registerHook}): what they see, how a returned tensor replaces the gradient, removal,
 * order, and the values measured with PyTorch 1.13.
 */
class HooksTest {

  /** a leaf hook runs before accumulation and sees only this backward's gradient. */
  @Test
  void leafHookSeesEachBackwardsOwnGradientNotTheAccumulatedOne() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    List<float[]> seen = new ArrayList<>();
    x.registerHook(g -> {
      seen.add(g.toArray());
      return null;
    });
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    assertEquals(2, seen.size());
    assertArrayEquals(new float[] {3, 3}, seen.get(0));
    assertArrayEquals(new float[] {3, 3}, seen.get(1));
    assertArrayEquals(new float[] {6, 6}, x.grad().toArray());
  }

  /** {@code lambda g: g * 10} on a leaf gives grad 30 for (h*3).sum(); after remove() it is 3. */
  @Test
  void returnedTensorReplacesTheGradientUntilTheHookIsRemoved() {
    Tensor h = Tensor.of(1f, 1f).requiresGrad_(true);
    Tensor.HookHandle handle = h.registerHook(g -> g.mul(10));
    h.mul(3).sum().backward();
    assertArrayEquals(new float[] {30, 30}, h.grad().toArray());
    handle.remove();
    h.setGrad(null);
    h.mul(3).sum().backward();
    assertArrayEquals(new float[] {3, 3}, h.grad().toArray());
  }

  /** a hook on a non-leaf sees the gradient flowing into it ([5, 5] for (j*5).sum()). */
  @Test
  void nonLeafHookSeesTheIncomingGradient() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor j = x.mul(2);
    List<float[]> seen = new ArrayList<>();
    j.registerHook(g -> {
      seen.add(g.toArray());
      return null;
    });
    j.mul(5).sum().backward();
    assertEquals(1, seen.size());
    assertArrayEquals(new float[] {5, 5}, seen.get(0));
    assertArrayEquals(new float[] {10, 10}, x.grad().toArray());
  }

  @Test
  void nonLeafHookReplacingTheGradientChangesEverythingUpstream() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor j = x.mul(2);
    j.registerHook(g -> g.mul(0.5));
    j.pow(2).sum().backward();                      // d/dj = 2j = [4, 8], halved = [2, 4], times dj/dx = 2
    assertArrayEquals(new float[] {4, 8}, x.grad().toArray());
  }

  @Test
  void hooksRunInRegistrationOrderEachSeeingThePreviousResult() {
    Tensor x = Tensor.of(1f).requiresGrad_(true);
    List<String> order = new ArrayList<>();
    x.registerHook(g -> {
      order.add("first " + g.item());
      return g.add(1);
    });
    x.registerHook(g -> {
      order.add("second " + g.item());
      return g.mul(10);
    });
    x.mul(2).sum().backward();
    assertEquals(List.of("first 2.0", "second 3.0"), order);
    assertEquals(30f, x.grad().item());
  }

  /**
   * PyTorch 2.x runs retain_grad's hook after every other hook, so the retained grad is the hooked one (1.13 ran
   * them in registration order and gave [1, 1] here).
   */
  @Test
  void retainedGradOfANonLeafSeesTheHookedGradient() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor j = x.mul(3).retainGrad();
    j.registerHook(g -> g.mul(2));
    j.sum().backward();
    assertArrayEquals(new float[] {2, 2}, j.grad().toArray());
    assertArrayEquals(new float[] {6, 6}, x.grad().toArray());
  }

  @Test
  void removingOneHookKeepsTheOthers() {
    Tensor x = Tensor.of(1f).requiresGrad_(true);
    Tensor.HookHandle a = x.registerHook(g -> g.mul(2));
    x.registerHook(g -> g.mul(3));
    a.remove();
    a.remove();                                     // removing twice is harmless
    x.sum().backward();
    assertEquals(3f, x.grad().item());
  }

  @Test
  void hookGradientIsNotTheAccumulatedTensor() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    List<Tensor> seen = new ArrayList<>();
    x.registerHook(g -> {
      seen.add(g);
      return null;
    });
    x.sum().backward();
    assertNotSame(x.grad(), seen.get(0), "the leaf owns a copy of the gradient");
  }

  @Test
  void nonLeafHooksRunUnderAutogradGradWithoutTouchingDotGrad() {
    Tensor x = Tensor.of(2f).requiresGrad_(true);
    Tensor j = x.mul(x);
    j.registerHook(g -> g.mul(10));
    Tensor g = Autograd.grad(j.sum(), x).get(0);
    assertEquals(40f, g.item());
    assertEquals(null, x.grad());
  }

  @Test
  void registeringOnATensorThatDoesNotRequireGradFailsLikePyTorch() {
    Tensor x = Tensor.of(1f);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.registerHook(g -> g));
    assertTrue(e.getMessage().contains("cannot register a hook on a tensor that doesn't require gradient"),
        e.getMessage());
  }
}
