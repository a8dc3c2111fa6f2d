package dev.jgrad.autograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Autograd#toDot}: the backward graph in Graphviz DOT, like the seed tutorial's diagram. */
class GraphDotTest {

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The tutorial's graph: x → AddBackward0 → MulBackward0 (×2) → MeanBackward0 → output. */
  @Test
  void seedTutorialGraphHasOneNodePerOpAndTheLeafHighlighted() {
    Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad_(true);
    Tensor y = x.add(2);
    Tensor z = y.mul(y).mul(2).mean();
    String dot = Autograd.toDot(z);
    assertTrue(dot.startsWith("digraph"), dot);
    assertTrue(dot.trim().endsWith("}"), dot);
    assertEquals(1, count(dot, "label=\"MeanBackward0\""), dot);
    assertEquals(2, count(dot, "label=\"MulBackward0\""), dot);
    assertEquals(1, count(dot, "label=\"AddBackward0\""), dot);
    assertEquals(1, count(dot, "label=\"leaf \\[3\\]"), "one box for the leaf, shared by both uses: " + dot);
    assertTrue(dot.contains("requires_grad=True"), dot);
    assertTrue(dot.matches("(?s).*leaf \\[3\\][^\\]]*fillcolor.*"), "the leaf is highlighted: " + dot);
    assertTrue(dot.contains("output []"), "the output tensor and its shape: " + dot);
    // Edges: leaf→Add, Add→Mul (y·y: one edge per use), Mul→Mul, Mul→Mean, Mean→output.
    assertEquals(6, count(dot, "->"), dot);
  }

  @Test
  void sameGraphGivesTheSameText() {
    Tensor a = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor b = Tensor.of(new float[] {1f, 0f, 0f, 1f}, 2, 2).requiresGrad_(true);
    Tensor out = a.matmul(b).tanh().sum();
    assertEquals(Autograd.toDot(out), Autograd.toDot(out));
  }

  @Test
  void constantsDoNotAppearAndEveryRequiringLeafDoes() {
    Tensor w = Tensor.of(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 2, 3).requiresGrad_(true);
    Tensor bias = Tensor.of(0.5f, -0.5f).requiresGrad_(true);
    Tensor input = Tensor.of(new float[] {1f, 1f, 1f}, 1, 3);
    String dot = Autograd.toDot(input.linear(w, bias).relu().sum());
    assertTrue(dot.contains("AddmmBackward0"), dot);
    assertTrue(dot.contains("ReluBackward0"), dot);
    assertTrue(dot.contains("leaf [2, 3]"), "the weight: " + dot);
    assertTrue(dot.contains("leaf [2]"), "the bias: " + dot);
    assertFalse(dot.contains("[1, 3]"), "the input does not require grad and is not drawn: " + dot);
  }

  @Test
  void tensorWithoutGraphGivesJustTheOutput() {
    String dot = Autograd.toDot(Tensor.of(1f, 2f));
    assertTrue(dot.contains("output [2]"), dot);
    assertEquals(0, count(dot, "->"), dot);
  }

  @Test
  void aLeafThatRequiresGradIsItsOwnGraph() {
    String dot = Autograd.toDot(Tensor.of(1f, 2f).requiresGrad_(true));
    assertEquals(1, count(dot, "leaf \\[2\\]"), dot);
    assertEquals(1, count(dot, "->"), dot);
  }
}
