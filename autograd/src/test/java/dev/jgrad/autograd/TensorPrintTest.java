package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.CoreOpsGoldenTest.Case;
import dev.jgrad.autograd.EngineTest.Behaviours;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Tensor#toString()} against PyTorch's {@code repr()} of the same tensors: every output of the core-op
 * fixtures (with its {@code grad_fn=<...>} suffix) and every leaf input ({@code requires_grad=True} or none), plus
 * the seed tutorial's tensors and gradients. The number formatting itself is covered by TensorFormatterTest.
 */
class TensorPrintTest {

  static Stream<Case> cases() {
    return CoreOpsGoldenTest.golden().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputPrintsLikeTorch(Case c) {
    Tensor out = CoreOpsGoldenTest.run(c, CoreOpsGoldenTest.leaves(c));
    if (CoreOpsGoldenTest.KNOWN_NAME_DIFFERENCES.containsKey(c.name)) {
      // Same text apart from the grad_fn name, which differs by design (see CoreOpsGoldenTest).
      String expected = c.repr.replaceAll("grad_fn=<\\w+>", "grad_fn=<" + out.gradFn().name() + ">");
      assertEquals(expected, out.toString(), c.name);
      return;
    }
    assertEquals(c.repr, out.toString(), c.name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void leavesPrintLikeTorch(Case c) {
    List<Tensor> leaves = CoreOpsGoldenTest.leaves(c);
    for (int i = 0; i < leaves.size(); i++) {
      assertEquals(c.inputReprs.get(i), leaves.get(i).toString(), c.name + " input " + i);
    }
  }

  @Test
  void seedTutorialTensorsPrintLikeTorch() {
    Tensor x = Tensor.of(1.5410f, -0.2934f, -2.1788f).requiresGrad_(true);
    assertEquals(Behaviours.text("seed.x.repr"), x.toString());
    Tensor y = x.add(2);
    assertEquals(Behaviours.text("seed.y.repr"), y.toString());
    Tensor z = y.mul(y).mul(2);
    assertEquals(Behaviours.text("seed.z.repr"), z.toString());
    Tensor out = z.mean();
    assertEquals(Behaviours.text("seed.out.repr"), out.toString());
    out.backward();
    assertEquals(Behaviours.text("seed.x.grad.repr"), x.grad().toString());
    try (var g = Autograd.noGrad()) {
      assertEquals(Behaviours.text("seed.nograd.repr"), x.mul(2).toString());
    }
    assertEquals(Behaviours.text("seed.detach.repr"), x.detach().toString());
  }

  @Test
  void doubleBackwardResultsPrintLikeTorch() {
    Tensor x = Tensor.scalar(3f).requiresGrad_(true);
    Tensor g = Autograd.grad(List.of(x.pow(3)), List.of(x), true).get(0);
    assertEquals(Behaviours.text("double.g.repr"), g.toString());
    Tensor x2 = Tensor.scalar(3f).requiresGrad_(true);
    x2.pow(3).backward(null, true, true);
    assertEquals(Behaviours.text("double.x.grad.repr"), x2.grad().toString());
  }
}
