package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.autograd.access.TensorAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * int64 and bool tensors held as themselves: values beyond 2^53 (where a double can no longer hold every integer)
 * through creation, arithmetic, reductions, indexing, conversion and printing, against PyTorch 1.13
 * (tools/gen_int64.py, golden/int64/int64.json).
 */
class Int64Test {
  private static final long B = 1L << 53;

  private static Tensor a() {
    return Tensor.ofLongs((1L << 62) + 3, -(1L << 61) - 7, B + 1, 12345678901234567L, -9, 0);
  }

  private static Tensor b() {
    return Tensor.ofLongs(3, -5, 7, (1L << 31) + 11, 4, -6);
  }

  private static Tensor grid() {
    return Tensor.arange(B, B + 20, 1).reshape(4, 5);
  }

  private static Tensor mask() {
    return Tensor.ofLongs(1, 0, 1, 1, 0, 0).to(DType.BOOL);
  }

  private static Tensor bools(long... v) {
    return Tensor.ofLongs(v).to(DType.BOOL);
  }

  /** Each fixture case, built the way the generator builds it. */
  private static Map<String, Supplier<Tensor>> cases() {
    Map<String, Supplier<Tensor>> c = new LinkedHashMap<>();
    c.put("arange", () -> Tensor.arange(B, B + 6, 1));
    c.put("arange_step", () -> Tensor.arange(-B - 1, B + 2, 1L << 52));
    c.put("add", () -> a().add(b()));
    c.put("sub", () -> a().sub(b()));
    c.put("mul", () -> a().mul(b()));
    c.put("floor_divide", () -> a().div(b(), "floor"));
    c.put("div_trunc", () -> a().div(b(), "trunc"));
    c.put("remainder", () -> a().remainder(b()));
    c.put("neg", () -> a().neg());
    c.put("abs", () -> a().abs());
    c.put("add_int", () -> a().add(2L));
    c.put("mul_int", () -> a().mul(3L));
    c.put("sub_int_left", () -> a().rsub(7L));
    c.put("maximum", () -> a().maximum(b()));
    c.put("minimum", () -> a().minimum(b()));
    c.put("pow", () -> b().pow(Tensor.ofLongs(2, 3, 1, 2, 5, 0)));
    c.put("eq", () -> a().eq(Tensor.ofLongs((1L << 62) + 3, 0, B, 12345678901234567L, -9, 1)));
    c.put("lt", () -> a().lt(b()));
    c.put("ge", () -> a().ge(b()));
    c.put("gt_scalar", () -> a().gt(B));
    c.put("sum", () -> a().sum());
    c.put("sum_dim", () -> grid().sum(new int[] {0}, false));
    c.put("prod", () -> b().prod());
    c.put("cumsum", () -> a().cumsum(0));
    c.put("cumsum_dim", () -> grid().cumsum(1));
    c.put("max", () -> a().max());
    c.put("min", () -> a().min());
    c.put("argmax", () -> a().argmax());
    c.put("argmin", () -> a().argmin());
    c.put("max_dim_values", () -> grid().max(1, false).values());
    c.put("max_dim_indices", () -> grid().max(1, false).indices());
    c.put("clamp", () -> a().clamp(-10L, B + 5));
    c.put("index_row", () -> grid().select(0, 2));
    c.put("index_col", () -> grid().select(1, 3));
    c.put("index_select", () -> grid().indexSelect(1, Tensor.ofLongs(4, 0, 4)));
    c.put("gather", () -> grid().gather(1, Tensor.ofLongs(4, 0, 1, 1, 3, 2, 0, 4).reshape(4, 2)));
    c.put("masked_select", () -> a().maskedSelect(mask()));
    c.put("where", () -> Tensor.where(mask(), a(), b()));
    c.put("masked_fill", () -> a().maskedFill(mask(), -1));
    c.put("transpose_contiguous", () -> grid().t().contiguous());
    c.put("flip", () -> grid().flip(1));
    c.put("cat", () -> Tensor.cat(List.of(a(), b()), 0));
    c.put("stack", () -> Tensor.stack(List.of(a(), b()), 0));
    c.put("repeat", () -> b().repeat(2));
    c.put("one_hot", () -> Tensor.ofLongs(2, 0).oneHot(3));
    c.put("to_float64", () -> a().to(DType.FLOAT64));
    c.put("to_float32", () -> a().to(DType.FLOAT32));
    c.put("from_float64", () -> Tensor.ofDoubles(Math.pow(2, 60), -3.7, 3.7, 1e15 + 0.5).to(DType.INT64));
    c.put("add_float", () -> a().add(2.5));
    c.put("true_divide", () -> b().div(Tensor.ofLongs(2, 2, 2, 2, 2, 2)));
    c.put("add_float_tensor", () -> b().add(Tensor.full(new int[] {6}, 0.5f)));
    c.put("bool_add", () -> bools(1, 0, 1, 0).add(bools(1, 1, 0, 0)));
    c.put("bool_mul", () -> bools(1, 0, 1, 0).mul(bools(1, 1, 0, 0)));
    c.put("bool_sum", () -> bools(1, 0, 1, 0).sum());
    c.put("bool_to_long", () -> bools(1, 0, 1, 0).to(DType.INT64));
    c.put("long_to_bool", () -> b().to(DType.BOOL));
    c.put("bool_eq", () -> bools(1, 0, 1, 0).eq(bools(1, 1, 0, 0)));
    return c;
  }

