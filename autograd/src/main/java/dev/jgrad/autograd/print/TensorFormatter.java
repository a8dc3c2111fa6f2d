package dev.jgrad.autograd.print;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.PrintOptions;
import dev.jgrad.autograd.kernels.Dtypes;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Prints a tensor exactly as PyTorch's {@code repr(tensor)} does (torch/_tensor_str.py, 1.13): one
 * {@link Formatter} chooses a common format for all shown elements, {@code tensorStr} lays out nested brackets
 * with summarization and line wrapping, and {@code addSuffixes} appends {@code size=}, {@code dtype=},
 * {@code grad_fn=} etc.
 *
 * <p>Note "python-number-format": PyTorch converts each float32 element to a Python float (a double) and
 * formats it with {@code '{:.4f}'}, {@code '{:.4e}'} or {@code '{:.0f}'}. Python rounds the exact binary value
 * half-to-even, so these are reproduced with {@link BigDecimal} of the exact double; {@code String.format}
 * rounds some values differently (e.g. 0.125 with 2 digits: Python "0.12", Java "0.13").
 */
public final class TensorFormatter {
  /** {@code len("tensor(")}: nested rows and pushed suffixes are indented by this much. */
  private static final String PREFIX = "tensor(";

  private static final String PARAMETER_PREFIX = "Parameter containing:\n";

  private TensorFormatter() {}

  /**
   * Formats a strided tensor's values like {@code repr(tensor)}.
   *
   * <p>Example: {@code format(new float[] {1.5f, 2f}, new int[] {2}, DType.FLOAT32,
   * List.of("requires_grad=True"), PrintOptions.defaults())} returns
   * {@code "tensor([1.5000, 2.0000], requires_grad=True)"}.
   *
   * @param data the values in row-major order, {@code data.length == product(shape)}; int64 values as exact
   *     integers, bool values as 0/1
   * @param shape the sizes, {@code []} for a 0-dim tensor
   * @param dtype the element type; {@code dtype=} is printed, as PyTorch does, for an empty tensor whose dtype
   *     is not the default and for a non-empty one of a floating dtype other than the default
   * @param suffixes already formatted extra fields such as {@code "grad_fn=<MulBackward0>"}, printed in order
   *     after {@code size=}/{@code dtype=} (which are added here for empty tensors)
   * @param opts print options
   * @throws IllegalArgumentException if the data length does not match the shape or a size is negative
   * @throws NullPointerException if an argument is null
   */
  public static String format(double[] data, int[] shape, DType dtype, List<String> suffixes, PrintOptions opts) {
    Objects.requireNonNull(data, "TensorFormatter.format: data");
    return format(data, data.length, shape, dtype, suffixes, opts);
  }

  /** {@link #format(double[], int[], DType, List, PrintOptions)} for int64 values, printed exactly. */
  public static String format(long[] data, int[] shape, DType dtype, List<String> suffixes, PrintOptions opts) {
    Objects.requireNonNull(data, "TensorFormatter.format: data");
    return format(data, data.length, shape, dtype, suffixes, opts);
  }

  private static String format(Object data, int length, int[] shape, DType dtype, List<String> suffixes,
      PrintOptions opts) {
    Objects.requireNonNull(shape, "TensorFormatter.format: shape");
    Objects.requireNonNull(dtype, "TensorFormatter.format: dtype");
    Objects.requireNonNull(suffixes, "TensorFormatter.format: suffixes");
    Objects.requireNonNull(opts, "TensorFormatter.format: opts");
    long numel = 1;
    for (int d : shape) {
      checkArgument(d >= 0, "TensorFormatter.format: negative size in shape %s", Arrays.toString(shape));
      numel *= d;
    }
    checkArgument(numel == length, "TensorFormatter.format: data length %s does not match shape %s (%s elements)",
        length, Arrays.toString(shape), numel);

    List<String> allSuffixes = new ArrayList<>();
    String body;
    if (numel == 0) {
      // Explicitly print the shape if it is not (0,), to match NumPy; with no elements the dtype cannot be
      // inferred from the text, so anything but the default dtype is named.
      if (shape.length != 1) {
        allSuffixes.add("size=" + pythonTuple(shape));
      }
      if (dtype != Dtypes.defaultDtype()) {
        allSuffixes.add("dtype=" + dtype.torchName());
      }
      body = "[]";
    } else {
      body = tensorStr(data, length, shape, dtype, PREFIX.length(), opts);
      // The text shows int64 and bool values as such; a floating dtype other than the default is named.
      if (dtype != Dtypes.defaultDtype() && dtype != DType.INT64 && dtype != DType.BOOL) {
        allSuffixes.add("dtype=" + dtype.torchName());
      }
    }
    allSuffixes.addAll(suffixes);
    return addSuffixes(PREFIX + body, allSuffixes, PREFIX.length(), opts.linewidth());
  }

