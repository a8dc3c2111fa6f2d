package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelReference.SIZES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float64 elementwise kernels of both implementations: every op, size (vector widths ± 1 and tails) and offset
 * gives exactly the bits of the plain double formula, in place too; bad ranges fail naming the operand. The vector
 * kernels are checked when the JVM has {@code --add-modules jdk.incubator.vector}.
 */
class DoubleKernelsTest {

  private static List<Kernels> kernels() {
    List<Kernels> all = new ArrayList<>(List.of(Kernels.java()));
    if (KernelProvider.vectorModulePresent()) {
      all.add(KernelProvider.loadVector());
    }
    return all;
  }

  private static double[] random(int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian() * 3;
    }
    return x;
  }

  private static double reference(BinaryOp op, double x, double y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
      default -> throw new AssertionError(op);
    };
  }

  private static double reference(UnaryOp op, double x) {
    return switch (op) {
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
      case GELU -> 0.5 * x * (1.0 + Erf.erf(x * Math.sqrt(0.5)));
      case GELU_TANH -> 0.5 * x * (1.0 + Math.tanh(Math.sqrt(2.0 / Math.PI) * (x + 0.044715 * x * x * x)));
      default -> throw new AssertionError(op);
    };
  }

  @Test
  void binaryFormsGiveTheBitsOfOneDoubleOperation() {
    for (Kernels k : kernels()) {
      for (BinaryOp op : KernelReference.BINARY_OPS) {
        for (int n : SIZES) {
          double[] a = random(n + 1, n);
          double[] b = random(n + 3, n + 7);
          double[] want = new double[n + 2];
          double[] wantScalar = new double[n + 2];
          double[] wantLeft = new double[n + 2];
          for (int i = 0; i < n; i++) {
            want[2 + i] = reference(op, a[1 + i], b[3 + i]);
            wantScalar[2 + i] = reference(op, a[1 + i], 0.3);
            wantLeft[2 + i] = reference(op, 0.3, a[1 + i]);
          }
          double[] got = new double[n + 2];
          k.binary(op, a, 1, b, 3, got, 2, n);
          assertArrayEquals(want, got, k.name() + " " + op + " n=" + n);
          k.binaryScalar(op, a, 1, 0.3, false, got, 2, n);
          assertArrayEquals(wantScalar, got, k.name() + " " + op + " scalar n=" + n);
          k.binaryScalar(op, a, 1, 0.3, true, got, 2, n);
          assertArrayEquals(wantLeft, got, k.name() + " " + op + " scalar left n=" + n);
          double[] inPlace = a.clone();
          k.binary(op, inPlace, 1, b, 3, inPlace, 1, n);
          assertArrayEquals(java.util.Arrays.copyOfRange(want, 2, n + 2),
              java.util.Arrays.copyOfRange(inPlace, 1, n + 1), k.name() + " " + op + " in place n=" + n);
        }
      }
    }
  }

  @Test
  void unaryOpsAndReluGiveThePlainDoubleFormulas() {
    for (Kernels k : kernels()) {
      for (UnaryOp op : UnaryOp.values()) {
        if (!op.kernel) {
          continue;
        }
        for (int n : SIZES) {
          double[] x = random(n + 1, n);
          if (op == UnaryOp.LOG) {
            for (int i = 0; i < x.length; i++) {
              x[i] = Math.abs(x[i]);
            }
          }
          double[] want = new double[n];
          for (int i = 0; i < n; i++) {
            want[i] = reference(op, x[1 + i]);
          }
          double[] got = new double[n];
          k.unary(op, x, 1, got, 0, n);
          assertArrayEquals(want, got, k.name() + " " + op + " n=" + n);
        }
      }
      double[] x = {-0.0, 0.0, -1.5, 2.5, Double.NaN, -1e300, 1e-300, 3, -4, 5, 6, -7, 8, -9, 10, 11, 12};
      double[] got = new double[x.length];
      k.relu(x, 0, got, 0, x.length);
      for (int i = 0; i < x.length; i++) {
        assertTrue(Double.compare(Math.max(x[i], 0.0), got[i]) == 0, k.name() + " relu(" + x[i] + ")");
      }
    }
  }

  @Test
  void badRangesAndOpsFailNamingThem() {
    for (Kernels k : kernels()) {
      double[] a = new double[4];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> k.binary(BinaryOp.ADD, a, 2, a, 0, a, 0, 3));
      assertTrue(e.getMessage().contains("add: a range [2, 5)"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.binary(BinaryOp.POW, a, 0, a, 0, a, 0, 3));
      assertTrue(e.getMessage().contains("no kernel for op POW"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.unary(UnaryOp.SIN, a, 0, a, 0, 3));
      assertTrue(e.getMessage().contains("no kernel for op SIN"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.relu(a, 0, new double[2], 0, 3));
      assertTrue(e.getMessage().contains("relu: out range [0, 3)"), e.getMessage());
    }
  }
}
