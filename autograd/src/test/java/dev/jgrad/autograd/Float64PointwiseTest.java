package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every elementwise op in float64 against PyTorch 1.13 (golden/float64/pointwise.json, written by
 * tools/gen_float64_pointwise.py): forward values and vector-Jacobian products at relative 1e-12, for contiguous,
 * strided (each input is also tried through a transposed copy), broadcast, 0-dim and scalar forms.
 */
class Float64PointwiseTest {
  static final double RTOL = 1e-12;
  static final double ATOL = 1e-14;

  static JsonNode fixture() {
    try (InputStream in = Float64PointwiseTest.class.getResourceAsStream("/golden/float64/pointwise.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Tensor tensor(JsonNode node) {
    int[] shape = new int[node.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = node.get("shape").get(i).asInt();
    }
    JsonNode data = node.get("data");
    double[] values = new double[data.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = data.get(i).asDouble();
    }
    return Tensor.of(values, shape, DType.FLOAT64);
  }

  /**
   * A leaf holding t's values transposed (dims 0 and 1), so that its transpose is a non-contiguous view of t's
   * values; t itself when it has fewer than 2 dims.
   */
  static Tensor transposedLeaf(Tensor t) {
    if (t.dim() < 2) {
      return t;
    }
    Tensor tt = t.transpose(0, 1);
    return Tensor.of(tt.toDoubleArray(), tt.shape(), DType.FLOAT64);
  }

  static Tensor untranspose(Tensor t) {
    return t.dim() < 2 ? t : t.transpose(0, 1);
  }

  static void assertClose(String what, JsonNode expected, Tensor actual) {
    Tensor e = tensor(expected);
    assertEquals(List.of(box(e.shape())), List.of(box(actual.shape())), what + ": shape");
    double[] ev = e.toDoubleArray();
    double[] av = actual.toDoubleArray();
    for (int i = 0; i < ev.length; i++) {
      if (Math.abs(av[i] - ev[i]) > ATOL + RTOL * Math.abs(ev[i])) {
        fail(what + ": element " + i + " is " + av[i] + ", PyTorch " + ev[i]);
      }
    }
  }

  private static Integer[] box(int[] a) {
    Integer[] b = new Integer[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return b;
  }

  static Tensor unary(String op, Tensor x, JsonNode p) {
    return switch (op) {
      case "neg" -> x.neg();
      case "exp" -> x.exp();
      case "log" -> x.log();
      case "sqrt" -> x.sqrt();
      case "abs" -> x.abs();
      case "sin" -> x.sin();
      case "cos" -> x.cos();
      case "tanh" -> x.tanh();
      case "sigmoid" -> x.sigmoid();
      case "relu" -> x.relu();
      case "sign" -> x.sign();
      case "reciprocal" -> x.reciprocal();
      case "clamp" -> x.clamp(p.get(0).asDouble(), p.get(1).asDouble());
      case "clampMin" -> x.clampMin(p.get(0).asDouble());
      case "clampMax" -> x.clampMax(p.get(0).asDouble());
      case "expm1" -> x.expm1();
      case "log1p" -> x.log1p();
      case "log2" -> x.log2();
      case "rsqrt" -> x.rsqrt();
      case "leakyRelu" -> x.leakyRelu(p.get(0).asDouble());
      case "gelu" -> x.gelu(p.get(0).asText());
      case "silu" -> x.silu();
      case "softplus" -> x.softplus(p.get(0).asDouble(), p.get(1).asDouble());
      case "elu" -> x.elu(p.get(0).asDouble());
      case "celu" -> x.celu(p.get(0).asDouble());
      case "selu" -> x.selu();
      case "hardtanh" -> x.hardtanh(p.get(0).asDouble(), p.get(1).asDouble());
      case "threshold" -> x.threshold(p.get(0).asDouble(), p.get(1).asDouble());
      case "hardsigmoid" -> x.hardsigmoid();
      case "hardswish" -> x.hardswish();
      case "mish" -> x.mish();
      case "logSigmoid" -> x.logSigmoid();
      case "floor" -> x.floor();
      case "ceil" -> x.ceil();
      case "round" -> x.round();
      case "erf" -> x.erf();
      default -> throw new AssertionError("no unary op " + op);
    };
  }

  static Tensor binary(String op, Tensor a, Tensor b) {
    return switch (op) {
      case "add" -> a.add(b);
      case "sub" -> a.sub(b);
      case "mul" -> a.mul(b);
      case "div" -> a.div(b);
      case "pow" -> a.pow(b);
      case "maximum" -> a.maximum(b);
      case "minimum" -> a.minimum(b);
      case "eq" -> a.eq(b);
      case "ne" -> a.ne(b);
      case "gt" -> a.gt(b);
      case "ge" -> a.ge(b);
      case "lt" -> a.lt(b);
      case "le" -> a.le(b);
      default -> throw new AssertionError("no binary op " + op);
    };
  }

  static Tensor scalar(String op, Tensor x, double s, boolean left) {
    return switch (op) {
      case "add" -> x.add(s);
      case "sub" -> x.sub(s);
      case "rsub" -> x.rsub(s);
      case "mul" -> x.mul(s);
      case "div" -> x.div(s);
      case "rdiv" -> x.rdiv(s);
      case "pow" -> left ? Tensor.pow(s, x) : x.pow(s);
      case "eq" -> x.eq(s);
      case "ne" -> x.ne(s);
      case "gt" -> x.gt(s);
      case "ge" -> x.ge(s);
      case "lt" -> x.lt(s);
      case "le" -> x.le(s);
      default -> throw new AssertionError("no scalar op " + op);
    };
  }

  /** Forward and, when the fixture has one, the VJP of each input, for the contiguous and strided inputs. */
  static void check(String name, JsonNode c, List<JsonNode> inputs, Function<Tensor[], Tensor> f, String[] grads) {
    for (boolean view : new boolean[] {false, true}) {
      String what = name + (view ? " (strided)" : "");
      Tensor[] leaves = new Tensor[inputs.size()];
      Tensor[] args = new Tensor[leaves.length];
      for (int i = 0; i < leaves.length; i++) {
        Tensor t = tensor(inputs.get(i));
        leaves[i] = (view ? transposedLeaf(t) : t).requiresGrad_(grads != null && grads[i] != null);
        args[i] = view ? untranspose(leaves[i]) : leaves[i];
      }
      Tensor y = f.apply(args);
      boolean bool = !c.has("w");
      assertEquals(bool ? DType.BOOL : DType.FLOAT64, y.dtype(), what + ": dtype");
      assertClose(what + ": forward", c.get("y"), y);
      if (bool || grads == null) {
        continue;
      }
      y.backward(tensor(c.get("w")));
      for (int i = 0; i < leaves.length; i++) {
        if (grads[i] != null) {
          assertEquals(DType.FLOAT64, leaves[i].grad().dtype(), what + ": grad dtype");
          assertClose(what + ": " + grads[i], c.get(grads[i]), view ? untranspose(leaves[i].grad()) : leaves[i].grad());
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> unaryOps() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : fixture().get("unary")) {
      String op = c.get("op").asText();
      String name = op + c.get("params") + " " + c.get("x").get("shape");
      tests.add(DynamicTest.dynamicTest(name, () -> check(name, c, List.of(c.get("x")),
          in -> unary(op, in[0], c.get("params")), new String[] {"gx"})));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> binaryOps() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : fixture().get("binary")) {
      String op = c.get("op").asText();
      String name = op + " " + c.get("a").get("shape") + " " + c.get("b").get("shape");
      tests.add(DynamicTest.dynamicTest(name, () -> check(name, c, List.of(c.get("a"), c.get("b")),
          in -> binary(op, in[0], in[1]), new String[] {"ga", "gb"})));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> scalarOps() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : fixture().get("scalar")) {
      String op = c.get("op").asText();
      double s = c.get("s").asDouble();
      boolean left = c.get("left").asBoolean();
      String name = (left ? s + " " + op + " x" : "x " + op + " " + s);
      tests.add(DynamicTest.dynamicTest(name, () -> check(name, c, List.of(c.get("x")),
          in -> scalar(op, in[0], s, left), new String[] {"gx"})));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> whereMaskedFillGluPrelu() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : fixture().get("misc")) {
      String op = c.get("op").asText();
      JsonNode args = c.get("args");
      List<JsonNode> inputs = new ArrayList<>();
      c.get("inputs").forEach(inputs::add);
      String[] grads = switch (op) {
        case "where" -> new String[] {null, "0", "1"};
        case "whereScalar" -> new String[] {null, "0"};
        case "maskedFill" -> new String[] {"0", null};
        case "glu" -> new String[] {"0"};
        default -> new String[] {"0", "1"};
      };
      Function<Tensor[], Tensor> f = switch (op) {
        case "where" -> in -> Tensor.where(in[0].to(DType.BOOL), in[1], in[2]);
        case "whereScalar" -> in -> Tensor.where(in[0].to(DType.BOOL), in[1], args.get(0).asDouble());
        case "maskedFill" -> in -> in[0].maskedFill(in[1].to(DType.BOOL), args.get(0).asDouble());
        case "glu" -> in -> in[0].glu(args.get(0).asInt());
        case "prelu" -> in -> in[0].prelu(in[1]);
        case "add_alpha" -> in -> in[0].add(in[1], args.get(0).asDouble());
        default -> throw new AssertionError(op);
      };
      tests.add(DynamicTest.dynamicTest(op, () -> checkMisc(op, c, inputs, f, grads)));
    }
    return tests.stream();
  }

  /** As {@link #check}, with the fixture's grads as an array indexed by input. */
  private static void checkMisc(String op, JsonNode c, List<JsonNode> inputs, Function<Tensor[], Tensor> f,
                                String[] grads) {
    Tensor[] in = new Tensor[inputs.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = tensor(inputs.get(i)).requiresGrad_(grads[i] != null);
    }
    Tensor y = f.apply(in);
    assertEquals(DType.FLOAT64, y.dtype(), op + ": dtype");
    assertClose(op + ": forward", c.get("y"), y);
    y.backward(tensor(c.get("w")));
    int k = 0;
    for (int i = 0; i < in.length; i++) {
      if (grads[i] != null) {
        assertClose(op + ": grad of input " + i, c.get("grads").get(k++), in[i].grad());
      }
    }
  }
}
