package dev.jgrad.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads PyTorch-keyed hyperparameter maps ({@code param_groups} entries of a state dict, or the options of a
 * reference case) into the typed option records. One place for the type checks and their messages.
 */
final class OptionValues {
  /** Keys PyTorch writes that have no meaning here (device and implementation flags); ignored on load. */
  private static final Set<String> IGNORED =
      Set.of("foreach", "differentiable", "capturable", "fused", "initial_lr", "params");

  private final String owner;
  private final Map<String, ?> map;

  private OptionValues(String owner, Map<String, ?> map, Set<String> known) {
    this.owner = owner;
    this.map = map;
    for (String key : map.keySet()) {
      if (!known.contains(key) && !IGNORED.contains(key)) {
        throw new IllegalArgumentException(
            owner + ": unknown option '" + key + "' (expected one of " + new TreeSet<>(known) + ")");
      }
    }
  }

  /**
   * @param owner the record's name for messages, e.g. {@code "SGD.Options.fromMap"}
   * @param known the keys this record understands
   * @throws IllegalArgumentException for a key that is neither known nor one of PyTorch's ignored flags
   */
  static OptionValues of(String owner, Map<String, ?> map, Set<String> known) {
    return new OptionValues(owner, map, known);
  }

  double getDouble(String key, double defaultValue) {
    Object v = map.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(owner + ": option '" + key + "' must be a number, got " + v);
  }

  boolean getBoolean(String key, boolean defaultValue) {
    Object v = map.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(owner + ": option '" + key + "' must be true or false, got " + v);
  }

  /** A pair such as {@code betas}, given as a {@code List<Number>} or {@code double[]}. */
  double[] getPair(String key, double first, double second) {
    Object v = map.get(key);
    if (v == null) {
      return new double[] {first, second};
    }
    if (v instanceof double[] a && a.length == 2) {
      return a.clone();
    }
    if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
      return new double[] {a.doubleValue(), b.doubleValue()};
    }
    throw new IllegalArgumentException(owner + ": option '" + key + "' must be a pair of numbers, got " + v);
  }

  /**
   * One validation rule of an optimizer's options: throws {@link #invalid} unless {@code valid}. Write the rule as
   * what must hold ({@code lr >= 0}), so that NaN fails it too.
   *
   * @throws IllegalArgumentException e.g. {@code SGD: Invalid learning rate: -0.1}
   */
  static void require(boolean valid, String optimizer, String what, double value) {
    if (!valid) {
      throw invalid(optimizer, what, value);
    }
  }

  /** The message prefix used by the optimizers' validation, e.g. {@code "SGD: Invalid learning rate: -0.1"}. */
  static IllegalArgumentException invalid(String optimizer, String what, double value) {
    return new IllegalArgumentException(optimizer + ": Invalid " + what + ": " + value);
  }
}
