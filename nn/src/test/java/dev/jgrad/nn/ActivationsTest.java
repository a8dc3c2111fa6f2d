package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The activation layers against PyTorch (fixtures: tools/gen_activations_golden.py). */
class ActivationsTest {
  private static final Golden G = Golden.of("activations.txt");

  /** Case name in the fixture → a fresh layer configured as in the script. */
  static Map<String, Supplier<Module>> layers() {
    Map<String, Supplier<Module>> m = new LinkedHashMap<>();
    m.put("softplus", Softplus::new);
    m.put("softplus_beta", () -> new Softplus(2, 1));
    m.put("elu", ELU::new);
    m.put("elu_alpha", () -> new ELU(0.5));
    m.put("celu", CELU::new);
    m.put("celu_alpha", () -> new CELU(0.5));
    m.put("selu", SELU::new);
    m.put("glu", GLU::new);
    m.put("hardtanh", Hardtanh::new);
    m.put("hardtanh_bounds", () -> new Hardtanh(-2.0, 1.5));
    m.put("relu6", ReLU6::new);
    m.put("rrelu_eval", () -> new RReLU(0.1, 0.3).eval());
    m.put("mish", Mish::new);
    m.put("hardswish", Hardswish::new);
    m.put("hardsigmoid", Hardsigmoid::new);
    m.put("softsign", Softsign::new);
    m.put("tanhshrink", Tanhshrink::new);
    m.put("threshold", () -> new Threshold(0.1, 20));
    m.put("logsigmoid", LogSigmoid::new);
    m.put("softmin", () -> new Softmin(1));
    m.put("softmin_implicit", Softmin::new);
    return m;
  }

  static List<String> layerNames() {
    return List.copyOf(layers().keySet());
  }

  @ParameterizedTest
  @MethodSource("layerNames")
  void forwardAndInputGradientMatchTorchAndSoDoesTheRepr(String name) {
    Module m = layers().get(name).get();
    G.checkLayer(name, m);
    assertEquals(G.string("repr." + name), m.toString());
  }

  @Test
  void gluHalvesTheChosenDim() {
    G.checkLayer("glu_dim0", new GLU(0));
    assertArrayEquals(new int[] {2, 3}, new GLU(0).forward(Tensor.zeros(4, 3)).shape());
    assertArrayEquals(new int[] {4, 1}, new GLU().forward(Tensor.zeros(4, 2)).shape());
  }

  @Test
  void preluLearnsOneSlopePerChannelOrOneSharedAndInitialisesLikeTorch() {
    G.checkLayer("prelu", new PReLU(3), "weight");
    G.checkLayer("prelu_one", new PReLU(), "weight");
    assertExact("prelu_init.weight", G.tensor("prelu_init.weight"), new PReLU(4, 0.1).weight());
    assertEquals(G.string("prelu_state_dict_keys"), String.join(" ", new PReLU(3).stateDict().keySet()));
    assertEquals(G.string("repr.prelu"), new PReLU(3).toString());
    assertEquals(G.string("repr.prelu_default"), new PReLU().toString());
    assertEquals(0.25f, new PReLU().weight().item());
  }

  @Test
  void rreluDrawsTorchsSlopesFromTheGlobalGeneratorInTraining() {
    Tensor.manualSeed(3);
    G.checkLayer("rrelu_train", new RReLU(0.1, 0.3));
    Tensor.manualSeed(3);
    Tensor y = new RReLU().forward(Tensor.randn(new Generator(17), 6));   // the script's randn(6, seed=17)
    assertExact("rrelu_default_train.y", G.tensor("rrelu_default_train.y"), y);
    assertExact("rrelu_default_train.after", G.tensor("rrelu_default_train.after"), Tensor.rand(2));
    assertEquals(G.string("repr.rrelu"), new RReLU().toString());
    assertEquals(G.string("repr.rrelu_bounds"), new RReLU(0.1, 0.3).toString());
  }

