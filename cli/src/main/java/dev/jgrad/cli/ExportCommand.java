package dev.jgrad.cli;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.io.Json;
import dev.jgrad.datasets.Encoding;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.datasets.Schema;
import dev.jgrad.datasets.Task;
import dev.jgrad.examples.Format;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Softmax;
import dev.jgrad.onnx.ExportOptions;
import dev.jgrad.onnx.Onnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jgrad export}: writes a model folder of {@code jgrad train} as one ONNX file that a server feeds with raw
 * feature values. The graph's input {@code features} is float32 {@code [batch, n]}, one column per encoded feature
 * ({@code jgrad.features} in the metadata names them): numeric columns take the raw value, or NaN when missing,
 * and the graph fills and standardises them as training did; categorical columns are encoded by the server as the
 * preprocessing JSON says (one 0/1 slot per category, or the category's index), since ONNX graphs here take one
 * float tensor. The output is {@code probabilities} {@code [batch, classes]} (softmax, classes in
 * {@code jgrad.classes} order) for classification, or {@code prediction} {@code [batch, 1]} in the target's unit
 * for regression.
 *
 * <p>The file's {@code metadata_props}: {@code jgrad.preprocessing} (the whole preprocessing.json),
 * {@code jgrad.features}, {@code jgrad.target}, {@code jgrad.task}, {@code jgrad.classes} (classification),
 * {@code jgrad.in_graph} (the numeric columns whose fill and scaling the graph applies) and
 * {@code jgrad.architecture}.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class, sortOptions = false,
    description = {"Export a model saved by 'jgrad train' to an ONNX file (opset 17) for ONNX Runtime and other "
        + "servers.",
        "The graph takes raw numeric features (NaN for missing) and fills and standardises them itself;",
        "categorical columns are encoded by the caller as the preprocessing in the file's metadata says."},
    footerHeading = "%nExample:%n",
    footer = {"  jgrad export --model runs/iris --onnx iris.onnx"})
final class ExportCommand implements Callable<Integer> {
  /** The graph's input name. */
  static final String INPUT = "features";

  @ParentCommand
  JgradCli root;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Folder written by 'jgrad train' (model.safetensors + preprocessing.json).")
  Path model;

  @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
  Path onnx;

  @Override
  public Integer call() throws IOException {
    OutputPath.checkFile(onnx, "--onnx");
    SavedModel saved = SavedModel.load(model);
    Preprocessor pre = saved.preprocessor();
    boolean classification = pre.task() == Task.CLASSIFICATION;
    int width = pre.numFeatures();
    float[] fill = new float[width];
    float[] center = new float[width];
    float[] scale = new float[width];
    Arrays.fill(fill, Float.NaN);
    Arrays.fill(scale, 1f);
    List<String> inGraph = new ArrayList<>();
    int slot = 0;
    for (Schema.Feature f : pre.schema().features()) {
      if (f.kind() == Schema.Kind.CATEGORICAL) {
        slot += f.encoding() == Encoding.INDEX ? 1 : pre.categories(f.name()).size() + (f.unknownBucket() ? 1 : 0);
        continue;
      }
      Object filled = pre.fillValue(f.name());
      fill[slot] = filled == null ? Float.NaN : ((Double) filled).floatValue();
      center[slot] = (float) pre.center(f.name());
      scale[slot] = (float) pre.scale(f.name());
      inGraph.add(f.name());
      slot++;
    }
    String target = pre.schema().target().name();
    ExportOptions options = ExportOptions.defaults().withInputName(INPUT)
        .withOutputName(classification ? "probabilities" : "prediction")
        .withInputFill(fill).withInputStandardization(center, scale)
        .withMetadata("jgrad.preprocessing", pre.toJson())
        .withMetadata("jgrad.features", Json.compact(pre.featureNames()))
        .withMetadata("jgrad.target", target)
        .withMetadata("jgrad.task", classification ? "classification" : "regression")
        .withMetadata("jgrad.in_graph", Json.compact(inGraph))
        .withMetadata("jgrad.architecture", saved.spec().describe());
    Module net = saved.net();
    if (classification) {
      options = options.withMetadata("jgrad.classes", Json.compact(pre.classNames()));
      net = new Sequential(net, new Softmax(1));
    } else {
      options = options.withOutputAffine((float) pre.scale(target), (float) pre.center(target));
    }
    Path parent = onnx.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Onnx.export(net, Tensor.zeros(1, width), onnx, options);
    root.out().println(Format.f("Wrote %s: %s, input '%s' [batch, %d], output '%s'", onnx.toAbsolutePath()
        .normalize(), saved.spec().describe(), INPUT, width, classification ? "probabilities" : "prediction"));
    return 0;
  }
}
