package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * GradCheck in float64 (PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3) for every differentiable elementwise
 * op, at the fixture's inputs (inside each op's domain and off its kinks; golden/float64/pointwise.json).
 */
class Float64GradCheckTest {

  private static Tensor leaf(JsonNode spec) {
    return Float64PointwiseTest.tensor(spec).requiresGrad_(true);
  }

  @TestFactory
  Stream<DynamicTest> unaryOps() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Float64PointwiseTest.fixture().get("unary")) {
      String op = c.get("op").asText();
      if (List.of("floor", "ceil", "round", "sign").contains(op) || !c.get("x").get("shape").toString().equals("[7]")) {
        continue;   // zero gradients (their rule is checked against PyTorch's) and one shape per op is enough
      }
      tests.add(DynamicTest.dynamicTest(op + c.get("params"), () -> assertTrue(GradCheck.check(
          in -> Float64PointwiseTest.unary(op, in.get(0), c.get("params")), leaf(c.get("x"))).passed())));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> binaryOps() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Float64PointwiseTest.fixture().get("binary")) {
      String op = c.get("op").asText();
      if (!c.has("w") || op.startsWith("divT") || op.startsWith("divF")) {
        continue;   // comparisons have no gradient, rounded quotients a zero one (compared with PyTorch's)
      }
      String shapes = c.get("a").get("shape") + " " + c.get("b").get("shape");
      tests.add(DynamicTest.dynamicTest(op + " " + shapes, () -> assertTrue(GradCheck.check(
          in -> Float64PointwiseTest.binary(op, in.get(0), in.get(1)), leaf(c.get("a")), leaf(c.get("b")))
          .passed())));
    }
    for (JsonNode c : Float64PointwiseTest.fixture().get("scalar")) {
      String op = c.get("op").asText();
      double s = c.get("s").asDouble();
      boolean left = c.get("left").asBoolean();
      if (!c.has("w") || op.startsWith("div")) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(op + " " + s + (left ? " (scalar left)" : ""), () -> assertTrue(
          GradCheck.check(in -> Float64PointwiseTest.scalar(op, in.get(0), s, left), leaf(c.get("x"))).passed())));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> whereMaskedFillAndFriends() {
    Tensor cond = Tensor.of(new double[] {1, 0, 1, 0, 0, 1}, new int[] {2, 3}, DType.BOOL);
    Tensor a = Tensor.of(new double[] {0.3, -1.2, 2.5, 0.7, -0.4, 1.1}, new int[] {2, 3}, DType.FLOAT64);
    Tensor b = Tensor.of(new double[] {1.5, 0.2, -0.9, -2.1, 0.6, 0.8}, new int[] {2, 3}, DType.FLOAT64);
    return Stream.of(
        DynamicTest.dynamicTest("where", () -> assertTrue(GradCheck.check(
            in -> Tensor.where(cond, in.get(0), in.get(1)), a.detach().requiresGrad_(true),
            b.detach().requiresGrad_(true)).passed())),
        DynamicTest.dynamicTest("maskedFill", () -> assertTrue(GradCheck.check(
            in -> in.get(0).maskedFill(cond, -0.5), a.detach().requiresGrad_(true)).passed())),
        DynamicTest.dynamicTest("rrelu (eval)", () -> assertTrue(GradCheck.check(
            in -> in.get(0).rrelu(0.1, 0.3, false, new Generator(1)), a.detach().requiresGrad_(true)).passed())));
  }
}
