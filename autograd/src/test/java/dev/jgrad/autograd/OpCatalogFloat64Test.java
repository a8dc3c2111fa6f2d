package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.autograd.OpCatalog.Entry;
import dev.jgrad.autograd.OpCatalog.Grad;
import dev.jgrad.autograd.OpCatalogFixture.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The op catalogue's differentiable cases in float64: each case's float inputs converted to float64 (exactly) and
 * its gradients checked against central differences with {@link GradCheck}'s float64 defaults (eps 1e-6, atol 1e-5,
 * rtol 1e-3), one dynamic test per case. A case the float32 check skips ({@link Entry#noFd}) runs here too: its
 * float inputs are first moved off the kink or tie it sits on by distinct offsets below 1e-3 (a tie broken, a bound
 * left), unless its gradient differs from the derivative by definition ({@link #NOT_THE_DERIVATIVE}).
 */
class OpCatalogFloat64Test {
  /** Cases whose gradient is not the derivative anywhere near the sample: skipped with their reason. */
  private static final java.util.Set<String> NOT_THE_DERIVATIVE = java.util.Set.of(
      "embedding_pad", "embedding_negpad",   // the padding row gets no gradient
      "embeddingBag_freq",                   // scale_grad_by_freq scales the gradient
      "var_one");                            // the unbiased variance of one element is NaN

  @TestFactory
  Stream<DynamicTest> gradCheckInFloat64() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Entry e : OpCatalog.entries()) {
      if (e.grad == Grad.RULE) {
        tests.add(DynamicTest.dynamicTest(e.id, () -> check(e)));
      }
    }
    return tests.stream();
  }

  private static void check(Entry e) {
    assumeTrue(!NOT_THE_DERIVATIVE.contains(e.id), e.noFd);
    Case c = OpCatalogFixture.CASES.get(e.id);
    assertNotNull(c, e.id + ": no golden case");
    assumeTrue(!c.weights.isEmpty());
    Tensor[] leaves = OpCatalogFixture.leaves(c);
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < leaves.length; i++) {
      if (leaves[i].dtype() == DType.FLOAT32) {
        Tensor x = leaves[i].detach().to(DType.FLOAT64);
        if (e.noFd != null) {
          Tensor offsets = Tensor.arange(1.0, x.numel() + 1.0, 1.0, DType.FLOAT64).mul(1e-3 / (x.numel() + 1));
          x = x.add(offsets.reshape(x.shape()));
        }
        leaves[i] = x.detach().requiresGrad_(OpCatalogFixture.requiresGrad(c.specs.get(i)));
      }
      if (OpCatalogFixture.requiresGrad(c.specs.get(i))) {
        idx.add(i);
      }
    }
    List<Tensor> wrt = new ArrayList<>();
    for (int i : idx) {
      wrt.add(leaves[i]);
    }
    assumeTrue(wrt.stream().allMatch(t -> t.numel() > 0), "an empty input has no finite differences");
    Function<List<Tensor>, Tensor> f = checked -> {
      Tensor[] all = leaves.clone();
      for (int i = 0; i < idx.size(); i++) {
        all[idx.get(i)] = checked.get(i);
      }
      List<Tensor> outs = OpCatalogTest.outputs(e.fn.apply(OpCatalogFixture.inputs(c, all)));
      List<Tensor> flat = new ArrayList<>();
      for (int k : c.weights.keySet()) {
        flat.add(outs.get(k).reshape(-1));
      }
      return Tensor.cat(flat, 0);
    };
    Tensor out = f.apply(wrt);
    assumeTrue(out.numel() > 0, "an empty output has no finite differences");
    assertTrue(out.dtype() == DType.FLOAT64, e.id + ": a float64 input gave a " + out.dtype() + " output");
    GradCheck.Result r = GradCheck.builder().raiseException(false).check(f, wrt);
    assertTrue(r.passed(), e.id + ": " + r.message());
  }
}
