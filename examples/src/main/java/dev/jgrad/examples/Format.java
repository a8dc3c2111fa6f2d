package dev.jgrad.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Number and table formatting shared by the examples and the command line. Always {@link Locale#ROOT}, so output
 * (and the tests that read it) do not depend on the machine's language settings.
 */
public final class Format {
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("[-+]?(\\d[\\d.,]*(e[-+]?\\d+)?%?|NaN|Infinity|-)( s| ms)?");
  private Format() {}

  /**
   * About four significant digits ({@code 0.1235}, {@code 11.64}, {@code 2224}); scientific notation for very
   * large or small magnitudes; {@code NaN}/{@code Infinity} as is.
   */
  public static String g4(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    if (a != 0 && (a >= 1e6 || a < 1e-4)) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    int digitsBeforePoint = a < 1 ? 0 : (int) Math.floor(Math.log10(a)) + 1;
    int decimals = Math.max(0, 4 - digitsBeforePoint);
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** {@code String.format} with {@link Locale#ROOT}. */
  public static String f(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /**
   * An aligned text table: the header, a rule, then the rows. Columns of numbers are right-aligned, the others
   * left-aligned.
   */
  public static String table(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    boolean[] numeric = new boolean[header.size()];
    java.util.Arrays.fill(numeric, true);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        numeric[i] &= NUMBER.matcher(row.get(i)).matches();
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < all.size(); r++) {
      List<String> row = all.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String pad = " ".repeat(width[i] - cell.length());
        line.append(i == 0 ? "" : "  ").append(numeric[i] ? pad + cell : cell + pad);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        int total = 0;
        for (int w : width) {
          total += w;
        }
        sb.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
      }
    }
    return sb.toString();
  }

  /** Seconds with one decimal: {@code 3.4 s}. */
  public static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
