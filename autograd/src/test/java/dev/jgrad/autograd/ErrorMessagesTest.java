package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.EngineTest.Behaviours;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every autograd error: its exception type (see docs/SEMANTICS.md, "Errors"), PyTorch's searchable phrase (taken from
 * PyTorch's own message in golden/core/behaviours.txt where the text is the same), and the offending values.
 */
class ErrorMessagesTest {

  private static Tensor leaf(float... v) {
    return Tensor.of(v).requiresGrad_(true);
  }

  private static void assertHas(Throwable e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "missing \"" + p + "\" in: " + e.getMessage());
    }
  }

  /** PyTorch's message up to the first occurrence of {@code stop} (where jgrad's wording starts to differ). */
  private static String torchUpTo(String name, String stop) {
    String text = Behaviours.text(name);
    int at = text.indexOf(stop);
    assertTrue(at > 0, stop + " not in PyTorch's message " + text);
    return text.substring(0, at);
  }

  @Test
  void implicitGradientOfANonScalar() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaf(1, 2).mul(2).backward());
    assertHas(e, Behaviours.text("error.nonscalar"), "[2]");
  }

  @Test
  void backwardOnATensorThatDoesNotRequireGrad() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.ones(2).sum().backward());
    assertHas(e, Behaviours.text("error.norequire"));
  }

  @Test
  void backwardTwiceThroughFreedSavedTensors() {
    Tensor x = leaf(1, 2);
    Tensor out = x.mul(x).sum();
    out.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, out::backward);
    // PyTorch's text up to its Python names (autograd.grad, retain_graph), which jgrad spells in Java.
    assertHas(e, torchUpTo("twice.error", "autograd.grad()"), "Specify retainGraph=true",
        "MulBackward0");
  }

  @Test
  void savedOutputModifiedInPlace() {
    Tensor p = leaf(1, 2, 3);
    Tensor q = p.exp();
    q.add_(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.sum().backward());
    assertHas(e, torchUpTo("inplace.saved.error", " instead."), "modified by an inplace operation",
        "is at version 1; expected version 0", "ExpBackward0");
  }

  @Test
  void savedInputModifiedInPlaceNamesItsCurrentGradFn() {
    Tensor x = leaf(1, 2, 3);
    Tensor h = x.mul(2);
    Tensor y = h.mul(h);
    h.add_(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
    assertHas(e, torchUpTo("inplace.saved.input.error", " instead."), "(needed by MulBackward0)");
  }

  @Test
  void inPlaceOnALeafThatRequiresGrad() {
    Tensor p = leaf(1, 2, 3);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.add_(1));
    String torch = Behaviours.text("inplace.leaf.error");
    assertHas(e, torch.substring(0, torch.length() - 1), "Autograd.noGrad()", "[3]");
    for (Runnable op : List.<Runnable>of(() -> p.zero_(), () -> p.fill_(1), () -> p.sub_(Tensor.ones(3)),
        () -> p.mul_(2), () -> p.copy_(Tensor.ones(3)), () -> p.add_(Tensor.ones(3)))) {
      assertThrows(IllegalStateException.class, op::run);
    }
    assertTrue(p.version() == 0, "nothing was written");
  }

  @Test
  void inPlaceOnAViewOfALeafThatRequiresGrad() {
    Tensor p = leaf(1, 2, 3);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.select(0, 0).mul_(2));
    assertHas(e, "a view of a leaf Variable that requires grad is being used in an in-place operation",
        "Autograd.noGrad()");
  }

  @Test
  void requiresGradOnANonLeaf() {
    Tensor h = leaf(1).mul(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.requiresGrad_(false));
    // PyTorch's text, with its Python name var_no_grad spelled in Java.
    assertHas(e, torchUpTo("error.nonleaf", "var_no_grad"), "detach()", "MulBackward0");
  }

  @Test
  void requiresGradOnAnIntegerTensor() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.arange(3).requiresGrad_(true));
    assertHas(e, "only Tensors of floating point dtype can require gradients", "torch.int64");
  }

  @Test
  void gradientOfTheWrongShape() {
    Tensor y = leaf(1, 2, 3).mul(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(2)));
    // PyTorch prints torch.Size([2]); jgrad prints shapes as [2].
    assertHas(e, "Mismatch in shape: grad_output[0] has a shape of [2] and output[0] has a shape of [3]");
    assertTrue(Behaviours.text("error.shape").contains("torch.Size([2])"));
  }

  @Test
  void shapesThatCannotBroadcast() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.ones(2, 3).add(Tensor.ones(2, 2)));
    assertHas(e, Behaviours.text("error.broadcast"), "[2, 3]", "[2, 2]");
    for (Runnable op : List.<Runnable>of(() -> Tensor.ones(2, 3).sub(Tensor.ones(2, 2)),
        () -> Tensor.ones(2, 3).mul(Tensor.ones(2, 2)), () -> Tensor.ones(2, 3).div(Tensor.ones(2, 2)))) {
      IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, op::run);
      assertHas(e2, Behaviours.text("error.broadcast"));
    }
  }

  @Test
  void retainGradAndHooksNeedRequiresGrad() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.ones(2).retainGrad());
    assertHas(e, "can't retain_grad on Tensor that has requires_grad=False");
    IllegalStateException e2 = assertThrows(IllegalStateException.class,
        () -> Tensor.ones(2).registerHook(g -> g));
    assertHas(e2, "cannot register a hook on a tensor that doesn't require gradient");
  }

  @Test
  void autogradGradErrors() {
    Tensor x = leaf(1, 2);
    Tensor y = leaf(1, 2);
    assertHas(assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.sum(), y)),
        "One of the differentiated Tensors appears to not have been used in the graph",
        "Set allowUnused=true if this is the desired behavior.");
    assertHas(assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.sum(), Tensor.ones(2))),
        "One of the differentiated Tensors does not require grad");
  }

  @Test
  void writingAnExpandedTensor() {
    assertHas(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1).expand(3).fill_(1)),
        "more than one element of the written-to tensor refers to a single memory location");
  }
}