  /**
   * Formats an {@code nn.Parameter} like PyTorch: {@code "Parameter containing:\ntensor(..., requires_grad=True)"}.
   * A parameter that does not require grad is {@code "Parameter containing:\n" + format(..., List.of(), opts)}.
   *
   * @throws IllegalArgumentException if the data length does not match the shape
   */
  static String formatParameter(double[] data, int[] shape, DType dtype, PrintOptions opts) {
    return PARAMETER_PREFIX + format(data, shape, dtype, List.of("requires_grad=True"), opts);
  }

  /** Python's {@code str(tuple(shape))}: {@code (0, 3)}, {@code (0,)}, {@code ()}. */
  static String pythonTuple(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape[i]);
    }
    if (shape.length == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }

  // ---------------------------------------------------------------- layout (_tensor_str and friends)

  /** {@code _tensor_str}: non-empty tensors only. */
  private static String tensorStr(Object data, int length, int[] shape, DType dtype, int indent,
      PrintOptions opts) {
    boolean summarize = length > opts.threshold();
    int[] strides = new int[shape.length];
    int stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= shape[d];
    }
    Layout layout = new Layout(shape, strides, summarize, opts);
    // The common format is chosen from the elements that will be shown only (get_summarized_data).
    List<Integer> shown = new ArrayList<>();
    if (summarize) {
      layout.collectShown(0, 0, shown);
    } else {
      for (int i = 0; i < length; i++) {
        shown.add(i);
      }
    }
    Formatter formatter = new Formatter(data, shown, dtype, opts);
    StringBuilder out = new StringBuilder();
    layout.write(0, 0, indent, formatter, out);
    return out.toString();
  }

  /** Walks a row-major tensor the way {@code _tensor_str_with_formatter} and {@code get_summarized_data} do. */
  private static final class Layout {
    private final int[] shape;
    private final int[] strides;
    private final boolean summarize;
    private final PrintOptions opts;

    Layout(int[] shape, int[] strides, boolean summarize, PrintOptions opts) {
      this.shape = shape;
      this.strides = strides;
      this.summarize = summarize;
      this.opts = opts;
    }

    private boolean summarized(int dim) {
      return summarize && shape[dim] > 2 * opts.edgeitems();
    }

    /**
     * Start of the trailing items of a summarized dimension. Python's {@code self[-0:]} is the whole
     * dimension, so edgeitems=0 shows every trailing item in 1-D, as PyTorch does.
     */
    private int tailStart(int dim) {
      int edge = opts.edgeitems();
      return edge == 0 ? 0 : shape[dim] - edge;
    }

    void collectShown(int dim, int offset, List<Integer> out) {
      if (dim == shape.length) {
        out.add(offset);
        return;
      }
      int size = shape[dim];
      if (!summarized(dim)) {
        for (int i = 0; i < size; i++) {
          collectShown(dim + 1, offset + i * strides[dim], out);
        }
        return;
      }
      int edge = opts.edgeitems();
      for (int i = 0; i < edge; i++) {
        collectShown(dim + 1, offset + i * strides[dim], out);
      }
      // For dims above the last, PyTorch takes range(len - edge, len), which is empty for edgeitems=0.
      int tail = dim == shape.length - 1 ? tailStart(dim) : size - edge;
      for (int i = tail; i < size; i++) {
        collectShown(dim + 1, offset + i * strides[dim], out);
      }
    }

    void write(int dim, int offset, int indent, Formatter formatter, StringBuilder out) {
      int remaining = shape.length - dim;
      if (remaining == 0) {
        out.append(formatter.format(offset));
        return;
      }
      if (remaining == 1) {
        writeVector(dim, offset, indent, formatter, out);
        return;
      }
      String separator = "," + "\n".repeat(remaining - 1) + " ".repeat(indent + 1);
      int size = shape[dim];
      out.append('[');
      if (summarized(dim)) {
        int edge = opts.edgeitems();
        for (int i = 0; i < edge; i++) {
          write(dim + 1, offset + i * strides[dim], indent + 1, formatter, out);
          out.append(separator);
        }
        out.append("...");
        for (int i = size - edge; i < size; i++) {
          out.append(separator);
          write(dim + 1, offset + i * strides[dim], indent + 1, formatter, out);
        }
      } else {
        for (int i = 0; i < size; i++) {
          if (i > 0) {
            out.append(separator);
          }
          write(dim + 1, offset + i * strides[dim], indent + 1, formatter, out);
        }
      }
      out.append(']');
    }

    /** {@code _vector_str}: a row, wrapped so that each line holds as many whole elements as fit. */
    private void writeVector(int dim, int offset, int indent, Formatter formatter, StringBuilder out) {
      int size = shape[dim];
      int stride = strides[dim];
      List<String> items = new ArrayList<>();
      if (summarized(dim)) {
        for (int i = 0; i < opts.edgeitems(); i++) {
          items.add(formatter.format(offset + i * stride));
        }
        items.add(" ...");
        for (int i = tailStart(dim); i < size; i++) {
          items.add(formatter.format(offset + i * stride));
        }
      } else {
        for (int i = 0; i < size; i++) {
          items.add(formatter.format(offset + i * stride));
        }
      }
      // Element length includes the ", " separator; PyTorch floors a true division here.
      int elementLength = formatter.width() + 2;
      int perLine = Math.max(1, (int) Math.floor((opts.linewidth() - indent) / (double) elementLength));
      String lineSeparator = ",\n" + " ".repeat(indent + 1);
      out.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.append(i % perLine == 0 ? lineSeparator : ", ");
        }
        out.append(items.get(i));
      }
      out.append(']');
    }
  }

  /**
   * {@code _add_suffixes}: each suffix follows ", " on the current line, or moves to a new line indented
   * under the first bracket when it would pass the linewidth. The "+ 1" and the -1 of a missing newline are
   * PyTorch's arithmetic, kept so lines break at the same place.
   */
  private static String addSuffixes(String tensorStr, List<String> suffixes, int indent, int linewidth) {
    StringBuilder out = new StringBuilder(tensorStr);
    int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
    for (String suffix : suffixes) {
      if (lastLineLen + suffix.length() + 2 > linewidth) {
        out.append(",\n").append(" ".repeat(indent)).append(suffix);
        lastLineLen = indent + suffix.length();
      } else {
        out.append(", ").append(suffix);
        lastLineLen += suffix.length() + 2;
      }
    }
    return out.append(')').toString();
  }

  // ---------------------------------------------------------------- _Formatter

  /** {@code _Formatter}: one element format (fixed, integral or scientific) and width for a whole tensor. */
  static final class Formatter {
    private final Object data;
    private final DType dtype;
    private final int precision;
    private boolean intMode = true;
    private boolean sciMode = false;
    private int maxWidth = 1;

    /**
     * @param data the elements: {@code double[]} (floating dtypes and bool), or {@code long[]} (int64)
     * @param shown the indices of the elements that will be shown (all, or the summarized ones)
     */
    Formatter(Object data, List<Integer> shown, DType dtype, PrintOptions opts) {
      this.data = data;
      this.dtype = dtype;
      this.precision = opts.precision();
      if (!dtype.isFloatingPoint()) {
        for (int i : shown) {
          maxWidth = Math.max(maxWidth, formatNonFloat(i).length());
        }
        return;
      }
      List<Double> values = new ArrayList<>();
      for (int i : shown) {
        values.add(((double[]) data)[i]);
      }
      List<Double> nonzeroFinite = new ArrayList<>();
      for (double v : values) {
        if (Double.isFinite(v) && v != 0) {
          nonzeroFinite.add(v);
        }
      }
      if (nonzeroFinite.isEmpty()) {
        // PyTorch returns before applying the sci_mode option here: all-zero/nan/inf tensors print "0." even
        // with sci_mode=True.
        return;
      }
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (double v : nonzeroFinite) {
        min = Math.min(min, Math.abs(v));
        max = Math.max(max, Math.abs(v));
        if (v != Math.ceil(v)) {
          intMode = false;
        }
      }
      if (intMode) {
        // All integral: a trailing "." marks the float dtype, so widths count one more character.
        if (max / min > 1000.0 || max > 1.0e8) {
          sciMode = true;
          for (double v : nonzeroFinite) {
            maxWidth = Math.max(maxWidth, formatScientific(v, precision).length());
          }
        } else {
          for (double v : nonzeroFinite) {
            maxWidth = Math.max(maxWidth, formatFixed(v, 0).length() + 1);
          }
        }
      } else if (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4) {
        sciMode = true;
        for (double v : nonzeroFinite) {
          maxWidth = Math.max(maxWidth, formatScientific(v, precision).length());
        }
      } else {
        for (double v : nonzeroFinite) {
          maxWidth = Math.max(maxWidth, formatFixed(v, precision).length());
        }
      }
      // The option overrides the mode but not the width computed for the automatic mode, as in PyTorch.
      if (opts.sciMode() != null) {
        sciMode = opts.sciMode();
      }
    }

    int width() {
      return maxWidth;
    }

    /** Element {@code index}, right-aligned to the common width. */
    public String format(int index) {
      String s;
      double value = dtype.isFloatingPoint() ? ((double[]) data)[index] : 0;
      if (!dtype.isFloatingPoint()) {
        s = formatNonFloat(index);
      } else if (sciMode) {
        s = formatScientific(value, precision);
      } else if (intMode) {
        s = formatFixed(value, 0);
        if (Double.isFinite(value)) {
          s += ".";
        }
      } else {
        s = formatFixed(value, precision);
      }
      return s.length() >= maxWidth ? s : " ".repeat(maxWidth - s.length()) + s;
    }

    /** Python's {@code str(int)} / {@code str(bool)} of element {@code index}. */
    private String formatNonFloat(int index) {
      if (data instanceof long[] longs) {
        return Long.toString(longs[index]);
      }
      double value = ((double[]) data)[index];
      if (dtype == DType.BOOL) {
        return value != 0 ? "True" : "False";
      }
      return Long.toString((long) value);
    }
  }

  // ---------------------------------------------------------------- Python float formatting

  /** Python's non-finite spellings: nan never has a sign. */
  private static String nonFinite(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    return v > 0 ? "inf" : "-inf";
  }

  /** The sign Python prints: also for -0.0 and for negatives that round to zero ("-0.0000"). */
  private static String sign(double v) {
    return (Double.doubleToRawLongBits(v) < 0) ? "-" : "";
  }

  /** Python's {@code '{:.Nf}'.format(v)} (see note "python-number-format"). */
  static String formatFixed(double v, int digits) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    BigDecimal exact = new BigDecimal(Math.abs(v));
    return sign(v) + exact.setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Python's {@code '{:.Ne}'.format(v)}: mantissa with N decimals, exponent with sign and at least 2 digits. */
  static String formatScientific(double v, int digits) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    String mantissaDigits;
    int exponent;
    if (v == 0) {
      mantissaDigits = "0".repeat(digits + 1);
      exponent = 0;
    } else {
      BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
      // rounded = unscaled * 10^-scale, with at most digits+1 significant digits (a carry such as
      // 9.99996 -> 10.000 is already folded into the exponent by round()).
      exponent = rounded.precision() - rounded.scale() - 1;
      String unscaled = rounded.unscaledValue().toString();
      mantissaDigits = unscaled + "0".repeat(digits + 1 - unscaled.length());
    }
    StringBuilder sb = new StringBuilder(sign(v)).append(mantissaDigits.charAt(0));
    if (digits > 0) {
      sb.append('.').append(mantissaDigits, 1, digits + 1);
    }
    int absExponent = Math.abs(exponent);
    sb.append('e').append(exponent < 0 ? '-' : '+');
    if (absExponent < 10) {
      sb.append('0');
    }
    return sb.append(absExponent).toString();
  }
}