  private static JsonNode fixture() {
    try (InputStream in = Int64Test.class.getResourceAsStream("/golden/int64/int64.json")) {
      return new ObjectMapper().readTree(in).get("cases");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesPyTorchExactly() {
    JsonNode fixture = fixture();
    Map<String, Supplier<Tensor>> cases = cases();
    assertEquals(fixture.size(), cases.size(), "every fixture case has a Java case");
    return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      JsonNode want = fixture.get(e.getKey());
      Tensor got = e.getValue().get();
      assertEquals(want.get("dtype").asText(), got.dtype().torchName(), "dtype");
      int[] shape = new int[want.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = want.get("shape").get(i).asInt();
      }
      assertArrayEquals(shape, got.shape(), "shape");
      JsonNode values = want.get("values");
      if (got.dtype().isFloatingPoint()) {
        double[] v = got.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
          assertEquals(values.get(i).asDouble(), v[i], 0.0, "element " + i);
        }
      } else {
        long[] v = got.toLongArray();
        for (int i = 0; i < v.length; i++) {
          assertEquals(values.get(i).asLong(), v[i], "element " + i);
        }
      }
      assertEquals(want.get("str").asText(), got.toString());
    }));
  }

  @Test
  void storageHoldsEachDtypeInItsOwnArray() {
    Tensor l = Tensor.ofLongs(B + 1);
    assertEquals(B + 1, TensorAccess.storageOf(l).longs()[0]);
    assertEquals(B + 1, l.longValue());
    assertEquals(8, DType.INT64.itemSize());
    Tensor m = Tensor.ofLongs(3, 0).to(DType.BOOL);
    assertArrayEquals(new boolean[] {true, false}, TensorAccess.storageOf(m).bools());
    assertTrue(DType.BOOL.itemSize() <= 1);
  }

  @Test
  void integerErrorsKeepPyTorchsPhrases() {
    ArithmeticException zero = assertThrows(ArithmeticException.class, () -> a().div(Tensor.zeros(DType.INT64, 6),
        "floor"));
    assertTrue(zero.getMessage().contains("ZeroDivisionError"), zero.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> b().pow(Tensor.ofLongs(-1, 1, 1, 1, 1, 1)));
    assertTrue(negative.getMessage().contains("Integers to negative integer powers are not allowed"),
        negative.getMessage());
    IllegalArgumentException boolSub = assertThrows(IllegalArgumentException.class,
        () -> bools(1, 0).sub(bools(0, 1)));
    assertTrue(boolSub.getMessage().contains("Subtraction, the `-` operator, with two bool tensors"),
        boolSub.getMessage());
  }

  @Test
  void inPlaceIntegerOpsStayExact() {
    Tensor t = Tensor.ofLongs(B, B + 2);
    t.add_(1L);
    assertArrayEquals(new long[] {B + 1, B + 3}, t.toLongArray());
    t.fill_(B + 7);
    assertArrayEquals(new long[] {B + 7, B + 7}, t.toLongArray());
    Tensor u = Tensor.zeros(DType.INT64, 2);
    u.copy_(Tensor.ofLongs(B + 5, -B - 5));
    assertArrayEquals(new long[] {B + 5, -B - 5}, u.toLongArray());
  }
}
