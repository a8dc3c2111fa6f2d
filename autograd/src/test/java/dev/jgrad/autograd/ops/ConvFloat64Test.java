package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.Float64Fixtures.leaf;
import static dev.jgrad.autograd.ops.Float64Fixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Spatial;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** float64 convolutions against PyTorch 1.13 (tools/gen_float64_linalg.py), GradCheck, mixed-dtype errors. */
class ConvFloat64Test {

  private static final Generator GEN = new Generator(65);

  private static int[] ints(JsonNode args, String key) {
    JsonNode a = args.get(key);
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asInt();
    }
    return v;
  }

  private static Function<List<Tensor>, Tensor> op(String name, JsonNode a) {
    return in -> {
      Tensor b = in.size() > 2 ? in.get(2) : null;
      return switch (name) {
        case "conv2d" -> in.get(0).conv2d(in.get(1), b, ints(a, "stride"), ints(a, "padding"), ints(a, "dilation"),
            a.get("groups").asInt());
        case "conv2d_same" -> Spatial.conv2d(in.get(0), in.get(1), b, new int[] {1, 1}, "same", ints(a, "dilation"),
            a.get("groups").asInt());
        case "conv1d" -> Spatial.conv1d(in.get(0), in.get(1), b, ints(a, "stride"), ints(a, "padding"),
            ints(a, "dilation"), a.get("groups").asInt());
        case "conv_transpose2d" -> Spatial.convTranspose2d(in.get(0), in.get(1), b, ints(a, "stride"),
            ints(a, "padding"), ints(a, "output_padding"), a.get("groups").asInt(), ints(a, "dilation"));
        case "conv_transpose1d" -> Spatial.convTranspose1d(in.get(0), in.get(1), b, ints(a, "stride"),
            ints(a, "padding"), ints(a, "output_padding"), a.get("groups").asInt(), ints(a, "dilation"));
        default -> throw new IllegalArgumentException("no convolution named " + name);
      };
    };
  }

  @Test
  void forwardAndVectorJacobianProductsMatchPyTorch() {
    List<JsonNode> cases = Float64Fixtures.cases("/golden/float64/conv.json");
    for (JsonNode c : cases) {
      Float64Fixtures.replay(c, op(c.get("op").asText(), c.get("args")));
    }
    assertEquals(9, cases.size());
  }

  @Test
  void gradCheckInFloat64() {
    GradCheck.check(in -> in.get(0).conv2d(in.get(1), in.get(2), new int[] {2, 1}, new int[] {1, 1},
        new int[] {1, 2}, 2), leaf(GEN, 1, 4, 5, 5), leaf(GEN, 2, 2, 2, 2), leaf(GEN, 2));
    GradCheck.check(in -> Spatial.conv1d(in.get(0), in.get(1), in.get(2), new int[] {1}, new int[] {1},
        new int[] {1}, 1), leaf(GEN, 2, 2, 6), leaf(GEN, 3, 2, 3), leaf(GEN, 3));
    GradCheck.check(in -> Spatial.convTranspose2d(in.get(0), in.get(1), in.get(2), new int[] {2, 2},
        new int[] {1, 0}, new int[] {1, 0}, 1, new int[] {1, 1}), leaf(GEN, 1, 2, 3, 3), leaf(GEN, 2, 3, 3, 2),
        leaf(GEN, 3));
    GradCheck.check(in -> Spatial.convTranspose1d(in.get(0), in.get(1), null, new int[] {2}, new int[] {0},
        new int[] {0}, 1, new int[] {1}), leaf(GEN, 1, 2, 4), leaf(GEN, 2, 2, 3));
  }

  @Test
  void mixedDtypesFailWithPyTorchsMessages() {
    Tensor xf = Tensor.ones(1, 1, 3, 3);
    Tensor xd = Tensor.ones(DType.FLOAT64, 1, 1, 3, 3);
    Tensor wf = Tensor.ones(1, 1, 2, 2);
    Tensor wd = Tensor.ones(DType.FLOAT64, 1, 1, 2, 2);
    Tensor bf = Tensor.ones(1);
    Tensor bd = Tensor.ones(DType.FLOAT64, 1);
    assertFails(() -> xf.conv2d(wd, null), "conv2d", "expected scalar type Float but found Double");
    assertFails(() -> xd.conv2d(wf, null), "conv2d", "expected scalar type Double but found Float");
    assertFails(() -> xf.conv2d(wf, bd), "conv2d", "Input type (float) and bias type (double) should be the same");
    assertFails(() -> xf.conv2d(wd, bd), "conv2d", "Input type (float) and bias type (double) should be the same");
    assertFails(() -> xd.conv2d(wd, bf), "conv2d", "Input type (double) and bias type (float) should be the same");
    int[] one = {1, 1};
    int[] zero = {0, 0};
    assertFails(() -> Spatial.convTranspose2d(xf, wd, null, one, zero, zero, 1, one), "conv_transpose2d",
        "expected scalar type Float but found Double");
    assertFails(() -> Spatial.convTranspose2d(xd, wd, bf, one, zero, zero, 1, one), "conv_transpose2d",
        "expected scalar type Double but found Float");
    assertFails(() -> Spatial.conv1d(xf.view(1, 1, 9), wd.view(1, 1, 4), null, new int[] {1}, new int[] {0},
        new int[] {1}, 1), "conv1d", "expected scalar type Float but found Double");
  }

  @Test
  void conv1dConvertsABiasOfTheOtherDtypeAsPyTorchDoes() {
    // PyTorch 1.13: F.conv1d(double x, double w, float b) runs in double; b's gradient comes back as float.
    Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 3);
    Tensor w = Tensor.ones(DType.FLOAT64, 1, 1, 2);
    Tensor b = Tensor.ones(1).requiresGrad_(true);
    Tensor y = Spatial.conv1d(x, w, b, new int[] {1}, new int[] {0}, new int[] {1}, 1);
    assertEquals(DType.FLOAT64, y.dtype());
    assertEquals(3.0, y.toDoubleArray()[0]);
    y.backward(Tensor.ones(DType.FLOAT64, 1, 1, 2));
    assertEquals(DType.FLOAT32, b.grad().dtype());
    assertEquals(2f, b.grad().toArray()[0]);
  }
}
