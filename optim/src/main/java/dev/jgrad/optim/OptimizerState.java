package dev.jgrad.optim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.io.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of an {@link Optimizer}, by position, like PyTorch's {@code optimizer.state_dict()}: per-parameter
 * state keyed by the parameter's index across all groups (0, 1, ... in group order), and each group's
 * hyperparameters with the indices of its parameters.
 *
 * <pre>{@code
 * OptimizerState saved = adam.stateDict();
 * // saved.state() = {0={step=tensor(3.), exp_avg=tensor([...]), exp_avg_sq=tensor([...])}}
 * // saved.paramGroups().get(0).hyperparameters() = {lr=0.1, betas=[0.9, 0.999], eps=1.0E-8, ...}
 * other.loadStateDict(saved);      // same group count and sizes, same shapes: resumes identically
 * }</pre>
 *
 * <p>Every tensor is copied on construction, so the saved state never changes when the optimizer steps on. For
 * files, {@link #toTensors(String)} and {@link #toMetadata(String)} flatten the state into named tensors and
 * string metadata (safetensors-friendly), and {@link #fromTensors} reads them back.
 *
 * @param paramGroups one entry per group, in order
 * @param state per-parameter state by index; parameters that never had a gradient have no entry
 */
public record OptimizerState(List<GroupState> paramGroups, Map<Integer, Map<String, Tensor>> state) {

  /**
   * One group of a saved state.
   *
   * @param hyperparameters PyTorch key names to {@code Double}, {@code Boolean}, {@code List<Double>} or {@code
   *     String} values, or null for PyTorch's None (LBFGS's {@code line_search_fn}), including {@code initial_lr}
   *     once a scheduler has set it
   * @param params the indices of the group's parameters
   */
  public record GroupState(Map<String, Object> hyperparameters, List<Integer> params) {
    public GroupState {
      LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : hyperparameters.entrySet()) {
        copy.put(e.getKey(), checkValue(e.getKey(), e.getValue()));
      }
      hyperparameters = Collections.unmodifiableMap(copy);
      params = List.copyOf(params);
    }

    private static Object checkValue(String key, Object value) {
      if (value == null || value instanceof Double || value instanceof Boolean || value instanceof String) {
        return value;
      }
      if (value instanceof Number n) {
        return n.doubleValue();
      }
      if (value instanceof List<?> list) {
        List<Double> out = new ArrayList<>();
        for (Object o : list) {
          if (!(o instanceof Number n)) {
            throw new IllegalArgumentException(
                "OptimizerState: hyperparameter '" + key + "' must hold numbers, got " + list);
          }
          out.add(n.doubleValue());
        }
        return List.copyOf(out);
      }
      throw new IllegalArgumentException(
          "OptimizerState: hyperparameter '" + key + "' must be a Double, Boolean, List<Double>, String or null, "
              + "got " + value.getClass().getSimpleName());
    }
  }

  public OptimizerState {
    paramGroups = List.copyOf(paramGroups);
    TreeMap<Integer, Map<String, Tensor>> copy = new TreeMap<>();
    for (Map.Entry<Integer, Map<String, Tensor>> e : state.entrySet()) {
      LinkedHashMap<String, Tensor> entry = new LinkedHashMap<>();
      for (Map.Entry<String, Tensor> t : e.getValue().entrySet()) {
        if (t.getKey().contains(".")) {
          throw new IllegalArgumentException(
              "OptimizerState: state names must not contain '.', got '" + t.getKey() + "'");
        }
        entry.put(t.getKey(), copyOf(t.getValue()));
      }
      copy.put(e.getKey(), Collections.unmodifiableMap(entry));
    }
    state = Collections.unmodifiableMap(copy);
  }

  /** A copy of the same dtype (doubles hold every dtype's values exactly). */
  private static Tensor copyOf(Tensor t) {
    return Tensor.of(t.toDoubleArray(), t.shape(), t.dtype());
  }

  /**
   * The per-parameter state as named tensors: {@code <prefix>state.<index>.<name>}, e.g. {@code
   * "optimizer.state.0.exp_avg"} for prefix {@code "optimizer."}.
   */
  public LinkedHashMap<String, Tensor> toTensors(String prefix) {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    state.forEach((index, entry) -> entry.forEach((name, t) -> out.put(prefix + "state." + index + "." + name, t)));
    return out;
  }

  /**
   * The groups as JSON strings: {@code <prefix>param_groups.<g>.<key>} → {@code "0.1"}, {@code "true"}, {@code
   * "[0.9, 0.999]"}, and {@code <prefix>param_groups.<g>.params} → {@code "[0, 1]"}. Doubles are written with
   * {@link Double#toString(double)}, which reads back bit for bit.
   *
   * @throws IllegalArgumentException naming the key when a hyperparameter is NaN or infinite (JSON has no such
   *     number), before anything is returned
   */
  public LinkedHashMap<String, String> toMetadata(String prefix) {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    for (int g = 0; g < paramGroups.size(); g++) {
      GroupState group = paramGroups.get(g);
      String base = prefix + "param_groups." + g + ".";
      group.hyperparameters().forEach((k, v) -> {
        Json.checkFinite(v, "OptimizerState.toMetadata: " + base + k);
        out.put(base + k, Json.spacedLists(v));
      });
      out.put(base + "params", Json.spacedLists(group.params()));
    }
    return out;
  }

  /**
   * Reads a state written with {@link #toTensors(String)} and {@link #toMetadata(String)}; keys without the
   * prefix are ignored, so a checkpoint can hold other tensors too.
   *
   * @throws IllegalArgumentException naming the key that cannot be parsed
   */
  public static OptimizerState fromTensors(Map<String, Tensor> tensors, Map<String, String> metadata,
      String prefix) {
    TreeMap<Integer, LinkedHashMap<String, Object>> groups = new TreeMap<>();
    TreeMap<Integer, List<Integer>> groupParams = new TreeMap<>();
    String groupPrefix = prefix + "param_groups.";
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (!e.getKey().startsWith(groupPrefix)) {
        continue;
      }
      String rest = e.getKey().substring(groupPrefix.length());
      int dot = rest.indexOf('.');
      int g = parseIndex(rest.substring(0, Math.max(dot, 0)), e.getKey());
      String key = rest.substring(dot + 1);
      JsonNode value = parse(e.getValue(), e.getKey());
      if (key.equals("params")) {
        List<Integer> indices = new ArrayList<>();
        for (JsonNode n : value.isArray() ? value : List.<JsonNode>of()) {
          if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
            throw new IllegalArgumentException("OptimizerState.fromTensors: " + e.getKey() + " = '" + e.getValue()
                + "' must be a list of parameter indices such as [0, 1]");
          }
          indices.add(n.intValue());
        }
        if (!value.isArray()) {
          throw new IllegalArgumentException("OptimizerState.fromTensors: " + e.getKey() + " = '" + e.getValue()
              + "' must be a list of parameter indices such as [0, 1]");
        }
        groupParams.put(g, indices);
      } else {
        groups.computeIfAbsent(g, i -> new LinkedHashMap<>()).put(key, hyperparameter(value, e));
      }
    }
    List<GroupState> out = new ArrayList<>();
    for (int g = 0; g < groupParams.size(); g++) {
      if (!groupParams.containsKey(g)) {
        throw new IllegalArgumentException(
            "OptimizerState.fromTensors: missing " + groupPrefix + g + ".params in the metadata");
      }
      out.add(new GroupState(groups.getOrDefault(g, new LinkedHashMap<>()), groupParams.get(g)));
    }
    if (groups.size() > groupParams.size() || (!groups.isEmpty() && groups.lastKey() >= groupParams.size())) {
      throw new IllegalArgumentException(
          "OptimizerState.fromTensors: hyperparameters for group " + groups.lastKey() + " but params for only "
              + groupParams.size() + " groups");
    }
    TreeMap<Integer, Map<String, Tensor>> state = new TreeMap<>();
    String statePrefix = prefix + "state.";
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (!e.getKey().startsWith(statePrefix)) {
        continue;
      }
      String rest = e.getKey().substring(statePrefix.length());
      int dot = rest.indexOf('.');
      int index = parseIndex(rest.substring(0, Math.max(dot, 0)), e.getKey());
      state.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
    }
    return new OptimizerState(out, state);
  }

  private static int parseIndex(String s, String key) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("OptimizerState.fromTensors: cannot read the index in key '" + key + "'");
    }
  }

  private static JsonNode parse(String value, String key) {
    try {
      return Json.parse(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("OptimizerState.fromTensors: cannot read " + key + " = '" + value
          + "': " + e.getOriginalMessage(), e);
    }
  }

  /** A number, true/false, a list of numbers, a string, or null. */
  private static Object hyperparameter(JsonNode v, Map.Entry<String, String> e) {
    if (v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isArray()) {
      List<Double> out = new ArrayList<>();
      for (JsonNode n : v) {
        if (!n.isNumber()) {
          break;
        }
        out.add(n.doubleValue());
      }
      if (out.size() == v.size()) {
        return out;
      }
    }
    throw new IllegalArgumentException("OptimizerState.fromTensors: cannot read " + e.getKey() + " = '"
        + e.getValue() + "' (expected a number, true/false, [a, b], a string or null)");
  }
}
