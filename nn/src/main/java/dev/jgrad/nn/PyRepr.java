package dev.jgrad.nn;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Python's {@code repr} of the values modules print, so {@code toString()} matches PyTorch's module reprs. */
final class PyRepr {
  private PyRepr() {}

  /**
   * Python's {@code repr(float)}: shortest round-trip digits, {@code 1.0}, {@code 0.01}, {@code 1e-05},
   * {@code 1e+16}, {@code inf}, {@code nan}. Python switches to exponent notation when the decimal exponent is
   * below -4 or at least 16.
   */
  static String of(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    // value = 0.digits × 10^exp10, with exp10 = number of digits before the decimal point
    int exp10 = digits.length() - d.scale();
    StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
    if (exp10 > -4 && exp10 <= 16) {
      if (exp10 <= 0) {
        sb.append("0.").append("0".repeat(-exp10)).append(digits);
      } else if (exp10 >= digits.length()) {
        sb.append(digits).append("0".repeat(exp10 - digits.length())).append(".0");
      } else {
        sb.append(digits, 0, exp10).append('.').append(digits.substring(exp10));
      }
    } else {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits.substring(1));
      }
      int e = exp10 - 1;
      sb.append('e').append(e < 0 ? '-' : '+');
      String mag = Integer.toString(Math.abs(e));
      sb.append(mag.length() < 2 ? "0" + mag : mag);
    }
    return sb.toString();
  }

  /**
   * A number as Python prints what a user or a default wrote: an integral value as an int ({@code 20}), any other
   * as a float ({@code 0.1}), for options PyTorch's defaults give as ints (Softplus' beta and threshold).
   */
  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e16 ? Long.toString((long) v) : of(v);
  }

  /** Python's tuple repr: {@code (4,)}, {@code (3, 4)}, {@code ()}. */
  static String tuple(int... values) {
    if (values.length == 1) {
      return "(" + values[0] + ",)";
    }
    return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
  }

  /** Python's bool repr. */
  static String bool(boolean b) {
    return b ? "True" : "False";
  }

  /** PyTorch's {@code _addindent}: indents every line but the first by {@code n} spaces. */
  static String addIndent(String s, int n) {
    if (!s.contains("\n")) {
      return s;
    }
    String pad = " ".repeat(n);
    return s.replace("\n", "\n" + pad);
  }
}
