package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * float64 reductions, statistics, norms, views, copies and indexing against PyTorch (golden/float64/shape.json,
 * written by tools/gen_float64_shape.py): forward values and vector-Jacobian products at relative 1e-12, the
 * grad_fn names, and GradCheck in float64 for every differentiable op of the table.
 */
class Float64ShapeTest {
  static final double RTOL = 1e-12;
  static final double ATOL = 1e-14;

  static final JsonNode DOC = load();

  static JsonNode load() {
    try (InputStream in = Float64ShapeTest.class.getResourceAsStream("/golden/float64/shape.json")) {
      assertNotNull(in, "missing golden/float64/shape.json (run tools/gen_float64_shape.py)");
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ops of the fixture by id; each returns a Tensor, a List of tensors or ValuesAndIndices. */
  static final Map<String, Function<Tensor[], Object>> OPS = Map.ofEntries(
      Map.entry("sum_all", in -> in[0].sum()),
      Map.entry("sum_dim", in -> in[0].sum(1)),
      Map.entry("sum_dims_keep", in -> in[0].sum(new int[] {0, 2}, true)),
      Map.entry("sum_t", in -> in[0].t().sum(1)),
      Map.entry("mean_all", in -> in[0].mean()),
      Map.entry("mean_dim", in -> in[0].mean(1)),
      Map.entry("mean_dims_keep", in -> in[0].mean(new int[] {0, -1}, true)),
      Map.entry("max_all", in -> in[0].max()),
      Map.entry("min_all", in -> in[0].min()),
      Map.entry("max_dim", in -> in[0].max(1, false)),
      Map.entry("min_dim_keep", in -> in[0].t().min(0, true)),
      Map.entry("argmax_all", in -> in[0].argmax()),
      Map.entry("argmax_dim", in -> in[0].argmax(1, true)),
      Map.entry("argmin_dim", in -> in[0].argmin(0, false)),
      Map.entry("prod_all", in -> in[0].prod()),
      Map.entry("prod_dim", in -> in[0].prod(1, false)),
      Map.entry("logsumexp", in -> in[0].logsumexp(1, false)),
      Map.entry("logsumexp_keep", in -> in[0].logsumexp(new int[] {0, 2}, true)),
      Map.entry("var_all", in -> in[0].var()),
      Map.entry("var_dim_corr0", in -> in[0].var(new int[] {0, 2}, 0.0, true)),
      Map.entry("std_all", in -> in[0].std()),
      Map.entry("std_dim", in -> in[0].std(1, false)),
      Map.entry("norm2", in -> in[0].norm()),
      Map.entry("norm1_dim", in -> in[0].norm(1, 1, false)),
      Map.entry("norm3_dims", in -> in[0].norm(3, new int[] {0, 2}, true)),
      Map.entry("norm_inf", in -> in[0].norm(Double.POSITIVE_INFINITY)),
      Map.entry("cumsum", in -> in[0].cumsum(1)),
      Map.entry("cumsum_t", in -> in[0].t().cumsum(0)),
      Map.entry("view", in -> in[0].view(2, 6)),
      Map.entry("reshape_t", in -> in[0].t().reshape(12)),
      Map.entry("transpose", in -> in[0].transpose(0, 2)),
      Map.entry("permute", in -> in[0].permute(2, 0, 1)),
      Map.entry("expand", in -> in[0].expand(4, 3)),
      Map.entry("narrow", in -> in[0].narrow(0, 1, 2)),
      Map.entry("select", in -> in[0].select(1, 2)),
      Map.entry("unflatten", in -> in[0].unflatten(1, 2, 3)),
      Map.entry("split", in -> in[0].split(2, 0)),
      Map.entry("chunk", in -> in[0].chunk(3, 1)),
      Map.entry("contiguous_t", in -> in[0].t().contiguous()),
      Map.entry("clone", in -> in[0].clone()),
      Map.entry("cat", in -> Tensor.cat(List.of(in[0], in[1]), 0)),
      Map.entry("cat_mixed", in -> Tensor.cat(List.of(in[0], in[1]), 1)),
      Map.entry("cat_long", in -> Tensor.cat(List.of(in[0], in[1]), 1)),
      Map.entry("stack", in -> Tensor.stack(List.of(in[0], in[1]), 1)),
      Map.entry("repeat", in -> in[0].repeat(2, 1, 2)),
      Map.entry("flip", in -> in[0].flip(0, 2)),
      Map.entry("pad_value", in -> in[0].pad(new int[] {1, 2, 0, 1}, 0.5)),
      Map.entry("pad_reflect", in -> Spatial.pad(in[0], new int[] {2, 1}, "reflect", null)),
      Map.entry("gather", in -> in[0].gather(1, in[1])),
      Map.entry("scatter_add", in -> in[0].scatterAdd(1, in[1], in[2])),
      Map.entry("index_select", in -> in[0].indexSelect(0, in[1])),
      Map.entry("masked_select", in -> in[0].maskedSelect(in[1])));

  static Stream<JsonNode> cases() {
    List<JsonNode> all = new ArrayList<>();
    DOC.get("cases").forEach(all::add);
    return all.stream();
  }

  static Tensor tensor(JsonNode t) {
    int[] shape = ints(t.get("shape"));
    double[] values = doubles(t.get("values"));
    return Tensor.of(values, shape, dtype(t.get("dtype").asText()));
  }

  static DType dtype(String name) {
    return switch (name) {
      case "float64" -> DType.FLOAT64;
      case "float32" -> DType.FLOAT32;
      case "int64" -> DType.INT64;
      case "bool" -> DType.BOOL;
      default -> throw new IllegalArgumentException(name);
    };
  }

  static int[] ints(JsonNode a) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i).asInt();
    }
    return r;
  }

  static double[] doubles(JsonNode a) {
    double[] r = new double[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i).asDouble();
    }
    return r;
  }

  static List<Tensor> outputs(Object result) {
    if (result instanceof Tensor t) {
      return List.of(t);
    }
    if (result instanceof ValuesAndIndices vi) {
      return List.of(vi.values(), vi.indices());
    }
    @SuppressWarnings("unchecked")
    List<Tensor> list = (List<Tensor>) result;
    return list;
  }

  static Tensor[] leaves(JsonNode c, boolean grad) {
    JsonNode ins = c.get("inputs");
    Tensor[] leaves = new Tensor[ins.size()];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = tensor(ins.get(i));
      if (grad && leaves[i].dtype().isFloatingPoint()) {
        leaves[i].requiresGrad_(true);
      }
    }
    return leaves;
  }

  static void assertClose(String what, JsonNode want, Tensor got) {
    assertArrayEquals(ints(want.get("shape")), got.shape(), what + ": shape");
    assertEquals(dtype(want.get("dtype").asText()), got.dtype(), what + ": dtype");
    double[] w = doubles(want.get("values"));
    double[] g = got.toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      if (!(Math.abs(g[i] - w[i]) <= RTOL * Math.abs(w[i]) + ATOL) && !(Double.isNaN(w[i]) && Double.isNaN(g[i]))) {
        fail(what + ": element " + i + " is " + g[i] + ", PyTorch " + w[i]);
      }
    }
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("cases")
  void forwardMatchesPyTorch(JsonNode c) {
    String id = c.get("id").asText();
    List<Tensor> outs = outputs(OPS.get(id).apply(leaves(c, false)));
    JsonNode want = c.get("outputs");
    assertEquals(want.size(), outs.size(), id + ": number of outputs");
    for (int k = 0; k < outs.size(); k++) {
      assertClose(id + " output " + k, want.get(k), outs.get(k));
    }
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("cases")
  void vectorJacobianProductsMatchPyTorch(JsonNode c) {
    String id = c.get("id").asText();
    assumeTrue(c.has("grads"), id + " is not differentiable");
    Tensor[] leaves = leaves(c, true);
    List<Tensor> diff = new ArrayList<>();
    for (Tensor o : outputs(OPS.get(id).apply(leaves))) {
      if (o.requiresGrad()) {
        diff.add(o);
      }
    }
    assertEquals(c.get("gradFn").asText(), diff.get(0).gradFn().name(), id + ": grad_fn");
    List<Tensor> ws = new ArrayList<>();
    c.get("cotangents").forEach(w -> ws.add(tensor(w)));
    List<Tensor> wrt = new ArrayList<>();
    for (Tensor l : leaves) {
      if (l.requiresGrad()) {
        wrt.add(l);
      }
    }
    List<Tensor> grads = Autograd.grad(diff, wrt, ws, false, false, true);
    JsonNode want = c.get("grads");
    for (int i = 0, k = 0; i < leaves.length; i++) {
      if (!leaves[i].requiresGrad()) {
        assertTrue(want.get(i).isNull(), id + ": input " + i + " has a gradient in PyTorch");
        continue;
      }
      Tensor g = grads.get(k++);
      if (want.get(i).isNull()) {
        assertNull(g, id + ": input " + i);
      } else {
        assertClose(id + " grad " + i, want.get(i), g);
      }
    }
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("cases")
  void gradCheckInFloat64(JsonNode c) {
    String id = c.get("id").asText();
    assumeTrue(c.has("grads"), id + " is not differentiable");
    Tensor[] leaves = leaves(c, true);
    List<Tensor> inputs = new ArrayList<>();
    for (Tensor l : leaves) {
      // GradCheck's float64 tolerances apply when every checked input is float64: the float32 part of
      // cat_mixed is held constant here (its gradient is compared above).
      if (l.dtype() != DType.FLOAT64) {
        l.requiresGrad_(false);
      }
      inputs.add(l);
    }
    GradCheck.Result r = GradCheck.check(in -> {
      List<Tensor> pieces = new ArrayList<>();
      for (Tensor o : outputs(OPS.get(id).apply(in.toArray(new Tensor[0])))) {
        if (o.dtype().isFloatingPoint()) {
          pieces.add(o.reshape(-1));
        }
      }
      return pieces.size() == 1 ? pieces.get(0) : Tensor.cat(pieces, 0);
    }, inputs);
    assertTrue(r.passed(), id + ": " + r.message());
  }
}
