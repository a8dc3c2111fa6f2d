package dev.jgrad.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.io.AtomicFile;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.onnx.proto.ModelProto;
import dev.jgrad.onnx.proto.OperatorSetIdProto;
import dev.jgrad.onnx.proto.StringStringEntryProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a jgrad model as an ONNX file, for ONNX Runtime and the other ONNX servers, as PyTorch's
 * {@code torch.onnx.export} does:
 *
 * <pre>{@code
 * Module model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
 * Onnx.export(model, Tensor.randn(1, 4), Path.of("iris.onnx"));
 * }</pre>
 *
 * <p>The graph has one input and one output (named "input" and "output" unless {@link ExportOptions} says
 * otherwise) whose first dimension is the dynamic {@code batch}; the other dimensions are the example's. Export
 * runs the model on the example (without gradients) and writes each layer from the shapes it saw; the layers are
 * written in eval-mode semantics (dropout is the identity, batch norm uses its running statistics), as
 * {@code torch.onnx.export} does by default, and the model's train/eval flags are left as they were.
 *
 * <p>The model is a layer or a {@link Sequential} of layers (nested freely); see the README for the layers and the
 * operators they become. Any other module is refused, naming it and its path.
 */
public final class Onnx {
  private Onnx() {}

  /** Exports with {@link ExportOptions#defaults()}. */
  public static void export(Module module, Tensor exampleInput, Path path) throws IOException {
    export(module, exampleInput, path, ExportOptions.defaults());
  }

  /**
   * Writes {@code module} to {@code path} (atomically: a reader sees the old file or the whole new one).
   *
   * @param exampleInput an input the model accepts, batch first (float32, or int64 indices for an embedding)
   * @throws IllegalArgumentException naming the module and its path when a layer or one of its settings has no
   *     ONNX equivalent, or when the example does not fit the model
   * @throws IOException if the file cannot be written
   */
  public static void export(Module module, Tensor exampleInput, Path path, ExportOptions options)
      throws IOException {
    checkNotNull(path, "Onnx.export: path must not be null");
    byte[] bytes = toModel(module, exampleInput, options).toByteArray();
    AtomicFile.write(path, bytes);
  }

  /** The ONNX model {@link #export} writes. */
  static ModelProto toModel(Module module, Tensor example, ExportOptions options) {
    checkNotNull(module, "Onnx.export: module must not be null");
    checkNotNull(example, "Onnx.export: exampleInput must not be null");
    checkNotNull(options, "Onnx.export: options must not be null");
    checkArgument(example.dim() >= 2 && example.shape()[0] > 0,
        "Onnx.export: exampleInput must have a batch dimension first and at least one row, got shape %s",
        Arrays.toString(example.shape()));
    checkArgument(example.dtype() != DType.BOOL, "Onnx.export: exampleInput must be float32, float64 or int64, got %s",
        example.dtype());
    DType real = floatingDtype(module, example);
    Map<Module, Boolean> modes = new LinkedHashMap<>();
    module.namedModules().values().forEach(m -> modes.put(m, m.isTraining()));
    module.eval();
    try (Autograd.Scope noGrad = Autograd.noGrad()) {
      Graph graph = new Graph(module.getClass().getSimpleName(), real);
      graph.addInput(options.inputName(), example.dtype(), example.shape());
      graph.reserve(options.outputName());
      String x = preprocess(graph, options, example.shape());
      Traced out = trace(graph, module, "", x, example);
      String y = out.name();
      if (options.outputScale() != 1) {
        y = graph.node("postprocess", "Mul", List.of(y, graph.scalar(options.outputScale())));
      }
      if (options.outputShift() != 0) {
        y = graph.node("postprocess", "Add", List.of(y, graph.scalar(options.outputShift())));
      }
      graph.addOutput(options.outputName(), out.value().dtype(), out.value().shape());
      graph.identity(y, options.outputName());
      ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(irVersion(options.opset()))
          .setProducerName("jgrad").setProducerVersion("0.1.0")
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
          .setGraph(graph.build());
      options.metadata().forEach((k, v) -> model.addMetadataProps(
          StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
      return model.build();
    } finally {
      // pre-order: a parent's train(flag) sets its children, which are then set back to their own flag
      modes.forEach(Module::train);
    }
  }

  /**
   * The floating dtype the graph computes in: that of the module's floating parameters and buffers, which must
   * agree (ONNX operators take one type), else the example's when floating, else float32.
   */
  private static DType floatingDtype(Module module, Tensor example) {
    DType found = null;
    for (Map.Entry<String, Tensor> e : module.stateDict().entrySet()) {
      DType d = e.getValue().dtype();
      if (!d.isFloatingPoint()) {
        continue;
      }
      if (found != null && found != d) {
        throw new IllegalArgumentException("Onnx.export: the model mixes " + found.torchName() + " and "
            + d.torchName() + " tensors ('" + e.getKey() + "' is " + d.torchName() + "); convert it to one dtype");
      }
      found = d;
    }
    if (found == null) {
      found = example.dtype().isFloatingPoint() ? example.dtype() : DType.FLOAT32;
    }
    return found;
  }

  /** A graph value and jgrad's tensor for it on the example. */
  private record Traced(String name, Tensor value) {}

  private static Traced trace(Graph graph, Module module, String path, String input, Tensor x) {
    if (module.getClass() == Sequential.class) {
      Traced t = new Traced(input, x);
      for (Map.Entry<String, Module> child : module.namedChildren().entrySet()) {
        t = trace(graph, child.getValue(), path.isEmpty() ? child.getKey() : path + "." + child.getKey(), t.name(),
            t.value());
      }
      return t;
    }
    Layers.Converter<Module> converter = Layers.find(module.getClass());
    if (converter == null) {
      throw new IllegalArgumentException("ONNX export does not support module " + module.getClass().getSimpleName()
          + " (at path '" + path + "')");
    }
    Tensor y = module.call(x);
    String name = converter.write(module, new Step(graph, path, input, x.shape(), y.shape()));
    checkArgument(y.dim() >= 1 && y.shape()[0] == x.shape()[0],
        "Onnx.export: %s (at path '%s') turns input shape %s into %s; the first dimension must stay the batch",
        module.getClass().getSimpleName(), path, Arrays.toString(x.shape()), Arrays.toString(y.shape()));
    graph.addValueInfo(name, y.dtype(), y.shape());
    return new Traced(name, y);
  }

  /** The input fill and standardisation of the options, on the last dimension of the input. */
  private static String preprocess(Graph graph, ExportOptions options, int[] shape) {
    String x = options.inputName();
    int width = shape[shape.length - 1];
    float[] fill = options.inputFill();
    if (fill != null) {
      checkWidth("input fill", fill.length, width);
      String isNan = graph.node("preprocess", "IsNaN", List.of(x));
      x = graph.node("preprocess", "Where", List.of(isNan, graph.floats("preprocess.fill", new int[] {width}, fill),
          x));
    }
    if (options.inputCenter() != null) {
      checkWidth("input standardization", options.inputCenter().length, width);
      x = graph.node("preprocess", "Sub",
          List.of(x, graph.floats("preprocess.center", new int[] {width}, options.inputCenter())));
      x = graph.node("preprocess", "Div",
          List.of(x, graph.floats("preprocess.scale", new int[] {width}, options.inputScale())));
    }
    return x;
  }

  private static void checkWidth(String what, int given, int width) {
    checkArgument(given == width, "Onnx.export: the %s has %s values but the input's last dimension is %s", what,
        given, width);
  }

  /** The IR version that goes with the opset (ONNX's versioning table). */
  private static long irVersion(int opset) {
    return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
  }
}
