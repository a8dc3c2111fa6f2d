package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.autograd.HeapLimitException;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An optimizer checks, when built, that its parameters with their gradients and its per-parameter state fit the
 * heap. The parameters here are stride-0 views of one element, so their sizes cost no memory.
 */
class OptimizerHeapTest {
  /** A leaf of {@code n} elements backed by one float. */
  private static Tensor param(long n) {
    return Tensor.zeros(1).expand((int) n).requiresGrad_(true);
  }

  /** Elements per parameter such that {@code params} of them take {@code floatsPerElement} x 4 bytes x 1.2 heap. */
  private static long elements(int params, int floatsPerElement) {
    long n = (long) (Runtime.getRuntime().maxMemory() * 1.2 / Float.BYTES / floatsPerElement / params);
    assumeTrue(n <= SizeLimits.MAX_NUMEL, "the heap limit is too large for this test");
    return n;
  }

  @Test
  void eachOptimizerCountsItsOwnStateBuffers() {
    assertEquals(0, SGD.Options.defaults().stateBuffers());
    assertEquals(1, SGD.Options.defaults().withMomentum(0.9).stateBuffers());
    assertEquals(2, Adam.Options.defaults().stateBuffers());
    assertEquals(3, Adam.Options.defaults().withAmsgrad(true).stateBuffers());
    assertEquals(2, AdamW.Options.defaults().stateBuffers());
    assertEquals(1, Adagrad.Options.defaults().stateBuffers());
    assertEquals(1, RMSprop.Options.defaults().stateBuffers());
  }

  @Test
  void adamWhoseStateCannotFitFailsWhenBuilt() {
    // 4 floats per element (parameter, gradient, exp_avg, exp_avg_sq) need 1.2 heaps; SGD's 2 need 0.6
    long n = elements(2, 4);
    List<Tensor> params = List.of(param(n), param(n));
    new SGD(params, SGD.Options.defaults());
    HeapLimitException e = assertThrows(HeapLimitException.class, () -> new Adam(params, Adam.Options.defaults()));
    String m = e.getMessage();
    assertTrue(m.startsWith("Adam: 2 parameters of " + 2 * n + " elements in all, with their gradients and state "
        + "buffers, needs " + HeapLimitException.human(2 * n * 4 * Float.BYTES) + ", more than the Java heap limit of "
        + HeapLimitException.human(Runtime.getRuntime().maxMemory())), m);
    assertTrue(m.contains("-Xmx"), m);
  }

  @Test
  void aGroupAddedLaterIsCheckedToo() {
    long n = elements(1, 3);   // with momentum: parameter, gradient, momentum_buffer
    SGD sgd = new SGD(List.of(Tensor.zeros(2).requiresGrad_(true)), SGD.Options.defaults().withMomentum(0.9));
    assertThrows(HeapLimitException.class, () -> sgd.addParamGroup(List.of(param(n))));
  }
}
