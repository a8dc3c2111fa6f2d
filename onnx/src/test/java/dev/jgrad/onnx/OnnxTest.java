package dev.jgrad.onnx;

import static dev.jgrad.onnx.OrtRunner.assertSameOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.AdaptiveAvgPool1d;
import dev.jgrad.nn.AdaptiveAvgPool2d;
import dev.jgrad.nn.AlphaDropout;
import dev.jgrad.nn.AvgPool1d;
import dev.jgrad.nn.AvgPool2d;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.CELU;
import dev.jgrad.nn.Conv1d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Dropout2d;
import dev.jgrad.nn.ELU;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.GELU;
import dev.jgrad.nn.GRU;
import dev.jgrad.nn.Hardsigmoid;
import dev.jgrad.nn.Hardswish;
import dev.jgrad.nn.Hardtanh;
import dev.jgrad.nn.Identity;
import dev.jgrad.nn.LSTM;
import dev.jgrad.nn.LayerNorm;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.LogSigmoid;
import dev.jgrad.nn.LogSoftmax;
import dev.jgrad.nn.MaxPool1d;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Mish;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.PReLU;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.ReLU6;
import dev.jgrad.nn.SELU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.SiLU;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Softmax;
import dev.jgrad.nn.Softplus;
import dev.jgrad.nn.Softsign;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.Tanhshrink;
import dev.jgrad.nn.Threshold;
import dev.jgrad.onnx.proto.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every exported model is loaded in ONNX Runtime, whose outputs must match jgrad's within 1e-5. */
class OnnxTest {
  @TempDir
  Path dir;

  @AfterAll
  static void report() {
    System.out.println("OnnxTest: max abs difference against ONNX Runtime " + OrtRunner.maxDifference());
  }

  private Path export(Module model, Tensor example) throws Exception {
    Path file = dir.resolve("model.onnx");
    Onnx.export(model, example, file);
    return file;
  }

