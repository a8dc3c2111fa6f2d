package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GradClip with float64 gradients: each gradient's norm in its own dtype, the total in float64 once any gradient is
 * float64 (PyTorch stacks the per-gradient norms, which promotes), and the clipping coefficient in float64.
 */
class Float64GradClipTest {

  private static Tensor withGrad(double[] grad) {
    Tensor p = Tensor.zeros(DType.FLOAT64, grad.length).requiresGrad_(true);
    p.setGrad(Tensor.of(grad, new int[] {grad.length}, DType.FLOAT64));
    return p;
  }

  @Test
  void float64TotalNormIsComputedInDouble() {
    Tensor a = withGrad(new double[] {0.1, 0.2});
    Tensor b = withGrad(new double[] {0.3});
    double na = Math.sqrt(0.1 * 0.1 + 0.2 * 0.2);
    double want = Math.sqrt(na * na + 0.3 * 0.3);
    assertEquals(want, GradClip.totalNorm(List.of(a, b), 2.0), 0.0);
    assertNotEquals((double) (float) want, want, "the fixture must tell float32 from float64");
    assertEquals(0.3, GradClip.totalNorm(List.of(a, b), Double.POSITIVE_INFINITY), 0.0);
    assertEquals(Math.abs(0.1) + 0.2 + 0.3, GradClip.totalNorm(List.of(a, b), 1.0), 1e-16);
  }

  @Test
  void aFloat32GradientsNormIsFloat32AndTheTotalFloat64() {
    Tensor f32 = Tensor.zeros(2).requiresGrad_(true);
    f32.setGrad(Tensor.of(new float[] {0.1f, 0.7f}, 2));
    Tensor f64 = withGrad(new double[] {0.1});
    double n32 = (float) Math.sqrt((double) 0.1f * 0.1f + (double) 0.7f * 0.7f);
    assertEquals(Math.sqrt(n32 * n32 + 0.01), GradClip.totalNorm(List.of(f32, f64), 2.0), 0.0);
    assertEquals((float) n32, (float) GradClip.totalNorm(List.of(f32), 2.0), 0f);
  }

  @Test
  void clippingScalesFloat64GradientsByTheDoubleCoefficient() {
    Tensor a = withGrad(new double[] {3, 4});
    double total = GradClip.clipGradNorm_(List.of(a), 1.0);
    assertEquals(5.0, total, 0.0);
    double coef = (1 / (5.0 + 1e-6)) * 1.0;
    assertArrayEquals(new double[] {3 * coef, 4 * coef}, a.grad().toDoubleArray(), 0.0);
    GradClip.clipGradValue_(List.of(a), 0.5);
    assertArrayEquals(new double[] {0.5, 0.5}, a.grad().toDoubleArray(), 0.0);
  }
}
