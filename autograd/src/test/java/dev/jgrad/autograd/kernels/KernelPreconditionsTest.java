package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both implementations reject bad arguments up front, with the same messages. */
class KernelPreconditionsTest {

  static List<Kernels> implementations() {
    List<Kernels> list = new ArrayList<>(List.of(Kernels.java()));
    if (KernelProvider.vectorModulePresent()) {
      list.add(KernelProvider.loadVector());
    }
    return list;
  }

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void gemmArguments(Kernels k) {
    float[] a6 = new float[6];
    float[] c4 = new float[4];
    assertMessage("gemm: sizes must be non-negative, got m=-1, n=2, k=3",
        () -> k.gemm(false, false, -1, 2, 3, a6, 0, 3, a6, 0, 2, 0f, c4, 0, 2));
    assertMessage("gemm: lda 2 is smaller than the row width 3 of A [2, 3]",
        () -> k.gemm(false, false, 2, 2, 3, a6, 0, 2, a6, 0, 2, 0f, c4, 0, 2));
    // transposed A is stored [k, m] = [3, 2], so lda 2 is fine and the array must hold 6 elements from offset 1
    assertMessage("gemm: A [3, 2] at offset 1 with lda 2 needs 7 elements but the array has 6",
        () -> k.gemm(true, false, 2, 2, 3, a6, 1, 2, a6, 0, 2, 0f, c4, 0, 2));
    assertMessage("gemm: B [2, 3] at offset 0 with ldb 4 needs 7 elements but the array has 6",
        () -> k.gemm(false, true, 2, 2, 3, a6, 0, 3, a6, 0, 4, 0f, c4, 0, 2));
    assertMessage("gemm: C [2, 2] at offset 1 with ldc 2 needs 5 elements but the array has 4",
        () -> k.gemm(false, false, 2, 2, 3, a6, 0, 3, a6, 0, 2, 0f, c4, 1, 2));
    assertMessage("gemm: C offset must be non-negative, got -1",
        () -> k.gemm(false, false, 2, 2, 3, a6, 0, 3, a6, 0, 2, 0f, c4, -1, 2));
    assertMessage("gemm: B is null",
        () -> k.gemm(false, false, 2, 2, 3, a6, 0, 3, null, 0, 2, 0f, c4, 0, 2));
    // empty shapes need no elements at all
    k.gemm(false, false, 0, 0, 0, new float[0], 0, 1, new float[0], 0, 1, 0f, new float[0], 0, 1);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void reductionArguments(Kernels k) {
    float[] x = new float[5];
    assertMessage("sum: x range [3, 8) (offset 3, length 5) is outside the array of length 5",
        () -> k.sum(x, 3, 5));
    assertMessage("dot: y range [0, 6) (offset 0, length 6) is outside the array of length 5",
        () -> k.dot(new float[6], 0, x, 0, 6));
    assertMessage("sum: x range [-1, 1) (offset -1, length 2) is outside the array of length 5",
        () -> k.sum(x, -1, 2));
    assertMessage("max(): Expected reduction dim to be specified for input.numel() == 0 (got an empty range at"
        + " offset 2)", () -> k.max(x, 2, 0));
    assertEquals(0f, k.sum(x, 5, 0));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void softmaxArguments(Kernels k) {
    assertMessage("softmaxRows: sizes must be non-negative, got rows=2, cols=-1",
        () -> k.softmaxRows(new float[4], 0, new float[4], 0, 2, -1, false));
    assertMessage("softmaxRows: out range [1, 5) (offset 1, length 4) is outside the array of length 4",
        () -> k.softmaxRows(new float[4], 0, new float[4], 1, 2, 2, true));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void reluBackwardArguments(Kernels k) {
    float[] x = new float[3];
    assertMessage("reluBackward: output range [0, 4) (offset 0, length 4) is outside the array of length 3",
        () -> k.reluBackward(new float[4], 0, x, 0, new float[4], 0, 4));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void elementwiseArguments(Kernels k) {
    float[] x = new float[4];
    assertMessage("exp: x range [2, 5) (offset 2, length 3) is outside the array of length 4",
        () -> k.unary(UnaryOp.EXP, x, 2, new float[3], 0, 3));
    assertMessage("sigmoid: out range [0, 5) (offset 0, length 5) is outside the array of length 4",
        () -> k.unary(UnaryOp.SIGMOID, new float[5], 0, x, 0, 5));
    assertMessage("unary: op is null", () -> k.unary(null, x, 0, x, 0, 4));
    assertMessage("div: b range [1, 5) (offset 1, length 4) is outside the array of length 4",
        () -> k.binary(BinaryOp.DIV, x, 0, x, 1, new float[4], 0, 4));
    assertMessage("add: out is null", () -> k.binary(BinaryOp.ADD, x, 0, x, 0, null, 0, 4));
    assertMessage("binary: op is null", () -> k.binary(null, x, 0, x, 0, x, 0, 4));
    assertMessage("mul: a range [0, -1) (offset 0, length -1) is outside the array of length 4",
        () -> k.binaryScalar(BinaryOp.MUL, x, 0, 2f, false, x, 0, -1));
    assertMessage("binaryScalar: op is null", () -> k.binaryScalar(null, x, 0, 2f, true, x, 0, 4));
    assertMessage("gelu_tanh: x range [3, 5) (offset 3, length 2) is outside the array of length 4",
        () -> k.unary(UnaryOp.GELU_TANH, x, 3, new float[2], 0, 2));
    assertMessage("geluBackward: grad range [1, 5) (offset 1, length 4) is outside the array of length 4",
        () -> k.geluBackward(false, x, 1, new float[4], 0, new float[4], 0, 4));
    assertMessage("geluBackward: input range [0, 5) (offset 0, length 5) is outside the array of length 4",
        () -> k.geluBackward(true, new float[5], 0, x, 0, new float[5], 0, 5));
    assertMessage("geluBackward: out is null", () -> k.geluBackward(true, x, 0, x, 0, null, 0, 4));
    assertMessage("geluBackward: out range [2, 6) (offset 2, length 4) is outside the array of length 4",
        () -> k.geluBackward(false, x, 0, x, 0, x, 2, 4));
    // empty ranges need no elements at all, even at the end of the array
    k.geluBackward(false, x, 4, x, 4, x, 4, 0);
    k.unary(UnaryOp.LOG, x, 4, x, 4, 0);
    k.binary(BinaryOp.SUB, x, 4, x, 4, x, 4, 0);
  }
}
