package dev.jgrad.cli;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.GELU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.SiLU;
import dev.jgrad.nn.Tanh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The architecture of the MLP that {@code jgrad train} builds, and its round trip through the safetensors
 * metadata, so {@code jgrad predict} can rebuild the model before loading the weights.
 *
 * <p>The model is {@code Sequential(Linear(in, h1), act, Linear(h1, h2), act, ..., Linear(hk, out))}; its state-dict
 * keys are PyTorch's for the same {@code nn.Sequential} ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, ...).
 *
 * <pre>{@code
 * MlpSpec spec = new MlpSpec(4, List.of(64, 64), "relu", 3);
 * Module model = spec.build();
 * Checkpoints.save(path, model, spec.toMetadata(model));
 * MlpSpec again = MlpSpec.fromMetadata(Checkpoints.load(path).metadata());
 * }</pre>
 *
 * @param inFeatures width of the input (encoded features)
 * @param hidden widths of the hidden layers (empty: a linear model)
 * @param activation {@code relu}, {@code tanh}, {@code gelu} or {@code silu}
 * @param outFeatures classes, or 1 for regression
 */
record MlpSpec(int inFeatures, List<Integer> hidden, String activation, int outFeatures) {
  /** The activation names {@link #build()} knows. */
  static final List<String> ACTIVATIONS = List.of("relu", "tanh", "gelu", "silu");
  /** The value of the metadata key {@code format}. */
  static final String FORMAT = "jgrad-mlp/1";

  MlpSpec {
    hidden = List.copyOf(hidden);
    checkArgument(ACTIVATIONS.contains(activation), "MlpSpec: unknown activation '%s'; expected one of %s",
        activation, ACTIVATIONS);
    checkArgument(inFeatures >= 1 && outFeatures >= 1, "MlpSpec: layer widths must be positive, got in %s, out %s",
        inFeatures, outFeatures);
  }

  /**
   * Parses {@code --hidden}: comma-separated positive widths ({@code 64,64}), or {@code none} for no hidden layer.
   *
   * @throws CliException (usage) for anything else
   */
  static List<Integer> parseHidden(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("none") || t.equals("0")) {
      return List.of();
    }
    List<Integer> widths = new ArrayList<>();
    for (String part : t.split(",", -1)) {
      int w;
      try {
        w = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        w = -1;
      }
      if (w < 1 || w > 65536) {
        throw CliException.usage("--hidden: expected comma-separated layer widths like 64,64 (or 'none' for a "
            + "linear model), got '" + text + "'");
      }
      widths.add(w);
    }
    return widths;
  }

  /** A fresh model with PyTorch's default initialisation, drawn from the global generator. */
  Module build() {
    return build(DType.FLOAT32);
  }

  /**
   * The model with parameters of {@code dtype}, built as PyTorch builds one under {@code torch.set_default_dtype}:
   * the layers create their parameters in the default dtype, set for the build only.
   */
  Module build(DType dtype) {
    DType before = Tensor.defaultDtype();
    Tensor.setDefaultDtype(dtype);
    try {
      return layers();
    } finally {
      Tensor.setDefaultDtype(before);
    }
  }

  /**
   * The {@code --dtype} option's value: {@code float32} or {@code float64}.
   *
   * @throws CliException (usage) for anything else
   */
  static DType dtype(String value) {
    return switch (value) {
      case "float32" -> DType.FLOAT32;
      case "float64" -> DType.FLOAT64;
      default -> throw CliException.usage("--dtype: expected float32 or float64, got '" + value + "'");
    };
  }

  private Module layers() {
    List<Module> layers = new ArrayList<>();
    int width = inFeatures;
    for (int h : hidden) {
      layers.add(new Linear(width, h));
      layers.add(activationModule());
      width = h;
    }
    layers.add(new Linear(width, outFeatures));
    return new Sequential(layers);
  }

  private Module activationModule() {
    return switch (activation) {
      case "tanh" -> new Tanh();
      case "gelu" -> new GELU();
      case "silu" -> new SiLU();
      default -> new ReLU();
    };
  }

  /** {@code 4 -> 64 -> 64 -> 3 (relu)}. */
  String describe() {
    StringBuilder sb = new StringBuilder().append(inFeatures);
    for (int h : hidden) {
      sb.append(" -> ").append(h);
    }
    sb.append(" -> ").append(outFeatures);
    return hidden.isEmpty() ? sb + " (linear)" : sb + " (" + activation + ")";
  }

  /** The metadata entries that describe this architecture; {@code model} (built from it) adds its printed form. */
  Map<String, String> toMetadata(Module model) {
    LinkedHashMap<String, String> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("in_features", Integer.toString(inFeatures));
    m.put("hidden", hidden.isEmpty() ? "none" : joined(hidden));
    m.put("activation", activation);
    m.put("out_features", Integer.toString(outFeatures));
    m.put("architecture", model.toString());
    return m;
  }

  /**
   * Reads an architecture written by {@link #toMetadata()}.
   *
   * @throws CliException (failure) naming the missing or bad key, e.g. for a checkpoint not written by jgrad train
   */
  static MlpSpec fromMetadata(Map<String, String> m, String file) {
    if (!FORMAT.equals(m.get("format"))) {
      throw CliException.failure(file + " does not describe a jgrad MLP (metadata 'format' is "
          + (m.get("format") == null ? "missing" : "'" + m.get("format") + "'") + ", expected '" + FORMAT
          + "'); write models with 'jgrad train'");
    }
    try {
      int in = Integer.parseInt(required(m, "in_features", file));
      int out = Integer.parseInt(required(m, "out_features", file));
      String hiddenText = required(m, "hidden", file);
      List<Integer> hidden = new ArrayList<>();
      if (!hiddenText.equals("none")) {
        for (String part : hiddenText.split(",")) {
          hidden.add(Integer.parseInt(part.trim()));
        }
      }
      return new MlpSpec(in, hidden, required(m, "activation", file).toLowerCase(Locale.ROOT), out);
    } catch (IllegalArgumentException e) {
      throw CliException.failure(file + ": bad architecture metadata " + m + ": " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> m, String key, String file) {
    String v = m.get(key);
    if (v == null) {
      throw CliException.failure(file + ": the metadata has no '" + key + "' entry (keys: " + m.keySet() + ")");
    }
    return v;
  }

  private static String joined(List<Integer> xs) {
    StringBuilder sb = new StringBuilder();
    for (int x : xs) {
      sb.append(sb.length() == 0 ? "" : ",").append(x);
    }
    return sb.toString();
  }
}