  @Test
  void mlpMatchesOnnxRuntime() throws Exception {
    Tensor.manualSeed(0);
    Module mlp = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 16), new Tanh(), new Linear(16, 3));
    Path file = export(mlp, Tensor.randn(2, 4));
    assertSameOutput(mlp, file, "input", Tensor.randn(2, 4));
  }

  @Test
  void float64ModelsExportInDouble() throws Exception {
    Tensor.manualSeed(0);
    Module mlp = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 16), new Tanh(), new Linear(16, 3))
        .to(DType.FLOAT64);
    Path file = dir.resolve("mlp64.onnx");
    Onnx.export(mlp, Tensor.randn(2, 4).to(DType.FLOAT64), file,
        ExportOptions.defaults().withInputStandardization(new float[] {0.5f, 0, 0, 0}, new float[] {2, 1, 1, 1}));
    Tensor x = Tensor.randn(5, 4).to(DType.FLOAT64);
    Tensor expected;
    try (Autograd.Scope g = Autograd.noGrad()) {
      expected = mlp.forward(x.sub(Tensor.ofDoubles(0.5, 0, 0, 0)).div(Tensor.ofDoubles(2, 1, 1, 1)));
    }
    OrtRunner.assertClose(expected, OrtRunner.run(file, "input", x), 1e-12);   // double all the way
    Module mixed = new Sequential(new Linear(4, 3), new Linear(3, 2).to(DType.FLOAT64));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(mixed, Tensor.randn(2, 4), dir.resolve("mixed.onnx")));
    assertTrue(e.getMessage().contains("mixes torch.float32 and torch.float64 tensors ('1.weight' is torch.float64)"),
        e.getMessage());
  }

  @Test
  void smallCnnMatchesOnnxRuntime() throws Exception {
    Tensor.manualSeed(1);
    Module cnn = new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(4 * 4 * 4, 10));
    cnn.train();
    cnn.forward(Tensor.randn(8, 1, 8, 8)); // running statistics away from their initial 0 and 1
    Path file = export(cnn, Tensor.randn(3, 1, 8, 8));
    assertTrue(cnn.isTraining(), "export leaves the model in the mode it found it");
    assertSameOutput(cnn, file, "input", Tensor.randn(3, 1, 8, 8));
  }

  @Test
  void batchDimensionIsDynamic() throws Exception {
    Tensor.manualSeed(2);
    Module cnn = new Sequential(new Conv2d(2, 3, 3), new ReLU(), new AdaptiveAvgPool2d(1), new Flatten(),
        new Linear(3, 2));
    Path file = export(cnn, Tensor.randn(2, 2, 6, 6));
    for (int batch : new int[] {1, 5, 17}) {
      assertSameOutput(cnn, file, "input", Tensor.randn(batch, 2, 6, 6));
    }
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
    assertEquals("batch", model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    assertEquals("batch", model.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    assertEquals(17, model.getOpsetImport(0).getVersion());
  }

  static Stream<Arguments> layers() {
    return Stream.of(
        layer("Linear", () -> new Linear(5, 3), 4, 5),
        layer("Linear without bias", () -> new Linear(5, 3, false), 4, 5),
        layer("Linear on 3-D input", () -> new Linear(5, 3), 2, 4, 5),
        layer("Conv1d", () -> new Conv1d(3, 4, 3, 2, 1, 1, 1, true), 2, 3, 9),
        layer("Conv1d same, dilated", () -> new Conv1d(3, 4, 4, 1, "same", 2, 1, true), 2, 3, 9),
        layer("Conv2d grouped, no bias", () -> new Conv2d(4, 4, 3, 1, 1, 1, 2, false, "zeros"), 2, 4, 6, 6),
        layer("Conv2d reflect", () -> new Conv2d(2, 3, 3, 1, 1, 1, 1, true, "reflect"), 2, 2, 5, 5),
        layer("Conv2d replicate", () -> new Conv2d(2, 3, 3, 2, 2, 1, 1, true, "replicate"), 2, 2, 5, 5),
        layer("MaxPool1d", () -> new MaxPool1d(3, 2, 1, 1, false), 2, 3, 9),
        layer("MaxPool2d", () -> new MaxPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0},
            new int[] {1, 2}, false), 2, 3, 7, 6),
        layer("MaxPool2d ceil_mode", () -> new MaxPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
            new int[] {1, 1}, true), 2, 3, 7, 7),
        // the last window would start in the padding: PyTorch drops it
        layer("MaxPool1d ceil_mode, last window in the padding", () -> new MaxPool1d(2, 2, 1, 1, true), 2, 3, 5),
        layer("AvgPool1d", () -> new AvgPool1d(3, 2, 1, false, true), 2, 3, 9),
        layer("AvgPool1d ceil_mode", () -> new AvgPool1d(2, 2, 1, true, true), 2, 3, 6),
        layer("AvgPool1d ceil_mode, last window in the padding", () -> new AvgPool1d(2, 2, 1, true, true), 2, 3, 5),
        layer("AvgPool2d count_include_pad=False", () -> new AvgPool2d(new int[] {3, 3}, new int[] {2, 2},
            new int[] {1, 1}, false, false), 2, 3, 7, 7),
        layer("AdaptiveAvgPool1d(1)", () -> new AdaptiveAvgPool1d(1), 2, 3, 7),
        layer("AdaptiveAvgPool2d(2)", () -> new AdaptiveAvgPool2d(2), 2, 3, 6, 4),
        layer("BatchNorm1d", () -> trained(new BatchNorm1d(5), 8, 5), 4, 5),
        layer("BatchNorm1d on 3-D input", () -> trained(new BatchNorm1d(3, 1e-3, 0.5, false, true), 8, 3, 4),
            2, 3, 4),
        layer("BatchNorm2d", () -> trained(new BatchNorm2d(3), 4, 3, 5, 5), 2, 3, 5, 5),
        layer("LayerNorm", () -> new LayerNorm(6), 2, 3, 6),
        layer("LayerNorm over two dims, no affine", () -> new LayerNorm(new int[] {3, 6}, 1e-3, false), 2, 3, 6),
        layer("ReLU", ReLU::new, 3, 7),
        layer("LeakyReLU", () -> new LeakyReLU(0.2), 3, 7),
        layer("Sigmoid", Sigmoid::new, 3, 7),
        layer("Tanh", Tanh::new, 3, 7),
        layer("GELU", GELU::new, 3, 7),
        layer("GELU tanh", () -> new GELU("tanh"), 3, 7),
        layer("ELU", () -> new ELU(0.7), 3, 7),
        layer("CELU", () -> new CELU(1.3), 3, 7),
        layer("SELU", SELU::new, 3, 7),
        layer("Softplus", Softplus::new, 3, 7),
        layer("Softplus beta 2, threshold 1", () -> new Softplus(2, 1), 3, 7),
        layer("Softsign", Softsign::new, 3, 7),
        layer("Hardtanh", () -> new Hardtanh(-0.5, 0.8), 3, 7),
        layer("ReLU6", ReLU6::new, 3, 7),
        layer("Hardsigmoid", Hardsigmoid::new, 3, 7),
        layer("Hardswish", Hardswish::new, 3, 7),
        layer("PReLU", () -> new PReLU(), 3, 7),
        layer("PReLU per channel", () -> new PReLU(3, 0.1), 2, 3, 4, 4),
        layer("SiLU", SiLU::new, 3, 7),
        layer("Mish", Mish::new, 3, 7),
        layer("LogSigmoid", LogSigmoid::new, 3, 7),
        layer("Tanhshrink", Tanhshrink::new, 3, 7),
        layer("Threshold", () -> new Threshold(0.1, -2), 3, 7),
        layer("Softmax", () -> new Softmax(1), 3, 7),
        layer("LogSoftmax on the last dim", () -> new LogSoftmax(-1), 2, 3, 7),
        layer("Flatten", Flatten::new, 2, 3, 4, 5),
        layer("Flatten 1..2", () -> new Flatten(1, 2), 2, 3, 4, 5),
        layer("Flatten 2..3", () -> new Flatten(2, 3), 2, 3, 4, 5),
        layer("Identity", Identity::new, 3, 7),
        layer("Dropout", () -> new Dropout(0.5), 3, 7),
        layer("Dropout2d", () -> new Dropout2d(0.3), 2, 3, 4, 4),
        layer("AlphaDropout", () -> new AlphaDropout(0.2), 3, 7));
  }

  private static Arguments layer(String name, Supplier<Module> layer, int... inputShape) {
    return Arguments.of(name, layer, inputShape);
  }

  /** The module after two training batches, so its running statistics are not the initial 0 and 1. */
  private static Module trained(Module m, int... shape) {
    m.forward(Tensor.randn(shape).mul(2).add(0.5));
    m.forward(Tensor.randn(shape).mul(3).add(-1));
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void layerMatchesOnnxRuntime(String name, Supplier<Module> layer, int[] inputShape) throws Exception {
    Tensor.manualSeed(name.hashCode());
    Module m = layer.get();
    // in memory: the file's fsync would take most of the time of these tests
    byte[] onnx = Onnx.toModel(m, Tensor.randn(inputShape).mul(3), ExportOptions.defaults()).toByteArray();
    int[] other = inputShape.clone();
    other[0] += 2;
    assertSameOutput(m, onnx, "input", Tensor.randn(other).mul(3));
  }

  @Test
  void embeddingTakesInt64Indices() throws Exception {
    Tensor.manualSeed(3);
    Module m = new Sequential(new Embedding(10, 4), new Flatten(), new Linear(12, 2));
    Tensor indices = Tensor.of(new float[] {1, 9, 0, 4, 4, 2}, 2, 3).to(DType.INT64);
    Path file = export(m, indices);
    assertSameOutput(m, file, "input", Tensor.of(new float[] {3, 3, 7, 0, 1, 2, 8, 6, 5}, 3, 3).to(DType.INT64));
  }

  @Test
  void optionsNameTheInputAndOutputAndAddMetadata() throws Exception {
    Tensor.manualSeed(4);
    Module m = new Sequential(new Linear(3, 2), new Softmax(1));
    Path file = dir.resolve("named.onnx");
    Onnx.export(m, Tensor.randn(1, 3), file, ExportOptions.defaults().withInputName("features")
        .withOutputName("probabilities").withOpset(21).withMetadata("classes", "[\"a\",\"b\"]"));
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
    assertEquals("features", model.getGraph().getInput(0).getName());
    assertEquals("probabilities", model.getGraph().getOutput(0).getName());
    assertEquals(21, model.getOpsetImport(0).getVersion());
    assertEquals("classes", model.getMetadataProps(0).getKey());
    assertEquals("[\"a\",\"b\"]", model.getMetadataProps(0).getValue());
    assertSameOutput(m, file, "features", Tensor.randn(4, 3));
  }

  @Test
  void preprocessingAndPostprocessingRunInTheGraph() throws Exception {
    Tensor.manualSeed(5);
    Module m = new Sequential(new Linear(3, 1));
    float[] fill = {0.5f, Float.NaN, -1f};
    float[] center = {1f, 2f, 3f};
    float[] scale = {2f, 0.5f, 4f};
    Path file = dir.resolve("pre.onnx");
    Onnx.export(m, Tensor.randn(1, 3), file, ExportOptions.defaults().withInputFill(fill)
        .withInputStandardization(center, scale).withOutputAffine(10f, 7f));
    Tensor raw = Tensor.of(new float[][] {{Float.NaN, 1, Float.NaN}, {3, 4, 5}});
    Tensor filled = Tensor.of(new float[][] {{0.5f, 1, -1}, {3, 4, 5}});
    Tensor expected = m.forward(filled.sub(Tensor.of(center)).div(Tensor.of(scale))).detach().mul(10).add(7);
    OrtRunner.assertClose(expected, OrtRunner.run(file, "input", raw));
  }

  @Test
  void unsupportedModuleIsNamedWithItsPath() {
    Module m = new Sequential(new Sequential(new Linear(3, 3), new LSTM(3, 4)), new Linear(4, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(m, Tensor.randn(2, 3), dir.resolve("lstm.onnx")));
    assertEquals("ONNX export does not support module LSTM (at path '0.1')", e.getMessage());
    assertFalse(Files.exists(dir.resolve("lstm.onnx")), "nothing is written");
    IllegalArgumentException top = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(new GRU(3, 4), Tensor.randn(2, 3), dir.resolve("gru.onnx")));
    assertEquals("ONNX export does not support module GRU (at path '')", top.getMessage());
  }

  @Test
  void unsupportedSettingsAreNamed() {
    IllegalArgumentException circular = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(new Sequential(new Conv2d(1, 1, 3, 1, 1, 1, 1, true, "circular")), Tensor.randn(1, 1, 4, 4),
            dir.resolve("c.onnx")));
    assertTrue(circular.getMessage().contains("Conv2d with padding_mode='circular'"), circular.getMessage());
    assertTrue(circular.getMessage().contains("at path '0'"), circular.getMessage());
    IllegalArgumentException noStats = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(new BatchNorm1d(3, 1e-5, 0.1, true, false), Tensor.randn(2, 3), dir.resolve("b.onnx")));
    assertTrue(noStats.getMessage().contains("BatchNorm1d with track_running_stats=False"), noStats.getMessage());
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(new Flatten(0, -1), Tensor.randn(2, 3), dir.resolve("f.onnx")));
    assertTrue(batch.getMessage().contains("Flatten with start_dim=0"), batch.getMessage());
    IllegalArgumentException adaptive = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(new AdaptiveAvgPool1d(3), Tensor.randn(2, 2, 7), dir.resolve("a.onnx")));
    assertTrue(adaptive.getMessage().contains("input size 7 that is not a multiple of the output size 3"),
        adaptive.getMessage());
  }

  @Test
  void badExampleAndOptionsAreRefused() {
    IllegalArgumentException unbatched = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(new Linear(3, 2), Tensor.randn(3), dir.resolve("x.onnx")));
    assertTrue(unbatched.getMessage().contains("batch dimension first"), unbatched.getMessage());
    assertTrue(unbatched.getMessage().contains("[3]"), unbatched.getMessage());
    IllegalArgumentException opset = assertThrows(IllegalArgumentException.class,
        () -> ExportOptions.defaults().withOpset(13));
    assertEquals("ExportOptions: opset must be between 17 and 21, got 13", opset.getMessage());
    IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(new Linear(3, 2), Tensor.randn(2, 3), dir.resolve("w.onnx"),
            ExportOptions.defaults().withInputStandardization(new float[2], new float[] {1, 1})));
    assertTrue(width.getMessage().contains("input standardization has 2 values but the input's last dimension is 3"),
        width.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> ExportOptions.defaults().withInputStandardization(new float[1], new float[] {0}));
    assertTrue(zero.getMessage().contains("finite and non-zero"), zero.getMessage());
  }

  @Test
  void writesAtomicallyOverAnOldFile() throws Exception {
    Path file = dir.resolve("m.onnx");
    Files.writeString(file, "old");
    Onnx.export(new Linear(2, 2), Tensor.randn(1, 2), file);
    assertTrue(ModelProto.parseFrom(Files.readAllBytes(file)).hasGraph());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left");
    }
  }
}
