package dev.jgrad.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Onnx#export(dev.jgrad.nn.Module, dev.jgrad.autograd.Tensor, java.nio.file.Path, ExportOptions)}
 * writes besides the model: the graph's input and output names, the opset, metadata, and optional preprocessing
 * and postprocessing put into the graph itself, so a server feeds raw features and reads final values. Immutable;
 * each {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * ExportOptions options = ExportOptions.defaults().withInputName("features").withOutputName("logits")
 *     .withMetadata("classes", "[\"setosa\",\"versicolor\",\"virginica\"]");
 * }</pre>
 *
 * <p>The input steps run in this order on the last dimension of the input: missing values (NaN) replaced by
 * {@link #withInputFill fills}, then {@link #withInputStandardization (x − center) / scale}. The output step is
 * {@link #withOutputAffine y · scale + shift}.
 */
public final class ExportOptions {
  /** The opset written by default: the first with LayerNormalization. */
  public static final int DEFAULT_OPSET = 17;
  /** The newest opset accepted: the operators written here mean the same from 17 up to it. */
  public static final int MAX_OPSET = 21;

  private final String inputName;
  private final String outputName;
  private final int opset;
  private final Map<String, String> metadata;
  private final float[] inputFill;
  private final float[] inputCenter;
  private final float[] inputScale;
  private final float outputScale;
  private final float outputShift;

  private ExportOptions(String inputName, String outputName, int opset, Map<String, String> metadata,
      float[] inputFill, float[] inputCenter, float[] inputScale, float outputScale, float outputShift) {
    this.inputName = inputName;
    this.outputName = outputName;
    this.opset = opset;
    this.metadata = metadata;
    this.inputFill = inputFill;
    this.inputCenter = inputCenter;
    this.inputScale = inputScale;
    this.outputScale = outputScale;
    this.outputShift = outputShift;
  }

  /** Input "input", output "output", opset 17, no metadata, no preprocessing. */
  public static ExportOptions defaults() {
    return new ExportOptions("input", "output", DEFAULT_OPSET, Map.of(), null, null, null, 1, 0);
  }

  /** The name of the graph's input (default "input"). */
  public ExportOptions withInputName(String name) {
    checkName(name, "input");
    return new ExportOptions(name, outputName, opset, metadata, inputFill, inputCenter, inputScale, outputScale,
        outputShift);
  }

  /** The name of the graph's output (default "output"). */
  public ExportOptions withOutputName(String name) {
    checkName(name, "output");
    return new ExportOptions(inputName, name, opset, metadata, inputFill, inputCenter, inputScale, outputScale,
        outputShift);
  }

  /** The default ONNX opset the graph imports, 17 to 21. */
  public ExportOptions withOpset(int version) {
    checkArgument(version >= DEFAULT_OPSET && version <= MAX_OPSET,
        "ExportOptions: opset must be between %s and %s, got %s", DEFAULT_OPSET, MAX_OPSET, version);
    return new ExportOptions(inputName, outputName, version, metadata, inputFill, inputCenter, inputScale,
        outputScale, outputShift);
  }

  /** Adds a {@code metadata_props} entry (replacing one of the same key). */
  public ExportOptions withMetadata(String key, String value) {
    checkArgument(key != null && !key.isEmpty(), "ExportOptions: metadata key must be non-empty, got '%s'", key);
    checkNotNull(value, "ExportOptions: metadata value of '%s' must not be null", key);
    Map<String, String> m = new LinkedHashMap<>(metadata);
    m.put(key, value);
    return new ExportOptions(inputName, outputName, opset, Collections.unmodifiableMap(m), inputFill, inputCenter,
        inputScale, outputScale, outputShift);
  }

  /**
   * Replaces a NaN in input column {@code j} by {@code fill[j]} (a NaN fill leaves the column's NaN as it is), in
   * the graph, before standardisation.
   */
  public ExportOptions withInputFill(float[] fill) {
    checkArgument(fill != null && fill.length > 0, "ExportOptions: the input fill must have at least one value");
    return new ExportOptions(inputName, outputName, opset, metadata, fill.clone(), inputCenter, inputScale,
        outputScale, outputShift);
  }

  /** Computes {@code (x[..., j] − center[j]) / scale[j]} in the graph, before the model's first layer. */
  public ExportOptions withInputStandardization(float[] center, float[] scale) {
    checkArgument(center != null && scale != null && center.length == scale.length && center.length > 0,
        "ExportOptions: center and scale must be non-empty and of one length, got %s and %s",
        center == null ? null : center.length, scale == null ? null : scale.length);
    for (float s : scale) {
      checkArgument(s != 0 && Float.isFinite(s), "ExportOptions: every scale must be finite and non-zero, got %s",
          Arrays.toString(scale));
    }
    return new ExportOptions(inputName, outputName, opset, metadata, inputFill, center.clone(), scale.clone(),
        outputScale, outputShift);
  }

  /** Computes {@code y · scale + shift} in the graph after the model's last layer (e.g. undoing target scaling). */
  public ExportOptions withOutputAffine(float scale, float shift) {
    return new ExportOptions(inputName, outputName, opset, metadata, inputFill, inputCenter, inputScale, scale,
        shift);
  }

  public String inputName() {
    return inputName;
  }

  public String outputName() {
    return outputName;
  }

  public int opset() {
    return opset;
  }

  /** The metadata entries, in the order added. */
  public Map<String, String> metadata() {
    return metadata;
  }

  float[] inputFill() {
    return inputFill;
  }

  float[] inputCenter() {
    return inputCenter;
  }

  float[] inputScale() {
    return inputScale;
  }

  float outputScale() {
    return outputScale;
  }

  float outputShift() {
    return outputShift;
  }

  private static void checkName(String name, String what) {
    checkArgument(name != null && !name.isBlank(), "ExportOptions: the %s name must be non-empty, got '%s'", what,
        name);
  }
}
