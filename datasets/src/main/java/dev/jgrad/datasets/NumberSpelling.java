package dev.jgrad.datasets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one rule for special numbers in CSV cells, used by {@link CsvLoader} (both of its read paths) and by the
 * command line's column inference, so that a spelling means the same everywhere:
 * <ul>
 *   <li>{@code NaN} in any case ({@code nan}, {@code NAN}), {@code NA} and an empty cell are <b>missing</b>: the
 *       column's {@link MissingPolicy} applies (fill, drop the row, or fail);</li>
 *   <li>{@code inf} and {@code infinity} in any case, with an optional sign ({@code Infinity}, {@code -inf},
 *       {@code +INF}), and a literal too large for a double ({@code 1e999}) are <b>infinite</b>: loading fails
 *       naming the row and column, unless the loader was told to treat them as missing
 *       ({@link CsvLoader#infAsMissing(boolean)}, as pandas' {@code use_inf_as_na} did; {@code --inf-as-na} on the
 *       command line).</li>
 * </ul>
 */
public final class NumberSpelling {
  /** The cell texts that always mean missing, whatever the schema declares. */
  public static final List<String> NAN_SPELLINGS = caseVariants("nan");

  private NumberSpelling() {}

  /** Whether {@code cell} (surrounding spaces ignored) spells NaN, which means missing. */
  public static boolean isNaN(String cell) {
    return cell.strip().equalsIgnoreCase("nan");
  }

  /**
   * Whether {@code cell} (surrounding spaces ignored) is infinite: {@code [+-](inf|infinity)} in any case, or a
   * number beyond the range of a double ({@code 1e999}).
   */
  public static boolean isInfinite(String cell) {
    String s = cell.strip();
    String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
      return true;
    }
    if (s.indexOf('e') < 0 && s.indexOf('E') < 0 && s.length() < 309) {
      return false; // without an exponent, a double overflows only past 308 digits
    }
    try {
      return Double.isInfinite(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The missing-value indicators a reader compares cells with: the schema's own, then every spelling of NaN, and
   * with {@code infAsMissing} the usual spellings of infinity ({@code inf}, {@code Inf}, {@code INF} and
   * {@code infinity}, {@code Infinity}, {@code INFINITY}, each with an optional sign).
   */
  static List<String> missingIndicators(List<String> declared, boolean infAsMissing) {
    Set<String> all = new LinkedHashSet<>(declared);
    all.addAll(NAN_SPELLINGS);
    if (infAsMissing) {
      for (String word : List.of("inf", "infinity")) {
        for (String spelling : List.of(word, word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1),
            word.toUpperCase(Locale.ROOT))) {
          for (String sign : List.of("", "+", "-")) {
            all.add(sign + spelling);
          }
        }
      }
    }
    return List.copyOf(all);
  }

  private static List<String> caseVariants(String word) {
    List<String> out = new ArrayList<>();
    for (int mask = 0; mask < 1 << word.length(); mask++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        sb.append((mask >> i & 1) == 1 ? Character.toUpperCase(c) : c);
      }
      out.add(sb.toString());
    }
    return List.copyOf(out);
  }
}
