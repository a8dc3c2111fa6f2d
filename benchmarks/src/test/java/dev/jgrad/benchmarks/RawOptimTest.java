package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawOptimTest {
  private static Tensor paramWithGrad(float[] value, float[] grad) {
    Tensor p = Tensor.of(value).requiresGrad_(true);
    p.setGrad(Tensor.of(grad));
    return p;
  }

  @Test
  void sgdWithMomentumFollowsPyTorch() {
    Tensor p = paramWithGrad(new float[] {1f, -2f}, new float[] {0.5f, 1f});
    RawOptim opt = new RawOptim.Sgd(List.of(p), 0.1, 0.9);
    opt.step();                                   // buf = g; p -= 0.1 * g
    assertArrayEquals(new float[] {0.95f, -2.1f}, p.toArray(), 1e-6f);
    opt.step();                                   // buf = 0.9 * g + g = 1.9 g
    assertArrayEquals(new float[] {0.95f - 0.095f, -2.1f - 0.19f}, p.toArray(), 1e-6f);
    opt.zeroGrad();
    assertNull(p.grad());
    opt.step();                                   // no grad: unchanged
    assertArrayEquals(new float[] {0.855f, -2.29f}, p.toArray(), 1e-6f);
  }

  @Test
  void adamFirstStepMovesEachParameterByLrAgainstTheGradientSign() {
    Tensor p = paramWithGrad(new float[] {1f, -2f, 0f}, new float[] {0.5f, -3f, 1e-3f});
    new RawOptim.Adam(List.of(p), 0.01).step();   // m̂ = g, v̂ = g², so the step is lr * g / (|g| + eps)
    assertArrayEquals(new float[] {0.99f, -1.99f, -0.01f}, p.toArray(), 1e-6f);
  }
}
