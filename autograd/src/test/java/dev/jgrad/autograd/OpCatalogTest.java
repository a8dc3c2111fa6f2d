package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.autograd.OpCatalog.Entry;
import dev.jgrad.autograd.OpCatalog.ErrorEntry;
import dev.jgrad.autograd.OpCatalog.Grad;
import dev.jgrad.autograd.OpCatalogFixture.Case;
import dev.jgrad.autograd.OpCatalogFixture.Data;
import dev.jgrad.autograd.OpCatalogFixture.ErrorCase;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generic tests over the op catalogue ({@link OpCatalog}): every entry's forward values, grad_fn name,
 * differentiability, gradients and second-order gradients against PyTorch (golden/ops/ops.txt from
 * tools/gen_ops_golden.py), finite differences ({@link GradCheck}), in-place forms, purity, and every error entry's
 * exception and message; plus the completeness checks (every public Tensor method catalogued, catalogue and
 * fixture in step).
 */
class OpCatalogTest {
  static Stream<Entry> entries() {
    return OpCatalog.entries().stream();
  }

  static Stream<Entry> differentiable() {
    return entries().filter(e -> e.grad == Grad.RULE);
  }

  static Stream<Entry> withInplace() {
    return entries().filter(e -> e.inplace != null);
  }

  static Stream<ErrorEntry> errors() {
    return OpCatalog.errors().stream();
  }

  private static Case fixture(Entry e) {
    Case c = OpCatalogFixture.CASES.get(e.id);
    assertNotNull(c, e.id + ": no golden case; add it to tools/gen_ops_golden.py and rerun it");
    return c;
  }

  // ---------------------------------------------------------------- completeness

  @Test
  void fixtureHeaderNamesTheScriptAndTorchVersion() {
    assertTrue(OpCatalogFixture.header.contains("tools/gen_ops_golden.py"), OpCatalogFixture.header);
    assertTrue(OpCatalogFixture.header.matches(".*torch \\d+\\.\\d+.*"), OpCatalogFixture.header);
  }

  @Test
  void catalogueAndFixtureListTheSameCasesWithTheSameSpecs() {
    Set<String> ids = new LinkedHashSet<>();
    for (Entry e : OpCatalog.entries()) {
      assertTrue(ids.add(e.id), "duplicate catalogue id " + e.id);
      Case c = fixture(e);
      assertEquals(String.join(" ", c.specs), e.specs, e.id + ": specs differ from tools/gen_ops_golden.py");
    }
    Set<String> stale = new TreeSet<>(OpCatalogFixture.CASES.keySet());
    stale.removeAll(ids);
    assertTrue(stale.isEmpty(), "golden cases without a catalogue entry: " + stale);

    Set<String> errorIds = new LinkedHashSet<>();
    for (ErrorEntry e : OpCatalog.errors()) {
      assertTrue(errorIds.add(e.id), "duplicate error id " + e.id);
      ErrorCase c = OpCatalogFixture.ERRORS.get(e.id);
      if (c != null) {
        assertEquals(String.join(" ", c.specs), e.specs, e.id + ": specs differ from tools/gen_ops_golden.py");
      }
    }
    Set<String> staleErrors = new TreeSet<>(OpCatalogFixture.ERRORS.keySet());
    staleErrors.removeAll(errorIds);
    assertTrue(staleErrors.isEmpty(), "golden errors without a catalogue entry: " + staleErrors);
  }

