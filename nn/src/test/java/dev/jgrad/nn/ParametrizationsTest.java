package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weight and spectral normalisation against PyTorch (fixtures: tools/gen_parametrizations_golden.py). */
class ParametrizationsTest {
  private static final Golden G = Golden.of("parametrizations.txt");

  /** State after registration, then forward and every gradient, as the script records them. */
  private static void check(String c, Module m) {
    assertEquals(G.string(c + ".keys"), String.join(" ", m.stateDict().keySet()));
    assertEquals(G.string(c + ".repr"), m.toString());
    for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
      assertClose(c + ".state." + e.getKey(), G.tensor(c + ".state." + e.getKey()), e.getValue(), 1e-5, 1e-6);
    }
    Tensor x = G.tensor(c + ".x").requiresGrad_(true);
    Tensor y = m.forward(x);
    assertClose(c + ".y", G.tensor(c + ".y"), y, 1e-5, 1e-6);
    y.backward(G.tensor(c + ".g"));
    assertClose(c + ".grad_x", G.tensor(c + ".grad_x"), x.grad(), 1e-5, 1e-5);
    assertClose(c + ".weight", G.tensor(c + ".weight"), m.tensor("weight"), 1e-5, 1e-6);
    for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
      assertClose(c + ".grad." + e.getKey(), G.tensor(c + ".grad." + e.getKey()), e.getValue().grad(), 1e-4, 1e-5);
    }
    for (Map.Entry<String, Tensor> e : m.buffers().entrySet()) {
      assertClose(c + ".after." + e.getKey(), G.tensor(c + ".after." + e.getKey()), e.getValue(), 1e-5, 1e-6);
    }
  }

  @Test
  void weightNormSplitsMagnitudeAndDirectionLikeTorch() {
    Tensor.manualSeed(0);
    check("wn_linear", Parametrizations.weightNorm(new Linear(4, 3)));
    Tensor.manualSeed(1);
    check("wn_linear_whole", Parametrizations.weightNorm(new Linear(4, 3), "weight", null));
    Tensor.manualSeed(2);
    check("wn_conv", Parametrizations.weightNorm(new Conv2d(2, 3, 2)));
  }

  @Test
  void spectralNormDrawsItsVectorsFromTheStreamAndIteratesOnlyInTraining() {
    Tensor.manualSeed(3);
    Linear sn = Parametrizations.spectralNorm(new Linear(5, 4));
    check("sn_linear", sn);
    sn.eval();
    assertClose("eval_y", G.tensor("sn_linear.eval_y"), sn.forward(Tensor.randn(new Generator(5), 3, 5)), 1e-5,
        1e-6);
    for (Map.Entry<String, Tensor> e : sn.buffers().entrySet()) {
      assertClose("eval " + e.getKey(), G.tensor("sn_linear.eval_after." + e.getKey()), e.getValue(), 1e-5, 1e-6);
    }
    Tensor.manualSeed(4);
    check("sn_linear_dim1", Parametrizations.spectralNorm(new Linear(5, 4), "weight", 3, 1e-12, 1));
    Tensor.manualSeed(5);
    check("sn_conv", Parametrizations.spectralNorm(new Conv2d(2, 3, 2), "weight", 1, 1e-6, null));
    Tensor.manualSeed(6);
    check("sn_big", Parametrizations.spectralNorm(new Linear(20, 18)));
  }

  @Test
  void spectralNormKeepsTheOriginalParameterObjectAndLoadsItsState() {
    Tensor.manualSeed(3);
    Linear fc = new Linear(5, 4);
    Parameter w = fc.weight();
    Parametrizations.spectralNorm(fc);
    ParametrizationList list = fc.parametrization("weight");
    assertSame(w, list.originals().get(0), "the optimiser's reference stays valid");
    assertTrue(fc.parameters().contains(w));
    Tensor.manualSeed(3);
    Linear copy = Parametrizations.spectralNorm(new Linear(5, 4));
    copy.loadStateDict(fc.stateDict());
    // In evaluation no power iteration runs, so both read the same u, v.
    assertExact("loaded", fc.eval().tensor("weight").detach(), copy.eval().tensor("weight").detach());
  }

  @Test
  void removingLeavesTheValueOrRestoresTheOriginal() {
    Tensor.manualSeed(7);
    Linear m = Parametrizations.weightNorm(new Linear(3, 2));
    Parametrizations.removeParametrizations(m, "weight", true);
    assertEquals(G.string("wn_removed.keys"), String.join(" ", m.stateDict().keySet()));
    assertEquals(G.string("wn_removed.repr"), m.toString());
    assertClose("wn_removed", G.tensor("wn_removed.weight"), m.tensor("weight"), 1e-6, 1e-7);
    assertFalse(Parametrizations.isParametrized(m, "weight"));
    Tensor.manualSeed(8);
    Linear s = Parametrizations.spectralNorm(new Linear(3, 2));
    Parametrizations.removeParametrizations(s, "weight", false);
    assertExact("original back", G.tensor("sn_removed_original.expected"), s.tensor("weight"));
    assertExact("torch's", G.tensor("sn_removed_original.weight"), s.tensor("weight"));
  }

  @Test
  void gradientsOfTheOriginalsPassGradCheck() {
    Tensor.manualSeed(11);
    Linear wn = Parametrizations.weightNorm(new Linear(3, 2));
    List<Tensor> originals = wn.parametrization("weight").originals();
    Tensor x = Tensor.randn(4, 3);
    GradCheck.Result r = GradCheck.builder().atol(1e-2).rtol(1e-2).raiseException(false).check(in -> {
      WeightNorm p = (WeightNorm) wn.parametrization("weight").chain().get(0);
      return x.linear(p.apply(in), null);
    }, List.of(originals.get(0).detach().requiresGrad_(true), originals.get(1).detach().requiresGrad_(true)));
    assertTrue(r.passed(), r.toString());
  }

  @Test
  void parametersToVectorAndBackMatchTorch() {
    Tensor.manualSeed(9);
    Sequential model = new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1));
    Tensor vec = ParameterVectors.parametersToVector(model.parameters());
    assertExact("vector", G.tensor("vector.value"), vec);
    assertEquals(G.string("vector.grad_fn"), vec.gradFn().name());
    vec.mul(Tensor.randn(new Generator(10), vec.numel())).sum().backward();
    model.namedParameters().forEach((name, p) -> assertClose(name, G.tensor("vector.grad." + name), p.grad()));
    ParameterVectors.vectorToParameters(Tensor.arange(vec.numel()).to(DType.FLOAT32).div(10),
        model.parameters());
    model.namedParameters().forEach((name, p) -> assertExact(name, G.tensor("vector.back." + name), p));
  }

  @Test
  void badArgumentsAreRefusedWithTorchsPhrases() {
    List<Parameter> params = new Linear(2, 3).parameters();
    Tensor before = params.get(0).detach().clone();
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> ParameterVectors.vectorToParameters(Tensor.zeros(4), params)).getMessage(),
        "vectorToParameters", G.string("err.vector_short"));
    assertExact("unchanged", before, params.get(0));
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> ParameterVectors.parametersToVector(List.of())).getMessage(), "expected a non-empty list of Tensors");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Parametrizations.spectralNorm(new Linear(2, 3), "weight", 0, 1e-12, null)).getMessage(),
        "spectralNorm", G.string("err.sn_iterations"));
    assertContains(assertThrows(IndexOutOfBoundsException.class,
        () -> Parametrizations.spectralNorm(new Linear(2, 3), "weight", 1, 1e-12, 2)).getMessage(),
        "spectralNorm", G.string("err.sn_dim"));
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Parametrizations.removeParametrizations(new Linear(2, 3), "weight", true)).getMessage(),
        "removeParametrizations", "does not have a parametrization on weight");
    assertContains(assertThrows(IllegalArgumentException.class, () -> Parametrizations.removeParametrizations(
        Parametrizations.weightNorm(new Linear(2, 3)), "weight", false)).getMessage(), G.string("err.remove_sequence"));
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Parametrizations.weightNorm(new Linear(2, 3), "bias2", 0)).getMessage(),
        "weightNorm", "has no parameter or buffer with name 'bias2'");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Parametrizations.registerParametrization(new Linear(2, 3, false), "bias", new WeightNorm(0)))
        .getMessage(), "does not have a parameter, a buffer, or a parametrized element with name 'bias'");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new Linear(2, 3).tensor("nope")).getMessage(),
        "'Linear' object has no attribute 'nope'");
  }
}
