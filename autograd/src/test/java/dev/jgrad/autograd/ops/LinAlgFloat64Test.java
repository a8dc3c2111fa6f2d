package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.Float64Fixtures.leaf;
import static dev.jgrad.autograd.ops.Float64Fixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** float64 products against PyTorch 1.13 (tools/gen_float64_linalg.py), GradCheck in float64, mixed-dtype errors. */
class LinAlgFloat64Test {

  private static final Generator GEN = new Generator(64);

  private static Function<List<Tensor>, Tensor> op(String name) {
    return switch (name) {
      case "mm" -> in -> in.get(0).mm(in.get(1));
      case "mm_tt" -> in -> in.get(0).t().mm(in.get(1).t());
      case "bmm" -> in -> in.get(0).bmm(in.get(1));
      case "matmul" -> in -> in.get(0).matmul(in.get(1));
      case "dot" -> in -> in.get(0).dot(in.get(1));
      case "mv" -> in -> in.get(0).mv(in.get(1));
      case "outer" -> in -> in.get(0).outer(in.get(1));
      case "linear" -> in -> in.get(0).linear(in.get(1), in.size() > 2 ? in.get(2) : null);
      default -> throw new IllegalArgumentException("no product named " + name);
    };
  }

  @Test
  void forwardAndVectorJacobianProductsMatchPyTorch() {
    List<JsonNode> cases = Float64Fixtures.cases("/golden/float64/linalg.json");
    int products = 0;
    for (JsonNode c : cases) {
      String op = c.get("op").asText();
      if (op.startsWith("mm") || op.equals("bmm") || op.equals("matmul") || op.equals("dot") || op.equals("mv")
          || op.equals("outer") || op.equals("linear")) {
        Float64Fixtures.replay(c, op(op));
        products++;
      }
    }
    assertTrue(products >= 28, "products replayed: " + products);
  }

  @Test
  void gradCheckInFloat64() {
    GradCheck.check(in -> in.get(0).mm(in.get(1)), leaf(GEN, 3, 5), leaf(GEN, 5, 4));
    GradCheck.check(in -> in.get(0).t().mm(in.get(1)), leaf(GEN, 5, 3), leaf(GEN, 5, 4));
    GradCheck.check(in -> in.get(0).bmm(in.get(1)), leaf(GEN, 2, 3, 5), leaf(GEN, 2, 5, 4));
    GradCheck.check(in -> in.get(0).matmul(in.get(1)), leaf(GEN, 2, 1, 3, 4), leaf(GEN, 3, 4, 2));
    GradCheck.check(in -> in.get(0).matmul(in.get(1)), leaf(GEN, 2, 3, 4), leaf(GEN, 4));
    GradCheck.check(in -> in.get(0).matmul(in.get(1)), leaf(GEN, 4), leaf(GEN, 2, 4, 3));
    GradCheck.check(in -> in.get(0).dot(in.get(1)), leaf(GEN, 6), leaf(GEN, 6));
    GradCheck.check(in -> in.get(0).mv(in.get(1)), leaf(GEN, 3, 6), leaf(GEN, 6));
    GradCheck.check(in -> in.get(0).outer(in.get(1)), leaf(GEN, 3), leaf(GEN, 4));
    GradCheck.check(in -> in.get(0).linear(in.get(1), in.get(2)), leaf(GEN, 4, 5), leaf(GEN, 3, 5), leaf(GEN, 3));
    GradCheck.check(in -> in.get(0).linear(in.get(1), in.get(2)), leaf(GEN, 2, 4, 5), leaf(GEN, 3, 5), leaf(GEN, 3));
    GradCheck.check(in -> in.get(0).linear(in.get(1), null), leaf(GEN, 2, 4, 5), leaf(GEN, 3, 5));
  }

  @Test
  void productsInFloat64AreComputedInDouble() {
    // 1 + 2^-40 is not a float: a float32 intermediate would round the product to 1.
    double tiny = 0x1p-40;
    Tensor a = Tensor.of(new double[] {1 + tiny, 1}, new int[] {1, 2}, DType.FLOAT64);
    Tensor b = Tensor.of(new double[] {1, tiny}, new int[] {2, 1}, DType.FLOAT64);
    assertEquals(1 + 2 * tiny, a.mm(b).doubleValue());
    assertEquals(1 + 2 * tiny, a.view(2).dot(b.view(2)).doubleValue());
  }

  @Test
  void mixedDtypesFailWithPyTorchsMessages() {
    Tensor f = Tensor.ones(2, 3);
    Tensor d = Tensor.ones(DType.FLOAT64, 2, 3);
    assertFails(() -> f.mm(d.t()), "mm", "expected scalar type Float but found Double");
    assertFails(() -> d.mm(f.t()), "mm", "expected scalar type Double but found Float");
    assertFails(() -> f.unsqueeze(0).bmm(d.t().unsqueeze(0)), "bmm", "expected scalar type Float but found Double");
    assertFails(() -> f.matmul(d.t()), "expected scalar type Float but found Double");
    assertFails(() -> f.unsqueeze(0).expand(2, 2, 3).matmul(d.t().unsqueeze(0).expand(2, 3, 2)),
        "expected scalar type Float but found Double");
    assertFails(() -> f.select(0, 0).matmul(d.select(0, 0)),
        "dot : expected both vectors to have same dtype, but found Float and Double");
    assertFails(() -> d.select(0, 0).dot(f.select(0, 0)),
        "dot : expected both vectors to have same dtype, but found Double and Float");
    assertFails(() -> f.mv(d.select(0, 0)), "mv", "expected scalar type Float but found Double");
    assertFails(() -> f.linear(d, null), "expected scalar type Float but found Double");
    assertFails(() -> d.linear(f, null), "expected scalar type Double but found Float");
    assertFails(() -> f.linear(f, d.select(0, 0).narrow(0, 0, 2)), "addmm", "self and mat2 must have the same dtype",
        "Double and Float");
    assertFails(() -> LinAlg.addmm(f.select(0, 0).narrow(0, 0, 2), d, f.t()), "addmm",
        "mat1 and mat2 must have the same dtype", "Double and Float");
  }
}
