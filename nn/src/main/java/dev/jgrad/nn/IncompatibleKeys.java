package dev.jgrad.nn;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean)} could not match, PyTorch's {@code _IncompatibleKeys}.
 *
 * @param missingKeys keys the module expects but the state did not contain, in the module's state-dict order
 * @param unexpectedKeys keys of the state that the module does not have, in the state's iteration order
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
  public IncompatibleKeys {
    missingKeys = List.copyOf(missingKeys);
    unexpectedKeys = List.copyOf(unexpectedKeys);
  }

  /** True when every key matched. */
  public boolean isEmpty() {
    return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
  }

  /**
   * PyTorch's text, class name included: {@code <All keys matched successfully>} or
   * {@code _IncompatibleKeys(missing_keys=[...], unexpected_keys=[...])}.
   */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "<All keys matched successfully>";
    }
    return "_IncompatibleKeys(missing_keys=" + pyList(missingKeys) + ", unexpected_keys=" + pyList(unexpectedKeys)
        + ")";
  }

  private static String pyList(List<String> keys) {
    return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ", "[", "]"));
  }
}
