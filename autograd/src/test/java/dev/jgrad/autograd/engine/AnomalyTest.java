package dev.jgrad.autograd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Anomaly detection ({@link Autograd#detectAnomaly()}): a backward rule that produces NaN fails naming the node
 * (PyTorch's text, measured with PyTorch 1.13 in the same situations) and where its forward op was called.
 */
class AnomalyTest {

  /** sqrt(-1) is NaN, so SqrtBackward0 returns NaN: PyTorch says exactly this. */
  @Test
  void nanGradientNamesTheNodeAndTheForwardCallSite() {
    Tensor x = Tensor.of(-1f, 4f).requiresGrad_(true);
    IllegalStateException e;
    try (var anomaly = Autograd.detectAnomaly()) {
      Tensor y = x.sqrt();
      e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
    }
    String msg = e.getMessage();
    assertTrue(msg.startsWith("Function 'SqrtBackward0' returned nan values in its 0th output."), msg);
    assertTrue(msg.contains("SqrtBackward0 was called from"), msg);
    assertTrue(msg.contains("AnomalyTest.nanGradientNamesTheNodeAndTheForwardCallSite"),
        "the creation site in the user's code: " + msg);
  }

  /** PyTorch: a/a at 0 makes DivBackward0's second gradient NaN ("its 1th output", PyTorch's wording). */
  @Test
  void namesWhichOutputOfTheNodeIsBad() {
    Tensor a = Tensor.of(0f, 1f).requiresGrad_(true);
    try (var anomaly = Autograd.detectAnomaly()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.div(a).sum().backward());
      assertTrue(e.getMessage().startsWith("Function 'DivBackward0' returned nan values in its 1th output."),
          e.getMessage());
    }
  }

  /** An infinite gradient (sqrt at 0) is a legitimate value: PyTorch does not stop there. */
  @Test
  void infiniteGradientsPass() {
    Tensor z = Tensor.of(0f, 1f).requiresGrad_(true);
    try (var anomaly = Autograd.detectAnomaly()) {
      assertDoesNotThrow(() -> z.sqrt().sum().backward());
    }
    assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 0.5f}, z.grad().toArray());
  }

  /** Without the scope the NaN propagates silently, as in PyTorch: grad = [nan, 0.25]. */
  @Test
  void withoutAnomalyModeNanPropagatesSilently() {
    Tensor x = Tensor.of(-1f, 4f).requiresGrad_(true);
    x.sqrt().sum().backward();
    assertTrue(Float.isNaN(x.grad().toArray()[0]));
    assertEquals(0.25f, x.grad().toArray()[1]);
  }

  /** The failing node is found in a deeper graph, through ops from several families. */
  @Test
  void findsTheFailingNodeInsideALargerGraph() {
    Tensor w = Tensor.of(new float[] {1f, -2f, 3f, 0.5f}, 2, 2).requiresGrad_(true);
    Tensor x = Tensor.of(new float[] {1f, 1f}, 1, 2);
    try (var anomaly = Autograd.detectAnomaly()) {
      Tensor h = x.matmul(w).relu().add(1);
      Tensor bad = h.sub(2).sqrt();                 // sqrt of -1: NaN forward, so NaN in SqrtBackward0
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> bad.sum().backward());
      assertTrue(e.getMessage().startsWith("Function 'SqrtBackward0' returned nan values"), e.getMessage());
    }
  }

  /** Nodes created before the scope carry no creation site; the check itself still runs. */
  @Test
  void nodesCreatedOutsideTheScopeHaveNoCreationSite() {
    Tensor x = Tensor.of(-1f).requiresGrad_(true);
    Tensor y = x.sqrt();
    try (var anomaly = Autograd.detectAnomaly()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
      assertTrue(e.getMessage().startsWith("Function 'SqrtBackward0' returned nan values"), e.getMessage());
      assertFalse(e.getMessage().contains("was called from"), e.getMessage());
    }
  }

  @Test
  void scopeNestsRestoresAndIsThreadLocal() throws InterruptedException {
    assertFalse(Autograd.isAnomalyEnabled());
    try (var outer = Autograd.detectAnomaly()) {
      try (var inner = Autograd.detectAnomaly()) {
        assertTrue(Autograd.isAnomalyEnabled());
      }
      assertTrue(Autograd.isAnomalyEnabled(), "closing the inner scope keeps the outer one");
      AtomicBoolean other = new AtomicBoolean(true);
      Thread t = new Thread(() -> other.set(Autograd.isAnomalyEnabled()));
      t.start();
      t.join();
      assertFalse(other.get(), "another thread is not in anomaly mode");
    }
    assertFalse(Autograd.isAnomalyEnabled());
  }
}
