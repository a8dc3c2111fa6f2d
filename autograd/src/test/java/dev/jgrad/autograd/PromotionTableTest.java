package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.kernels.Dtypes.ScalarKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The result dtype of add, mul, div and gt for every pair of {float32, float64, int64, bool} tensors (with dims and
 * 0-dim) and Java scalars, against PyTorch 1.13's table (golden/float64/pointwise.json, "promotion").
 */
class PromotionTableTest {
  @AfterEach
  void restoreDefault() {
    Tensor.setDefaultDtype(DType.FLOAT32);
  }

  static DType dtype(String name) {
    return switch (name) {
      case "float32" -> DType.FLOAT32;
      case "float64" -> DType.FLOAT64;
      case "int64" -> DType.INT64;
      case "bool" -> DType.BOOL;
      default -> throw new AssertionError(name);
    };
  }

  static Tensor operand(String desc) {
    boolean zeroDim = desc.endsWith("0");
    DType dt = dtype(zeroDim ? desc.substring(0, desc.length() - 1) : desc);
    return zeroDim ? Tensor.ones(dt) : Tensor.ones(dt, 2);
  }

  static Tensor apply(String op, Tensor a, String b) {
    return switch (b) {
      case "py_int" -> switch (op) {
        case "add" -> a.add(2);
        case "mul" -> a.mul(2);
        case "div" -> a.div(2);
        default -> a.gt(2);
      };
      case "py_float" -> switch (op) {
        case "add" -> a.add(2.5);
        case "mul" -> a.mul(2.5);
        case "div" -> a.div(2.5);
        default -> a.gt(2.5);
      };
      default -> {
        Tensor t = operand(b);
        yield switch (op) {
          case "add" -> a.add(t);
          case "mul" -> a.mul(t);
          case "div" -> a.div(t);
          default -> a.gt(t);
        };
      }
    };
  }

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Float64PointwiseTest.fixture().get("promotion")) {
      String a = c.get("a").asText();
      String b = c.get("b").asText();
      String op = c.get("op").asText();
      DType expected = dtype(c.get("dtype").asText());
      tests.add(DynamicTest.dynamicTest(a + " " + op + " " + b, () -> {
        if (b.equals("py_bool")) {
          // No Java boolean overloads: the rule itself (Dtypes), with the op's own rule on top.
          DType t = Dtypes.resultType(dtype(a.endsWith("0") ? a.substring(0, a.length() - 1) : a), ScalarKind.BOOL);
          DType r = op.equals("gt") ? DType.BOOL : op.equals("div") && !t.isFloatingPoint() ? DType.FLOAT32 : t;
          assertEquals(expected, r);
        } else {
          assertEquals(expected, apply(op, operand(a), b).dtype());
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void pythonFloatsAndIntegerDivisionTakeTheDefaultDtype() {
    Tensor.setDefaultDtype(DType.FLOAT64);
    Tensor ints = Tensor.ofLongs(1, 2, 3);
    assertEquals(DType.FLOAT64, ints.add(2.5).dtype());
    assertEquals(DType.FLOAT64, ints.div(ints).dtype());
    assertEquals(DType.FLOAT64, ints.exp().dtype());
    assertEquals(DType.INT64, ints.add(2).dtype());
    assertEquals(DType.FLOAT32, Tensor.of(1f, 2f).add(2.5).dtype());
    assertEquals(3.5, ints.add(2.5).toDoubleArray()[0]);
    assertEquals(1.0 / 3, Tensor.ofLongs(1).div(Tensor.ofLongs(3)).doubleValue());
  }
}
