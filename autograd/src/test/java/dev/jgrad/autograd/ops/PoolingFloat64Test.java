package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.ops.Float64Fixtures.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Spatial;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ValuesAndIndices;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * float64 pooling, interpolation and pixel shuffling against PyTorch 1.13 (tools/gen_float64_linalg.py), and
 * GradCheck.
 */
class PoolingFloat64Test {

  private static final Generator GEN = new Generator(66);

  private static int[] ints(JsonNode args, String key) {
    JsonNode a = args.get(key);
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asInt();
    }
    return v;
  }

  private static double[] doubles(JsonNode args, String key) {
    JsonNode a = args.get(key);
    if (a == null) {
      return null;
    }
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  private static Function<List<Tensor>, Tensor> op(String name, JsonNode a) {
    return in -> {
      Tensor x = in.get(0);
      return switch (name) {
        case "max_pool2d" -> x.maxPool2d(ints(a, "kernel"), ints(a, "stride"), ints(a, "padding"),
            ints(a, "dilation"));
        case "avg_pool2d" -> x.avgPool2d(ints(a, "kernel"), ints(a, "stride"), ints(a, "padding"),
            a.get("count_include_pad").asBoolean());
        case "adaptive_avg_pool2d" -> Spatial.adaptiveAvgPool2d(x, ints(a, "output_size"));
        case "adaptive_max_pool2d" -> Spatial.adaptiveMaxPool2d(x, ints(a, "output_size")).values();
        case "interpolate" -> Spatial.interpolate(x, a.has("size") ? ints(a, "size") : null,
            doubles(a, "scale_factor"), a.get("mode").asText(),
            a.has("align_corners") ? a.get("align_corners").asBoolean() : null);
        case "pixel_shuffle" -> Spatial.pixelShuffle(x, a.get("factor").asInt());
        case "pixel_unshuffle" -> Spatial.pixelUnshuffle(x, a.get("factor").asInt());
        default -> throw new IllegalArgumentException("no pooling op named " + name);
      };
    };
  }

  @Test
  void forwardAndVectorJacobianProductsMatchPyTorch() {
    List<JsonNode> cases = Float64Fixtures.cases("/golden/float64/pooling.json");
    for (JsonNode c : cases) {
      Float64Fixtures.replay(c, op(c.get("op").asText(), c.get("args")));
    }
    assertEquals(11, cases.size());
  }

  @Test
  void gradCheckInFloat64() {
    GradCheck.check(in -> in.get(0).maxPool2d(new int[] {2, 2}, new int[] {1, 2}, new int[] {1, 0},
        new int[] {1, 1}), leaf(GEN, 1, 2, 4, 5));
    GradCheck.check(in -> in.get(0).avgPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, false),
        leaf(GEN, 1, 2, 5, 4));
    GradCheck.check(in -> Spatial.adaptiveAvgPool2d(in.get(0), new int[] {2, 3}), leaf(GEN, 2, 5, 4));
    GradCheck.check(in -> Spatial.adaptiveMaxPool2d(in.get(0), new int[] {3, 2}).values(), leaf(GEN, 1, 2, 5, 5));
    GradCheck.check(in -> Spatial.interpolate(in.get(0), new int[] {5, 4}, null, "bilinear", false),
        leaf(GEN, 1, 2, 3, 3));
    GradCheck.check(in -> Spatial.interpolate(in.get(0), null, new double[] {1.5}, "linear", true), leaf(GEN, 1, 2, 4));
    GradCheck.check(in -> Spatial.interpolate(in.get(0), new int[] {4, 5}, null, "nearest", null),
        leaf(GEN, 1, 1, 3, 2));
    GradCheck.check(in -> Spatial.pixelShuffle(in.get(0), 2), leaf(GEN, 1, 4, 2, 3));
    GradCheck.check(in -> Spatial.pixelUnshuffle(in.get(0), 2), leaf(GEN, 1, 1, 4, 2));
  }

  @Test
  void maxPoolKeepsDoublePrecisionAndPyTorchsIndices() {
    // Two values a float cannot tell apart: the max must be the larger double, its index int64.
    double big = 1 + 0x1p-40;
    Tensor x = Tensor.of(new double[] {1, big, 0.5, big - 0x1p-41}, new int[] {1, 1, 2, 2}, DType.FLOAT64);
    ValuesAndIndices r = Spatial.adaptiveMaxPool2d(x, new int[] {1, 1});
    assertEquals(DType.FLOAT64, r.values().dtype());
    assertEquals(big, r.values().doubleValue());
    assertEquals(DType.INT64, r.indices().dtype());
    assertEquals(1L, r.indices().longValue());
    assertArrayEquals(new double[] {big}, x.maxPool2d(2).toDoubleArray());
  }
}
