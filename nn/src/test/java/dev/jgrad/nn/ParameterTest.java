package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class ParameterTest {
  @Test
  void isALeafThatRequiresGradAndSharesStorage() {
    Tensor data = Tensor.of(1f, 2f);
    Parameter p = new Parameter(data);
    assertTrue(p.requiresGrad());
    assertTrue(p.isLeaf());
    try (Autograd.Scope s = Autograd.noGrad()) {
      p.fill_(5);
    }
    assertEquals(5f, data.get(0));
    Tensor computed = Tensor.of(1f).requiresGrad_(true).mul(2);
    Parameter q = new Parameter(computed);
    assertNull(q.gradFn());
    assertFalse(new Parameter(Tensor.zeros(1), false).requiresGrad());
  }

  @Test
  void printsLikeTorch() {
    assertEquals("Parameter containing:\ntensor([0., 0.], requires_grad=True)", new Parameter(Tensor.zeros(2))
        .toString());
    assertEquals("Parameter containing:\ntensor([0., 0.])", new Parameter(Tensor.zeros(2), false).toString());
  }

  @Test
  void gradientsAccumulate() {
    Parameter p = new Parameter(Tensor.of(1f, 2f));
    p.mul(3).sum().backward();
    p.mul(3).sum().backward();
    assertEquals(6f, p.grad().get(1));
  }

  @Test
  void rejectsNullAndIntegerData() {
    assertThrows(IllegalArgumentException.class, () -> new Parameter(null));
    assertThrows(IllegalStateException.class, () -> new Parameter(Tensor.ofLongs(1, 2)));
  }
}