  @Test
  void reprsOfOtherConfigurationsAndAContainerMatchTorch() {
    assertEquals(G.string("repr.threshold_int"), new Threshold(1, 2).toString());
    assertEquals(G.string("repr.softplus_float"), new Softplus(0.5, 10.5).toString());
    Sequential seq = new Sequential(new Linear(2, 4), new PReLU(4), new Hardswish(), new GLU(), new Softmin(-1));
    assertEquals(G.string("repr.seq"), seq.toString());
  }

  @Test
  void functionalFormsEqualTheLayers() {
    Tensor x = Tensor.randn(new Generator(5), 3, 4);
    assertExact("softplus", new Softplus().forward(x), Functional.softplus(x));
    assertExact("relu6", new ReLU6().forward(x.mul(4)), Functional.hardtanh(x.mul(4), 0, 6));
    assertExact("elu", new ELU(0.3).forward(x), Functional.elu(x, 0.3));
    assertExact("logSigmoid", new LogSigmoid().forward(x), Functional.logSigmoid(x));
    assertExact("softmin", new Softmin(0).forward(x), Functional.softmin(x, 0));
    assertExact("rrelu eval", new RReLU(0.2, 0.4).eval().forward(x), x.leakyRelu(0.3f));
    Tensor labels = Tensor.ofLongs(0, 2, 1);
    assertExact("oneHot", Functional.oneHot(labels, 3), Functional.oneHot(labels));
    assertEquals(DType.INT64, Functional.oneHot(labels).dtype());
    assertArrayEquals(new int[] {3, 3}, Functional.oneHot(labels).shape());
  }

  @Test
  void gradientsPassGradCheck() {
    Tensor x = Tensor.of(new float[] {-2.1f, -0.7f, 0.4f, 1.3f, 2.6f, -3.4f}, 2, 3).requiresGrad_(true);
    List<Function<Tensor, Tensor>> fns = List.of(
        Functional::softsign, Functional::tanhshrink, Functional::mish, Functional::hardswish,
        Functional::logSigmoid, Functional::selu, t -> Functional.celu(t, 0.7), t -> Functional.softmin(t, 1),
        t -> Functional.hardtanh(t, -1.5, 2.0), t -> Functional.threshold(t, 0.5, -1));
    for (var f : fns) {
      GradCheck.Result r = GradCheck.builder().atol(1e-2).rtol(1e-2).raiseException(false)
          .check(in -> f.apply(in.get(0)), List.of(x));
      assertTrue(r.passed(), r.toString());
    }
    Tensor w = Tensor.of(0.2f, -0.4f, 0.1f).requiresGrad_(true);
    GradCheck.Result r = GradCheck.builder().atol(1e-2).rtol(1e-2).raiseException(false)
        .check(in -> Functional.prelu(in.get(0), in.get(1)), List.of(x, w));
    assertTrue(r.passed(), r.toString());
  }

  @Test
  void badArgumentsAreRefusedWithTorchsPhrases() {
    assertContains(assertThrows(IllegalArgumentException.class, () -> new CELU(0)).getMessage(),
        "CELU", "alpha cannot be 0 for CELU");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.celu(Tensor.of(1f), 0)).getMessage(), "celu", "alpha cannot be 0 for CELU");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new Hardtanh(2, 1)).getMessage(),
        "Hardtanh", "max_val must be greater than min_val", "min_val=2.0", "max_val=1.0");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new GLU().forward(Tensor.zeros(2, 5))).getMessage(),
        "Halving dimension must be even, but dimension 1 is size 5", "[2, 5]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new PReLU(3).forward(Tensor.zeros(2, 4))).getMessage(),
        "Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 4.");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new PReLU(-1)).getMessage(),
        "PReLU", "Trying to create tensor with negative dimension -1: [-1]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new RReLU(0.5, 0.1).forward(Tensor.zeros(3))).getMessage(),
        "rrelu", "Lower bound should be less than or equal to the upper bound");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.oneHot(Tensor.of(1f, 2f))).getMessage(), "one_hot is only applicable to index tensor.");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.oneHot(Tensor.ofLongs(1, 5), 3)).getMessage(),
        "Class values must be smaller than num_classes.");
  }
}
