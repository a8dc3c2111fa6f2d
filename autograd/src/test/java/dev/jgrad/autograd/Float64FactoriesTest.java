package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * float64 factories against PyTorch (golden/float64/shape.json, tools/gen_float64_shape.py): the random streams of
 * randn, rand, normal_ and uniform_ after manual_seed, value for value (normals to the last bit), and arange / linspace as PyTorch's CPU
 * kernels compute them; plus the dtype rules of sum, mean and cumsum on integer inputs.
 */
class Float64FactoriesTest {
  static Stream<JsonNode> streams() {
    return nodes("random");
  }

  static Stream<JsonNode> ranges() {
    return nodes("ranges");
  }

  private static Stream<JsonNode> nodes(String key) {
    List<JsonNode> all = new ArrayList<>();
    Float64ShapeTest.DOC.get(key).forEach(all::add);
    return all.stream();
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("streams")
  void randomStreamsMatchPyTorchExactly(JsonNode s) {
    String kind = s.get("kind").asText();
    Generator g = new Generator(s.get("seed").asLong());
    double[] want = Float64ShapeTest.doubles(s.get("values"));
    double[] got = new double[want.length];
    int at = 0;
    for (JsonNode size : s.get("sizes")) {
      int n = size.asInt();
      switch (kind) {
        case "randn" -> System.arraycopy(Tensor.randn(g, DType.FLOAT64, n).toDoubleArray(), 0, got, at, n);
        case "rand" -> System.arraycopy(Tensor.rand(g, DType.FLOAT64, n).toDoubleArray(), 0, got, at, n);
        case "normal" -> g.normal(got, at, n, s.get("mean").asDouble(), s.get("std").asDouble());
        case "uniform" -> g.uniform(got, at, n, s.get("from").asDouble(), s.get("to").asDouble());
        default -> throw new IllegalArgumentException(kind);
      }
      at += n;
    }
    String what = kind + " " + s.get("sizes") + " seed " + s.get("seed");
    if (kind.equals("rand") || kind.equals("uniform")) {
      assertArrayEquals(want, got, 0.0, what);
      return;
    }
    // The draws are the same; Box-Muller's log, cos and sin are Java's, not glibc's, so allow the last bit.
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], Math.ulp(want[i]), what + " element " + i);
    }
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("ranges")
  void rangesMatchPyTorchExactly(JsonNode r) {
    JsonNode a = r.get("args");
    Tensor t = r.get("kind").asText().equals("arange")
        ? Tensor.arange(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble(), DType.FLOAT64)
        : Tensor.linspace(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asInt(), DType.FLOAT64);
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(Float64ShapeTest.doubles(r.get("values")), t.toDoubleArray(), 0.0, r.toString());
  }

  @Test
  void likeFactoriesKeepTheDtypeAndGlobalStreamFollowsTheSeed() {
    Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3);
    Tensor.manualSeed(7);
    Tensor a = Tensor.randnLike(x);
    Tensor.manualSeed(7);
    Tensor b = Tensor.randn(DType.FLOAT64, 2, 3);
    assertEquals(DType.FLOAT64, a.dtype());
    assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 0.0);
    assertEquals(DType.FLOAT64, Tensor.randLike(x).dtype());
    assertEquals(DType.FLOAT32, Tensor.randLike(Tensor.zeros(2)).dtype());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.randnLike(Tensor.ofLongs(1, 2)));
    assertTrue(e.getMessage().contains("\"normal_kernel_cpu\" not implemented for 'Long'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.rand(DType.BOOL, 2));
    assertTrue(e.getMessage().contains("not implemented for 'Bool'"), e.getMessage());
  }

  @Test
  void eyeOfEachDtype() {
    Tensor e = Tensor.eye(2, 3, DType.FLOAT64);
    assertEquals(DType.FLOAT64, e.dtype());
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, e.toDoubleArray(), 0.0);
    assertEquals(DType.INT64, Tensor.eye(2, 2, DType.INT64).dtype());
    assertArrayEquals(new long[] {1, 0, 0, 1}, Tensor.eye(2, 2, DType.INT64).toLongArray());
  }

  @Test
  void defaultDtypeReachesFactoriesWithoutADtype() {
    DType before = Tensor.defaultDtype();
    try {
      Tensor.setDefaultDtype(DType.FLOAT64);
      assertEquals(DType.FLOAT64, Tensor.randn(3).dtype());
      assertEquals(DType.FLOAT64, Tensor.rand(3).dtype());
      assertEquals(DType.FLOAT64, Tensor.arange(0.0, 1.0, 0.25).dtype());
      assertEquals(DType.FLOAT64, Tensor.linspace(0, 1, 5).dtype());
      assertEquals(DType.FLOAT64, Tensor.eye(2).dtype());
    } finally {
      Tensor.setDefaultDtype(before);
    }
    assertEquals(DType.FLOAT32, Tensor.arange(0.0, 1.0, 0.25).dtype());
  }

  @Test
  void integerReductionsFollowPyTorchsDtypes() {
    Tensor l = Tensor.ofLongs(1, 2, 3);
    assertEquals(DType.INT64, l.sum().dtype());
    assertEquals(6, l.sum().longValue());
    Tensor b = Tensor.of(new double[] {1, 0, 1}, new int[] {3}, DType.BOOL);
    assertEquals(DType.INT64, b.sum().dtype());
    assertEquals(2, b.sum().longValue());
    assertEquals(DType.INT64, b.cumsum(0).dtype());
    assertArrayEquals(new long[] {1, 1, 2}, b.cumsum(0).toLongArray());
    assertArrayEquals(new long[] {1, 3, 6}, l.cumsum(0).toLongArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.mean());
    assertTrue(e.getMessage().contains("mean(): could not infer output dtype. Input dtype must be either a floating "
        + "point or complex dtype. Got: Long"), e.getMessage());
  }

  @Test
  void mixedDtypeIndexingRefuses() {
    Tensor self = Tensor.zeros(DType.FLOAT64, 2, 3);
    Tensor index = Tensor.ofLongs(0, 1, 2).view(1, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> self.scatterAdd(0, index, Tensor.ones(1, 3)));
    assertTrue(e.getMessage().contains("Expected self.dtype to be equal to src.dtype"), e.getMessage());
  }
}
