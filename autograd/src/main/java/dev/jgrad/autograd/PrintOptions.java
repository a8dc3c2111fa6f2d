package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * How tensors print, like {@code torch.set_printoptions}: precision (4), threshold (1000), edgeitems (3),
 * linewidth (80) and sciMode ({@code null} = chosen automatically per tensor). Immutable; every {@code withX}
 * returns a copy.
 *
 * <p>Example: {@code PrintOptions.defaults().withPrecision(2).withSciMode(false)} is
 * {@code torch.set_printoptions(precision=2, sci_mode=False)}.
 */
public final class PrintOptions {
  private static final PrintOptions DEFAULTS = new PrintOptions(4, 1000, 3, 80, null);

  private final int precision;
  private final double threshold;
  private final int edgeitems;
  private final int linewidth;
  private final Boolean sciMode;

  private PrintOptions(int precision, double threshold, int edgeitems, int linewidth, Boolean sciMode) {
    checkArgument(precision >= 0, "PrintOptions: precision must be non-negative, got %s", precision);
    checkArgument(!Double.isNaN(threshold), "PrintOptions: threshold must be a number, got NaN");
    checkArgument(edgeitems >= 0, "PrintOptions: edgeitems must be non-negative, got %s", edgeitems);
    this.precision = precision;
    this.threshold = threshold;
    this.edgeitems = edgeitems;
    this.linewidth = linewidth;
    this.sciMode = sciMode;
  }

  /** PyTorch's defaults: precision 4, threshold 1000, edgeitems 3, linewidth 80, sciMode automatic. */
  public static PrintOptions defaults() {
    return DEFAULTS;
  }

  /**
   * One of PyTorch's named profiles: {@code "default"}, {@code "short"} (precision 2, edgeitems 2) or
   * {@code "full"} (threshold infinite: never summarize). sciMode is automatic in all three.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static PrintOptions profile(String name) {
    switch (Objects.requireNonNull(name, "PrintOptions.profile: name")) {
      case "default":
        return DEFAULTS;
      case "short":
        return new PrintOptions(2, 1000, 2, 80, null);
      case "full":
        return new PrintOptions(4, Double.POSITIVE_INFINITY, 3, 80, null);
      default:
        throw new IllegalArgumentException(
            "PrintOptions.profile: unknown profile '" + name + "', expected one of default, short, full");
    }
  }

  /** Digits after the decimal point (fixed) or of the mantissa (scientific). */
  public int precision() {
    return precision;
  }

  /** Tensors with more elements than this are summarized with {@code ...}; may be infinite. */
  public double threshold() {
    return threshold;
  }

  /** Items shown at the start and at the end of each summarized dimension. */
  public int edgeitems() {
    return edgeitems;
  }

  /** Characters per line used to wrap long rows and to place the suffixes. */
  public int linewidth() {
    return linewidth;
  }

  /** {@code TRUE}/{@code FALSE} forces scientific notation on/off; {@code null} lets each tensor choose. */
  public Boolean sciMode() {
    return sciMode;
  }

  /** @throws IllegalArgumentException if {@code precision < 0} */
  public PrintOptions withPrecision(int precision) {
    return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
  }

  /** @throws IllegalArgumentException if {@code threshold} is NaN */
  public PrintOptions withThreshold(double threshold) {
    return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
  }

  /** @throws IllegalArgumentException if {@code edgeitems < 0} */
  public PrintOptions withEdgeitems(int edgeitems) {
    return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
  }

  /** Any value is accepted, as in PyTorch: a row always holds at least one element. */
  public PrintOptions withLinewidth(int linewidth) {
    return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
  }

  /** {@code null} restores the automatic choice. */
  public PrintOptions withSciMode(Boolean sciMode) {
    return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PrintOptions)) {
      return false;
    }
    PrintOptions p = (PrintOptions) o;
    return precision == p.precision
        && Double.compare(threshold, p.threshold) == 0
        && edgeitems == p.edgeitems
        && linewidth == p.linewidth
        && Objects.equals(sciMode, p.sciMode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(precision, threshold, edgeitems, linewidth, sciMode);
  }

  @Override
  public String toString() {
    return "PrintOptions(precision=" + precision + ", threshold=" + threshold + ", edgeitems=" + edgeitems
        + ", linewidth=" + linewidth + ", sciMode=" + sciMode + ")";
  }
}
