package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.io.File;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every layer and every loss of dev.jgrad.nn in float64: built with small arguments, converted with
 * {@code to(DType.FLOAT64)}, run forward and backward on float64 inputs; the output and every gradient are float64
 * and agree with the float32 module of the same weights to 1e-4 (relative to the tensor's largest magnitude), and
 * a float32 input to a float64 layer with parameters fails naming the dtypes or promotes to float64 (never a silent
 * float32 result). A class on the class path without a case here fails {@link #everyLayerAndLossHasACase}.
 */
class Float64ModulesTest {
  private static final double REL = 1e-4;

  /** One input: a float32 N(0, 1) draw of {@code shape}, converted to the dtype, then {@code map}ped in it. */
  private record In(int[] shape, UnaryOperator<Tensor> map, boolean grad) {}

  /** How to build the object (a Module or a loss) and call it on its inputs. */
  private record Case(Supplier<Object> make, List<In> inputs, BiFunction<Object, List<Tensor>, Tensor> run) {}

  private static In x(int... shape) {
    return new In(shape, t -> t, true);
  }

  private static In x(UnaryOperator<Tensor> map, int... shape) {
    return new In(shape, map, true);
  }

  /** A target: converted like the inputs, no gradient. */
  private static In target(UnaryOperator<Tensor> map, int... shape) {
    return new In(shape, map, false);
  }

  private static Case layer(Supplier<Object> make, In... inputs) {
    return new Case(make, List.of(inputs), (m, in) -> ((Module) m).forward(in.get(0)));
  }

  private static Case layer(Supplier<Object> make, BiFunction<Object, List<Tensor>, Tensor> run, In... inputs) {
    return new Case(make, List.of(inputs), run);
  }

  private static Case loss(Supplier<Object> make, In... inputs) {
    return new Case(make, List.of(inputs), (l, in) -> ((Loss) l).forward(in.get(0), in.get(1)));
  }

  private static final Tensor TOKENS = Tensor.ofLongs(1, 4, 0, 7, 4, 2).reshape(2, 3);
  private static final Tensor CLASSES = Tensor.ofLongs(0, 3, 4, 1);

  private static Tensor sign(Tensor t) {
    return t.gt(0).to(t.dtype()).mul(2).sub(1);
  }

  private static Tensor binary(Tensor t) {
    return t.gt(0).to(t.dtype());
  }

  static Map<String, Case> cases() {
    Map<String, Case> c = new LinkedHashMap<>();
    In img = x(2, 4, 6, 6);
    In seq = x(2, 4, 7);
    In vec = x(3, 6);
    // ---- activations and other parameter-free layers
    c.put("CELU", layer(CELU::new, vec));
    c.put("ELU", layer(ELU::new, vec));
    c.put("GELU", layer(GELU::new, vec));
    c.put("GLU", layer(GLU::new, vec));
    c.put("Hardsigmoid", layer(Hardsigmoid::new, vec));
    c.put("Hardswish", layer(Hardswish::new, vec));
    c.put("Hardtanh", layer(Hardtanh::new, vec));
    c.put("Identity", layer(Identity::new, vec));
    c.put("LeakyReLU", layer(() -> new LeakyReLU(0.1), vec));
    c.put("LogSigmoid", layer(LogSigmoid::new, vec));
    c.put("LogSoftmax", layer(() -> new LogSoftmax(1), vec));
    c.put("Mish", layer(Mish::new, vec));
    c.put("ReLU", layer(ReLU::new, vec));
    c.put("ReLU6", layer(ReLU6::new, x(t -> t.mul(4), 3, 6)));
    c.put("RReLU", layer(() -> new RReLU().eval(), vec));
    c.put("SELU", layer(SELU::new, vec));
    c.put("SiLU", layer(SiLU::new, vec));
    c.put("Sigmoid", layer(Sigmoid::new, vec));
    c.put("Softmax", layer(() -> new Softmax(1), vec));
    c.put("Softmin", layer(() -> new Softmin(1), vec));
    c.put("Softplus", layer(Softplus::new, vec));
    c.put("Softsign", layer(Softsign::new, vec));
    c.put("Tanh", layer(Tanh::new, vec));
    c.put("Tanhshrink", layer(Tanhshrink::new, vec));
    c.put("Threshold", layer(() -> new Threshold(0.1, 2.0), vec));
    c.put("Dropout", layer(() -> new Dropout(0.5).eval(), vec));
    c.put("Dropout1d", layer(() -> new Dropout1d(0.5).eval(), seq));
    c.put("Dropout2d", layer(() -> new Dropout2d(0.5).eval(), img));
    c.put("AlphaDropout", layer(() -> new AlphaDropout(0.5).eval(), vec));
    c.put("FeatureAlphaDropout", layer(() -> new FeatureAlphaDropout(0.5).eval(), img));
    c.put("Flatten", layer(Flatten::new, img));
    c.put("Unflatten", layer(() -> new Unflatten(1, 2, 3), vec));
    c.put("PixelShuffle", layer(() -> new PixelShuffle(2), img));
    c.put("PixelUnshuffle", layer(() -> new PixelUnshuffle(2), img));
    c.put("Upsample", layer(() -> new Upsample(2.0), img));
    c.put("ZeroPad2d", layer(() -> new ZeroPad2d(1), img));
    c.put("ConstantPad2d", layer(() -> new ConstantPad2d(1, 0.5), img));
    c.put("ReflectionPad2d", layer(() -> new ReflectionPad2d(1), img));
    c.put("ReplicationPad2d", layer(() -> new ReplicationPad2d(1), img));
    c.put("AvgPool1d", layer(() -> new AvgPool1d(2), seq));
    c.put("AvgPool2d", layer(() -> new AvgPool2d(2), img));
    c.put("MaxPool1d", layer(() -> new MaxPool1d(2), seq));
    c.put("MaxPool2d", layer(() -> new MaxPool2d(2), img));
    c.put("AdaptiveAvgPool1d", layer(() -> new AdaptiveAvgPool1d(3), seq));
    c.put("AdaptiveAvgPool2d", layer(() -> new AdaptiveAvgPool2d(4), img));
    c.put("AdaptiveMaxPool2d", layer(() -> new AdaptiveMaxPool2d(4), img));
    c.put("LocalResponseNorm", layer(() -> new LocalResponseNorm(2), img));
    c.put("CosineSimilarity", layer(CosineSimilarity::new,
        (m, in) -> ((CosineSimilarity) m).forward(in.get(0), in.get(1)), vec, vec));
    c.put("PairwiseDistance", layer(PairwiseDistance::new,
        (m, in) -> ((PairwiseDistance) m).forward(in.get(0), in.get(1)), vec, vec));
    // ---- layers with parameters or buffers
    c.put("Linear", layer(() -> new Linear(6, 4), vec));
    c.put("Bilinear", layer(() -> new Bilinear(6, 5, 3),
        (m, in) -> ((Bilinear) m).forward(in.get(0), in.get(1)), vec, x(3, 5)));
    c.put("PReLU", layer(() -> new PReLU(4), img));
    c.put("Conv1d", layer(() -> new Conv1d(4, 3, 3), seq));
    c.put("Conv2d", layer(() -> new Conv2d(4, 3, 3), img));
    c.put("ConvTranspose2d", layer(() -> new ConvTranspose2d(4, 3, 3), img));
    c.put("BatchNorm1d", layer(() -> new BatchNorm1d(4), seq));
    c.put("BatchNorm2d", layer(() -> new BatchNorm2d(4), img));
    c.put("BatchNorm3d", layer(() -> new BatchNorm3d(4), x(2, 4, 3, 3, 3)));
    c.put("InstanceNorm1d", layer(() -> new InstanceNorm1d(4, 1e-5, 0.1, true, true), seq));
    c.put("InstanceNorm2d", layer(() -> new InstanceNorm2d(4, 1e-5, 0.1, true, true), img));
    c.put("GroupNorm", layer(() -> new GroupNorm(2, 4), img));
    c.put("LayerNorm", layer(() -> new LayerNorm(6), vec));
    c.put("Embedding", layer(() -> new Embedding(8, 3), (m, in) -> ((Embedding) m).forward(TOKENS)));
    c.put("EmbeddingBag", layer(() -> new EmbeddingBag(8, 3), (m, in) -> ((EmbeddingBag) m).forward(TOKENS)));
    c.put("RNN", layer(() -> new RNN(3, 4), (m, in) -> ((RNN) m).forward(in.get(0), null).output(), x(5, 2, 3)));
    c.put("GRU", layer(() -> new GRU(3, 4), (m, in) -> ((GRU) m).forward(in.get(0), null).output(), x(5, 2, 3)));
    c.put("LSTM", layer(() -> new LSTM(3, 4),
        (m, in) -> ((LSTM) m).forward(in.get(0), null, null).output(), x(5, 2, 3)));
    c.put("RNNCell", layer(() -> new RNNCell(3, 4), x(2, 3)));
    c.put("GRUCell", layer(() -> new GRUCell(3, 4), x(2, 3)));
    c.put("LSTMCell", layer(() -> new LSTMCell(3, 4), x(2, 3)));
    c.put("MultiheadAttention", layer(() -> new MultiheadAttention(8, 2), x(5, 2, 8)));
    c.put("TransformerEncoderLayer", layer(() -> new TransformerEncoderLayer(8, 2, 16, 0.0, "relu", 1e-5, false,
        false), x(5, 2, 8)));
    c.put("TransformerEncoder", layer(() -> new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, 0.0, "gelu",
        1e-5, false, true), 2, new LayerNorm(8)), x(5, 2, 8)));
    c.put("TransformerDecoderLayer", layer(() -> new TransformerDecoderLayer(8, 2, 16, 0.0, "relu", 1e-5, false,
        false), (m, in) -> ((TransformerDecoderLayer) m).forward(in.get(0), in.get(1), null, null, null, null),
        x(4, 2, 8), x(5, 2, 8)));
    c.put("TransformerDecoder", layer(() -> new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16, 0.0, "relu",
        1e-5, false, false), 2, null),
        (m, in) -> ((TransformerDecoder) m).forward(in.get(0), in.get(1), null, null, null, null),
        x(4, 2, 8), x(5, 2, 8)));
    c.put("Transformer", layer(() -> new Transformer(8, 2, 1, 1, 16, 0.0, "relu", 1e-5, false, false),
        (m, in) -> ((Transformer) m).forward(in.get(0), in.get(1), null, null, null, null, null, null),
        x(5, 2, 8), x(4, 2, 8)));
    // ---- containers and parametrisations
    c.put("Sequential", layer(() -> new Sequential(new Linear(6, 5), new Tanh(), new Linear(5, 2)), vec));
    c.put("ModuleList", layer(() -> new ModuleList(new Linear(6, 5)),
        (m, in) -> ((ModuleList) m).get(0).forward(in.get(0)), vec));
    c.put("ModuleDict", layer(() -> new ModuleDict(Map.of("fc", new Linear(6, 5))),
        (m, in) -> ((ModuleDict) m).get("fc").forward(in.get(0)), vec));
    c.put("AveragedModel", layer(() -> new AveragedModel<>(new Linear(6, 4)), vec));
    c.put("WeightNorm", layer(() -> Parametrizations.weightNorm(new Linear(6, 4)), vec));
    c.put("SpectralNorm", layer(() -> Parametrizations.spectralNorm(new Linear(6, 4)), vec));
    c.put("ParametrizationList", layer(() -> Parametrizations.weightNorm(new Conv1d(4, 3, 3)), seq));
    // ---- losses
    UnaryOperator<Tensor> prob = Tensor::sigmoid;
    UnaryOperator<Tensor> logProb = t -> t.logSoftmax(1);
    c.put("BCELoss", loss(BCELoss::new, x(prob, 4, 3), target(prob, 4, 3)));
    c.put("BCEWithLogitsLoss", loss(BCEWithLogitsLoss::new, x(4, 3), target(prob, 4, 3)));
    c.put("CrossEntropyLoss", new Case(CrossEntropyLoss::new, List.of(x(4, 5)),
        (l, in) -> ((Loss) l).forward(in.get(0), CLASSES)));
    c.put("NLLLoss", new Case(NLLLoss::new, List.of(x(logProb, 4, 5)),
        (l, in) -> ((Loss) l).forward(in.get(0), CLASSES)));
    c.put("MultiMarginLoss", new Case(MultiMarginLoss::new, List.of(x(4, 5)),
        (l, in) -> ((Loss) l).forward(in.get(0), CLASSES)));
    c.put("MultiLabelMarginLoss", new Case(MultiLabelMarginLoss::new, List.of(x(2, 4)),
        (l, in) -> ((Loss) l).forward(in.get(0), Tensor.ofLongs(3, 0, -1, 1, 1, 2, 0, -1).reshape(2, 4))));
    c.put("HingeEmbeddingLoss", loss(HingeEmbeddingLoss::new, x(4, 3), target(Float64ModulesTest::sign, 4, 3)));
    c.put("HuberLoss", loss(HuberLoss::new, x(4, 3), target(t -> t, 4, 3)));
    c.put("L1Loss", loss(L1Loss::new, x(4, 3), target(t -> t, 4, 3)));
    c.put("MSELoss", loss(MSELoss::new, x(4, 3), target(t -> t, 4, 3)));
    c.put("SmoothL1Loss", loss(SmoothL1Loss::new, x(4, 3), target(t -> t, 4, 3)));
    c.put("KLDivLoss", loss(KLDivLoss::new, x(logProb, 4, 3), target(t -> t.softmax(1), 4, 3)));
    c.put("MultiLabelSoftMarginLoss", loss(MultiLabelSoftMarginLoss::new, x(4, 3),
        target(Float64ModulesTest::binary, 4, 3)));
    c.put("PoissonNLLLoss", loss(PoissonNLLLoss::new, x(4, 3), target(t -> t.exp(), 4, 3)));
    c.put("SoftMarginLoss", loss(SoftMarginLoss::new, x(4, 3), target(Float64ModulesTest::sign, 4, 3)));
    c.put("CTCLoss", new Case(CTCLoss::new, List.of(x(t -> t.logSoftmax(2), 6, 2, 4)),
        (l, in) -> ((CTCLoss) l).forward(in.get(0), Tensor.ofLongs(1, 2, 3, 3, 1, 0).reshape(2, 3),
            new int[] {6, 5}, new int[] {3, 2})));
    c.put("CosineEmbeddingLoss", new Case(CosineEmbeddingLoss::new, List.of(x(4, 5), x(4, 5),
        target(Float64ModulesTest::sign, 4)), (l, in) -> ((CosineEmbeddingLoss) l).forward(in.get(0), in.get(1),
            in.get(2))));
    c.put("GaussianNLLLoss", new Case(GaussianNLLLoss::new, List.of(x(4, 3), target(t -> t, 4, 3),
        x(t -> t.exp(), 4, 3)), (l, in) -> ((GaussianNLLLoss) l).forward(in.get(0), in.get(1), in.get(2))));
    c.put("MarginRankingLoss", new Case(MarginRankingLoss::new, List.of(x(5), x(5), target(Float64ModulesTest::sign,
        5)), (l, in) -> ((MarginRankingLoss) l).forward(in.get(0), in.get(1), in.get(2))));
    c.put("TripletMarginLoss", new Case(TripletMarginLoss::new, List.of(x(4, 5), x(4, 5), x(4, 5)),
        (l, in) -> ((TripletMarginLoss) l).forward(in.get(0), in.get(1), in.get(2))));
    return c;
  }

  /** The public concrete layers ({@link Module} subclasses) and losses (classes named *Loss) compiled into nn. */
  private static TreeSet<String> classesOnTheClassPath() throws URISyntaxException, ClassNotFoundException {
    File dir = new File(new File(Module.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
        "dev/jgrad/nn");
    TreeSet<String> out = new TreeSet<>();
    for (String file : dir.list()) {
      if (!file.endsWith(".class") || file.contains("$")) {
        continue;
      }
      String name = file.substring(0, file.length() - ".class".length());
      Class<?> k = Class.forName("dev.jgrad.nn." + name);
      boolean concrete = Modifier.isPublic(k.getModifiers()) && !Modifier.isAbstract(k.getModifiers());
      if (concrete && (Module.class.isAssignableFrom(k) || name.endsWith("Loss"))) {
        out.add(name);
      }
    }
    return out;
  }

  @Test
  void everyLayerAndLossHasACase() throws Exception {
    TreeSet<String> found = classesOnTheClassPath();
    assertTrue(found.size() > 90, "found only " + found);
    assertEquals(found, new TreeSet<>(cases().keySet()), "a layer or loss without a float64 case (or a stale one)");
  }

  @TestFactory
  Stream<DynamicTest> float64AgreesWithFloat32() {
    List<DynamicTest> tests = new ArrayList<>();
    cases().forEach((name, c) -> tests.add(DynamicTest.dynamicTest(name, () -> check(name, c))));
    return tests.stream();
  }

  private static Object build(Case c, DType dtype) {
    Tensor.manualSeed(3);
    Object o = c.make().get();
    if (o instanceof Module m && dtype == DType.FLOAT64) {
      m.to(DType.FLOAT64);
    }
    return o;
  }

  private static List<Tensor> inputs(Case c, DType dtype) {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < c.inputs().size(); i++) {
      In in = c.inputs().get(i);
      Tensor t = in.map().apply(Tensor.randn(new Generator(10 + i), in.shape()).to(dtype)).detach();
      out.add(in.grad() ? t.requiresGrad_(true) : t);
    }
    return out;
  }

  private static void check(String name, Case c) {
    Object m32 = build(c, DType.FLOAT32);
    Object m64 = build(c, DType.FLOAT64);
    List<Tensor> in32 = inputs(c, DType.FLOAT32);
    List<Tensor> in64 = inputs(c, DType.FLOAT64);
    Tensor out32 = c.run().apply(m32, in32);
    Tensor out64 = c.run().apply(m64, in64);
    assertEquals(DType.FLOAT64, out64.dtype(), name + ": output dtype");
    assertClose(name + ": output", out32, out64);
    Tensor g = Tensor.randn(new Generator(99), out32.shape());
    out32.backward(g);
    out64.backward(g.to(DType.FLOAT64));
    for (int i = 0; i < in32.size(); i++) {
      if (c.inputs().get(i).grad()) {
        assertNotNull(in64.get(i).grad(), name + ": gradient of input " + i);
        assertEquals(DType.FLOAT64, in64.get(i).grad().dtype(), name + ": gradient dtype of input " + i);
        assertClose(name + ": gradient of input " + i, in32.get(i).grad(), in64.get(i).grad());
      }
    }
    if (m64 instanceof Module module) {
      Map<String, Parameter> p32 = ((Module) m32).namedParameters();
      module.namedParameters().forEach((key, p) -> {
        assertEquals(DType.FLOAT64, p.dtype(), name + ": " + key);
        if (p32.get(key).grad() != null) {
          assertEquals(DType.FLOAT64, p.grad().dtype(), name + ": gradient dtype of " + key);
          assertClose(name + ": gradient of " + key, p32.get(key).grad(), p.grad());
        }
      });
      if (!module.parameters().isEmpty()) {
        checkFloat32InputRefusedOrPromoted(name, c, m64);
      }
    }
  }

  /** A float32 input to a float64 layer: PyTorch's dtype error, or a float64 result where PyTorch promotes. */
  private static void checkFloat32InputRefusedOrPromoted(String name, Case c, Object m64) {
    List<Tensor> in32 = inputs(c, DType.FLOAT32);
    try {
      Tensor out = c.run().apply(m64, in32);
      assertEquals(DType.FLOAT64, out.dtype(), name + ": a float32 input gave a float32 result from a float64 layer");
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      String m = String.valueOf(e.getMessage());
      String lower = m.toLowerCase(java.util.Locale.ROOT);
      assertTrue(lower.contains("double") || lower.contains("float64") || lower.contains("dtype"),
          name + ": the message names no dtype: " + m);
    }
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + ": shape");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    double scale = 1e-6;
    for (double v : e) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < e.length; i++) {
      int at = i;
      assertTrue(Math.abs(a[i] - e[i]) <= REL * scale || (Double.isNaN(e[i]) && Double.isNaN(a[i])),
          () -> what + " [" + at + "]: float32 " + e[at] + ", float64 " + a[at]);
    }
  }
}
