package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelReference.ulpDistance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath} gives the same bits whatever the vector width: each function on 128-, 256- and 512-bit
 * vectors and on the preferred species (which {@link VectorKernels} uses: 8 lanes on AVX2, 16 on AVX-512), all
 * compared with the 256-bit result, which is compared with the plain-Java oracle. Widths the CPU lacks run in the
 * Vector API's Java fallback, slower but with the same IEEE operations, so an AVX2 machine also checks the
 * 512-bit code paths. The kernels read the preferred species (never a fixed width), checked here too.
 */
class VectorMathSpeciesTest {

  private static final VectorSpecies<Float>[] SPECIES = speciesList();

  @SuppressWarnings("unchecked")
  private static VectorSpecies<Float>[] speciesList() {
    return new VectorSpecies[] {FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512,
        FloatVector.SPECIES_PREFERRED};
  }

  @BeforeEach
  void needsVector() {
    KernelReference.vectorOrSkip();
  }

  /**
   * Every multiple of 2^-4 in [-24, 24] and a few special values: 785 inputs, padded to 16 lanes (kept small: the
   * Java fallback of a width the CPU lacks is about a hundred times slower).
   */
  private static float[] inputs() {
    float[] x = new float[768 + 32];
    int i = 0;
    for (; i < 769; i++) {
      x[i] = -24f + i * 0x1p-4f;
    }
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 100f, -100f, 88.7f,
        -87.5f, -104f, Float.MIN_VALUE, 1e-30f, -1e-30f, 9.5f, 0.6f, -0.6f};
    for (float v : special) {
      x[i++] = v;
    }
    while (i < x.length) {
      x[i++] = 0.5f;
    }
    return x;
  }

  private static float[] apply(VectorSpecies<Float> s, float[] x, UnaryOperator<FloatVector> f) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i += s.length()) {
      f.apply(FloatVector.fromArray(s, x, i)).intoArray(out, i);
    }
    return out;
  }

  private void assertSameOnEveryWidth(String name, UnaryOperator<FloatVector> f, UnaryOp op) {
    float[] x = inputs();
    float[] reference = apply(FloatVector.SPECIES_256, x, f);
    for (VectorSpecies<Float> s : SPECIES) {
      float[] got = apply(s, x, f);
      for (int i = 0; i < x.length; i++) {
        assertEquals(Float.floatToRawIntBits(reference[i]) == Float.floatToRawIntBits(got[i])
                || (Float.isNaN(reference[i]) && Float.isNaN(got[i])), true,
            name + "(" + x[i] + ") on " + s + ": " + got[i] + ", 256-bit " + reference[i]);
      }
    }
    if (op != null) {
      float[] want = new float[x.length];
      Kernels.java().unary(op, x, 0, want, 0, x.length);
      for (int i = 0; i < x.length; i++) {
        long bound = KernelReference.unaryUlpBound(op, x[i]);
        assertTrue(ulpDistance(want[i], reference[i]) <= bound
                || KernelReference.unaryAgrees(op, x[i], want[i], reference[i]),
            name + "(" + x[i] + "): java " + want[i] + ", vector " + reference[i]);
      }
    }
  }

  @Test
  void transcendentalsAreBitIdenticalOnEveryVectorWidth() {
    assertSameOnEveryWidth("exp", VectorMath::exp, UnaryOp.EXP);
    assertSameOnEveryWidth("sigmoid", VectorMath::sigmoid, UnaryOp.SIGMOID);
    assertSameOnEveryWidth("tanh", VectorMath::tanh, UnaryOp.TANH);
    assertSameOnEveryWidth("gelu", VectorMath::gelu, UnaryOp.GELU);
    assertSameOnEveryWidth("geluTanh", VectorMath::geluTanh, UnaryOp.GELU_TANH);
    assertSameOnEveryWidth("geluGrad", VectorMath::geluGrad, null);
    assertSameOnEveryWidth("geluTanhGrad", VectorMath::geluTanhGrad, null);
    assertSameOnEveryWidth("log", v -> VectorMath.logNormal(v.abs().add(1e-3f)), null);
  }

  @Test
  void kernelsUseThePreferredSpecies() {
    Kernels vector = KernelReference.vectorOrSkip();
    int lanes = FloatVector.SPECIES_PREFERRED.length();
    assertTrue(vector.toString().contains("FloatVector " + lanes + " lanes"), vector.toString());
    assertTrue(vector.toString().contains(FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit"), vector.toString());
  }
}
