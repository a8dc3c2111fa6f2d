package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class KernelsTest {

  @Test
  void getIsChosenOnceAndFollowsTheProperty() {
    Kernels chosen = Kernels.get();
    assertSame(chosen, Kernels.get());
    String property = System.getProperty(KernelProvider.PROPERTY, "auto");
    String expected = property.equals("java") || !KernelProvider.vectorModulePresent() ? "java" : "vector";
    assertEquals(expected, chosen.name(), "jgrad.kernels=" + property);
  }

  @Test
  void javaIsThePlainImplementation() {
    assertSame(JavaKernels.INSTANCE, Kernels.java());
    assertEquals("java", Kernels.java().name());
  }

  @Test
  void javadocExampleHolds() {
    for (Kernels k : new Kernels[] {Kernels.get(), Kernels.java()}) {
      float[] a = {1, 2, 3, 4, 5, 6};
      float[] b = {1, 0, 0, 1, 1, 1};
      float[] c = new float[4];
      k.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
      assertArrayEquals(new float[] {4, 5, 10, 11}, c, k.name());
    }
  }

  @Test
  void elementwiseJavadocExamplesHold() {
    for (Kernels k : new Kernels[] {Kernels.get(), Kernels.java()}) {
      float[] x = {0f, 1f, -100f};
      k.unary(UnaryOp.SIGMOID, x, 0, x, 0, 3);
      assertArrayEquals(new float[] {0.5f, 0.7310586f, 0f}, x, k.name());
      float[] a = {1, 2, 3};
      float[] b = {4, 5, 6};
      float[] c = new float[3];
      k.binary(BinaryOp.MUL, a, 0, b, 0, c, 0, 3);
      assertArrayEquals(new float[] {4, 10, 18}, c, k.name());
    }
  }
}
