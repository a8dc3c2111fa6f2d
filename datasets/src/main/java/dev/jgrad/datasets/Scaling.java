package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;
import java.util.Objects;

/**
 * How a numeric feature (or a regression target) is scaled: {@code x' = (x - center) / scale}, with
 * {@code center} and {@code scale} fitted on the training split only (or given, for {@link #fixed}).
 *
 * <ul>
 *   <li>{@link #NONE}: center 0, scale 1.
 *   <li>{@link #STANDARDIZE}: center = training mean, scale = training standard deviation with divisor N
 *       (population std, as scikit-learn's {@code StandardScaler}); a constant column gets scale 1.
 *   <li>{@link #MIN_MAX}: center = training min, scale = max - min, so training values land in [0, 1]; a
 *       constant column gets scale 1. Test values may fall outside [0, 1].
 *   <li>{@link #fixed(double, double)}: given constants, e.g. {@code fixed(0, 255)} for 8-bit pixels.
 * </ul>
 *
 * @param method which rule
 * @param center the given center (only used by {@link Method#FIXED})
 * @param scale the given scale (only used by {@link Method#FIXED})
 */
public record Scaling(Method method, double center, double scale) {
  /** The scaling rules. */
  public enum Method {
    NONE, STANDARDIZE, MIN_MAX, FIXED;

    String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Leaves values unchanged. */
  public static final Scaling NONE = new Scaling(Method.NONE, 0, 1);
  /** Subtracts the training mean, divides by the training (population) standard deviation. */
  public static final Scaling STANDARDIZE = new Scaling(Method.STANDARDIZE, 0, 1);
  /** Maps the training range onto [0, 1]. */
  public static final Scaling MIN_MAX = new Scaling(Method.MIN_MAX, 0, 1);

  /** @throws IllegalArgumentException if a FIXED scale is zero or not finite */
  public Scaling {
    Objects.requireNonNull(method, "Scaling: method must not be null");
    checkArgument(method != Method.FIXED || (Double.isFinite(scale) && scale != 0 && Double.isFinite(center)),
        "Scaling.fixed: center must be finite and scale finite and non-zero, got center %s, scale %s", center, scale);
  }

  /**
   * Fixed constants: {@code x' = (x - center) / scale}.
   *
   * @throws IllegalArgumentException if {@code scale} is zero or either value is not finite
   */
  public static Scaling fixed(double center, double scale) {
    return new Scaling(Method.FIXED, center, scale);
  }
}