  /** A public Tensor method that is neither catalogued nor listed as a non-op fails here. */
  @Test
  void everyPublicTensorMethodIsCatalogued() {
    Set<String> methods = Arrays.stream(Tensor.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> covered = new TreeSet<>();
    OpCatalog.entries().forEach(e -> covered.addAll(e.covers));
    Set<String> missing = new TreeSet<>(methods);
    missing.removeAll(covered);
    missing.removeAll(OpCatalog.NOT_OPS);
    assertTrue(missing.isEmpty(), "public Tensor methods missing from the op catalogue: " + missing);
    Set<String> unknown = new TreeSet<>(covered);
    unknown.addAll(OpCatalog.NOT_OPS);
    unknown.removeAll(methods);
    assertTrue(unknown.isEmpty(), "catalogue names that are not public Tensor methods: " + unknown);
  }

  @Test
  void catalogueCoversEveryDifferentiabilityKindAndHasErrorsForItsFamilies() {
    Map<Grad, Long> counts = OpCatalog.entries().stream().collect(Collectors.groupingBy(e -> e.grad,
        Collectors.counting()));
    assertTrue(counts.getOrDefault(Grad.RULE, 0L) > 150, counts.toString());
    assertTrue(counts.getOrDefault(Grad.ZERO, 0L) >= 5, counts.toString());
    assertTrue(counts.getOrDefault(Grad.NONE, 0L) >= 15, counts.toString());
    assertTrue(OpCatalog.errors().size() >= 80, "error entries: " + OpCatalog.errors().size());
  }

  // ---------------------------------------------------------------- values

  @ParameterizedTest
  @MethodSource("entries")
  void forwardMatchesPyTorch(Entry e) {
    Case c = fixture(e);
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    List<Tensor> outs = outputs(e.fn.apply(OpCatalogFixture.inputs(c, leaves)));
    assertEquals(c.outputs.size(), outs.size(), e.id + ": number of outputs");
    for (int k = 0; k < outs.size(); k++) {
      assertClose(e.id + " output " + k, c.outputs.get(k), outs.get(k), e.rtol, e.atol);
    }
  }

  @ParameterizedTest
  @MethodSource("entries")
  void gradFnNameMatchesPyTorch(Entry e) {
    Case c = fixture(e);
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    Tensor first = outputs(e.fn.apply(OpCatalogFixture.inputs(c, leaves))).get(0);
    String name = first.gradFn() == null ? "-" : first.gradFn().name();
    if (e.gradFnDiffers == null) {
      assertEquals(c.gradFn, name, e.id + ": grad_fn name");
    } else {
      assertNotEquals(c.gradFn, name, e.id + ": the grad_fn names agree now; drop gradFnDiffers");
    }
  }

  @ParameterizedTest
  @MethodSource("entries")
  void differentiabilityIsAsDeclared(Entry e) {
    Case c = fixture(e);
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    List<Tensor> outs = outputs(e.fn.apply(OpCatalogFixture.inputs(c, leaves)));
    Tensor first = outs.get(0);
    switch (e.grad) {
      case RULE:
        assertTrue(first.requiresGrad(), e.id + ": declared differentiable but its output does not require grad");
        break;
      case ZERO: {
        assertNotNull(first.gradFn(), e.id + ": a zero-gradient op still records its node, as PyTorch does");
        List<Tensor> g = Autograd.grad(List.of(first.sum()), gradLeaves(c, leaves), null, false, false, true);
        for (Tensor t : g) {
          if (t != null) {
            for (float v : t.toArray()) {
              assertEquals(0f, v, 0f, e.id + ": gradient must be zero");
            }
          }
        }
        break;
      }
      default:
        for (Tensor o : outs) {
          assertFalse(o.requiresGrad(), e.id + ": declared not differentiable but an output requires grad");
        }
    }
  }

  @ParameterizedTest
  @MethodSource("entries")
  void opDoesNotModifyItsInputs(Entry e) {
    Case c = fixture(e);
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    int[] versions = Arrays.stream(leaves).mapToInt(Tensor::version).toArray();
    e.fn.apply(OpCatalogFixture.inputs(c, leaves));
    for (int i = 0; i < leaves.length; i++) {
      assertArrayEquals(c.bases.get(i).values(), leaves[i].toArray(), e.id + ": input " + i + " was modified");
      assertEquals(versions[i], leaves[i].version(), e.id + ": input " + i + " version changed");
    }
  }

  // ---------------------------------------------------------------- gradients

  @ParameterizedTest
  @MethodSource("differentiable")
  void gradientsMatchPyTorch(Entry e) {
    Case c = fixture(e);
    assumeTrue(c.gradUnsupported == null, "PyTorch could not compute this gradient: " + c.gradUnsupported);
    assertFalse(c.weights.isEmpty(), e.id + ": PyTorch's output does not require grad; declare the entry");
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    Tensor loss = loss(c, outputs(e.fn.apply(OpCatalogFixture.inputs(c, leaves))));
    List<Tensor> wrt = gradLeaves(c, leaves);
    List<Tensor> grads = Autograd.grad(List.of(loss), wrt, null, false, false, true);
    compareGrads(e, c.grads, grads, wrtIndices(c), "gradient", e.gradRtol, e.gradAtol);
  }

  @ParameterizedTest
  @MethodSource("differentiable")
  void secondOrderGradientsMatchPyTorch(Entry e) {
    assumeTrue(e.noGrad2 == null, e.noGrad2);
    Case c = fixture(e);
    assumeTrue(c.gradUnsupported == null && c.grad2Unsupported == null, "PyTorch has no double backward here");
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    Tensor loss = loss(c, outputs(e.fn.apply(OpCatalogFixture.inputs(c, leaves))));
    List<Tensor> wrt = gradLeaves(c, leaves);
    List<Integer> idx = wrtIndices(c);
    List<Tensor> grads = Autograd.grad(List.of(loss), wrt, null, true, true, true);
    Tensor loss2 = null;
    for (int i = 0; i < grads.size(); i++) {
      Tensor g = grads.get(i);
      if (g != null && g.requiresGrad()) {
        Tensor term = g.mul(c.u.get(idx.get(i)).tensor()).sum();
        loss2 = loss2 == null ? term : loss2.add(term);
      }
    }
    List<Tensor> grads2 = new ArrayList<>();
    if (loss2 == null) {
      wrt.forEach(t -> grads2.add(null));
    } else {
      grads2.addAll(Autograd.grad(List.of(loss2), wrt, null, false, false, true));
    }
    compareGrads(e, c.grads2, grads2, idx, "second-order gradient", Math.max(e.gradRtol, 1e-4),
        Math.max(e.gradAtol, 1e-5));
  }

  /** A rule may take another path under createGraph (Tensor ops instead of a loop); both must agree. */
  @ParameterizedTest
  @MethodSource("differentiable")
  void createGraphGivesTheSameFirstOrderGradients(Entry e) {
    Case c = fixture(e);
    assumeTrue(!c.weights.isEmpty());
    List<Tensor> plain = gradsOf(e, c, false);
    List<Tensor> graph = gradsOf(e, c, true);
    for (int i = 0; i < plain.size(); i++) {
      Tensor a = plain.get(i);
      Tensor b = graph.get(i);
      if (a == null || b == null) {
        assertTrue(isZeroOrNull(a) && isZeroOrNull(b), e.id + ": leaf " + i + " gradient present in one mode only");
        continue;
      }
      assertArrayEquals(a.shape(), b.shape(), e.id + ": shape");
      float[] av = a.toArray();
      float[] bv = b.toArray();
      for (int j = 0; j < av.length; j++) {
        assertTrue(close(bv[j], av[j], 1e-5, e.gradAtol / 10),
            e.id + ": leaf " + i + " element " + j + ": plain " + av[j] + " vs createGraph " + bv[j]);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("differentiable")
  void finiteDifferences(Entry e) {
    assumeTrue(e.noFd == null, e.noFd);
    Case c = fixture(e);
    assumeTrue(!c.weights.isEmpty());
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    List<Integer> idx = wrtIndices(c);
    List<Tensor> wrt = new ArrayList<>();
    for (int i : idx) {
      wrt.add(leaves[i]);
    }
    assumeTrue(wrt.stream().allMatch(t -> t.numel() > 0), "an empty input has no finite differences");
    java.util.function.Function<List<Tensor>, Tensor> f = checked -> {
      Tensor[] all = leaves.clone();
      for (int i = 0; i < idx.size(); i++) {
        all[idx.get(i)] = checked.get(i);
      }
      List<Tensor> outs = outputs(e.fn.apply(OpCatalogFixture.inputs(c, all)));
      List<Tensor> flat = new ArrayList<>();
      for (int k : c.weights.keySet()) {
        flat.add(outs.get(k).reshape(-1));
      }
      return Tensor.cat(flat, 0);
    };
    assumeTrue(f.apply(wrt).numel() > 0, "an empty output has no finite differences");
    GradCheck.Result r = GradCheck.builder().atol(1e-2).rtol(1e-2).raiseException(false).check(f, wrt);
    assertTrue(r.passed(), e.id + ": " + r.message());
  }

  // ---------------------------------------------------------------- in-place forms

  @ParameterizedTest
  @MethodSource("withInplace")
  void inPlaceFormMatchesPyTorchValuesAndGradients(Entry e) {
    Case c = fixture(e);
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    List<Tensor> outs = outputs(e.inplace.apply(OpCatalogFixture.inputs(c, leaves)));
    assertClose(e.id + " in-place output", c.outputs.get(0), outs.get(0), e.rtol, e.atol);
    Tensor loss = loss(c, outs);
    List<Tensor> grads = Autograd.grad(List.of(loss), gradLeaves(c, leaves), null, false, false, true);
    compareGrads(e, c.grads, grads, wrtIndices(c), "in-place gradient", e.gradRtol, e.gradAtol);
  }

  @ParameterizedTest
  @MethodSource("withInplace")
  void inPlaceFormWithoutGradReturnsItsReceiver(Entry e) {
    Case c = fixture(e);
    try (var g = Autograd.noGrad()) {
      Tensor[] in = OpCatalogFixture.inputs(c, OpCatalogFixture.leaves(c));
      Tensor out = (Tensor) e.inplace.apply(in);
      assertClose(e.id + " in-place output (no grad)", c.outputs.get(0), out, e.rtol, e.atol);
      assertFalse(out.requiresGrad());
    }
  }

  /** In-place ops write through strided views (a transposed slice) exactly like the out-of-place op computes. */
  @Test
  void inPlaceOpsWriteThroughNonContiguousViews() {
    Tensor base = Tensor.arange(12.0).reshape(3, 4);
    Tensor other = Tensor.of(1f, 2f, 3f);
    Tensor view = base.t().slice(0, 1, 4, 2);                 // columns 1 and 3 of base: shape [2, 3], strides [2, 4]
    Tensor expected = view.mul(other).add(1).clamp(2, 20);
    view.mul_(other).add_(1).clamp_(2, 20);
    assertArrayEquals(expected.toArray(), view.toArray());
    assertArrayEquals(new float[] {0, 2, 2, 4, 4, 11, 6, 15, 8, 20, 10, 20},
        base.toArray(), "only the viewed elements change");
  }

  // ---------------------------------------------------------------- errors

  @ParameterizedTest
  @MethodSource("errors")
  void errorMessage(ErrorEntry e) {
    String[] specs = e.specs.isEmpty() ? new String[0] : e.specs.split(" ");
    Tensor[] in = new Tensor[specs.length];
    for (int i = 0; i < specs.length; i++) {
      in[i] = OpCatalogFixture.view(specs[i], OpCatalogFixture.leafWithoutFixture(specs[i]));
    }
    RuntimeException ex = assertThrows(e.type, () -> e.fn.apply(in), e.id);
    assertNotNull(ex.getMessage(), e.id);
    assertTrue(ex.getMessage().contains(e.phrase), e.id + ": message lacks \"" + e.phrase + "\": " + ex.getMessage());
    ErrorCase golden = OpCatalogFixture.ERRORS.get(e.id);
    if (e.notTorch113 == null) {
      assertNotNull(golden, e.id + ": no PyTorch message recorded; add it to tools/gen_ops_golden.py");
      assertTrue(golden.message.contains(e.phrase),
          e.id + ": the phrase is not PyTorch's; PyTorch said: " + golden.message);
    } else if (golden != null) {
      assertFalse(golden.message.contains(e.phrase), e.id + ": PyTorch's message has the phrase; drop notTorch113");
    }
  }

  // ---------------------------------------------------------------- helpers

  static List<Tensor> outputs(Object r) {
    if (r instanceof Tensor) {
      return List.of((Tensor) r);
    }
    if (r instanceof ValuesAndIndices) {
      ValuesAndIndices vi = (ValuesAndIndices) r;
      return List.of(vi.values(), vi.indices());
    }
    if (r instanceof List) {
      List<Tensor> out = new ArrayList<>();
      for (Object o : (List<?>) r) {
        out.add((Tensor) o);
      }
      return out;
    }
    throw new AssertionError("unexpected op result " + r);
  }

  private static List<Integer> wrtIndices(Case c) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < c.specs.size(); i++) {
      if (OpCatalogFixture.requiresGrad(c.specs.get(i))) {
        idx.add(i);
      }
    }
    return idx;
  }

  private static List<Tensor> gradLeaves(Case c, Tensor[] leaves) {
    List<Tensor> out = new ArrayList<>();
    for (int i : wrtIndices(c)) {
      out.add(leaves[i]);
    }
    return out;
  }

  /** L = Σ_k sum(out_k · w_k) over the outputs PyTorch weighted (its float outputs that require grad). */
  private static Tensor loss(Case c, List<Tensor> outs) {
    Tensor loss = null;
    for (Map.Entry<Integer, Data> w : c.weights.entrySet()) {
      Tensor term = outs.get(w.getKey()).mul(w.getValue().tensor()).sum();
      loss = loss == null ? term : loss.add(term);
    }
    return loss;
  }

  private static List<Tensor> gradsOf(Entry e, Case c, boolean createGraph) {
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    Tensor loss = loss(c, outputs(e.fn.apply(OpCatalogFixture.inputs(c, leaves))));
    return Autograd.grad(List.of(loss), gradLeaves(c, leaves), null, createGraph, createGraph, true);
  }

  private static void compareGrads(Entry e, Map<Integer, Data> expected, List<Tensor> actual, List<Integer> idx,
      String what, double rtol, double atol) {
    for (int i = 0; i < idx.size(); i++) {
      int leaf = idx.get(i);
      assertTrue(expected.containsKey(leaf), e.id + ": no golden " + what + " for input " + leaf);
      Data want = expected.get(leaf);
      Tensor got = actual.get(i);
      if (want == null) {
        assertTrue(isZeroOrNull(got), e.id + ": PyTorch has no " + what + " for input " + leaf + ", jgrad has " + got);
      } else if (got == null) {
        for (float v : want.values()) {
          assertEquals(0f, v, 0f, e.id + ": jgrad has no " + what + " for input " + leaf + " but PyTorch's is not 0");
        }
      } else {
        assertClose(e.id + " " + what + " of input " + leaf, want, got, rtol, atol);
      }
    }
  }

  private static boolean isZeroOrNull(Tensor t) {
    if (t == null) {
      return true;
    }
    for (float v : t.toArray()) {
      if (v != 0f) {
        return false;
      }
    }
    return true;
  }

  static boolean close(float actual, float expected, double rtol, double atol) {
    if (Float.isNaN(expected) || Float.isNaN(actual)) {
      return Float.isNaN(expected) && Float.isNaN(actual);
    }
    if (Float.isInfinite(expected) || Float.isInfinite(actual)) {
      return expected == actual;
    }
    return Math.abs((double) actual - expected) <= atol + rtol * Math.abs(expected);
  }

  static void assertClose(String what, Data expected, Tensor actual, double rtol, double atol) {
    assertSame(expected.dtype(), actual.dtype(), what + ": dtype");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape " + Arrays.toString(actual.shape()));
    float[] want = expected.values();
    float[] got = actual.toArray();
    for (int i = 0; i < want.length; i++) {
      if (!close(got[i], want[i], rtol, atol)) {
        fail(what + ": element " + i + " is " + got[i] + ", PyTorch " + want[i] + "\n  jgrad   "
            + Arrays.toString(got) + "\n  PyTorch " + Arrays.toString(want));
      }
    }
  }
}
