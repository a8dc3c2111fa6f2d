package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.apache.commons.math3.special.Erf;

/**
 * Weight initialisation, PyTorch's {@code torch.nn.init}. Every function fills its tensor in place without
 * recording gradients (so it works on parameters) and returns it.
 *
 * <p>Random fills draw from {@link Generator#global()} (or the given generator) exactly as PyTorch's
 * {@code uniform_}/{@code normal_} do, element order included, so after the same seed the values are PyTorch's:
 *
 * <pre>{@code
 * Tensor.manualSeed(0);
 * Tensor w = Init.kaimingUniform_(Tensor.zeros(2, 3), Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
 * // w = [[-0.0043, 0.3097, -0.4752], [-0.4249, -0.2224, 0.1548]], as nn.Linear(3, 2).weight after manual_seed(0)
 * }</pre>
 */
public final class Init {
  private static final Logger LOG = Logger.getLogger("dev.jgrad.nn.Init");

  private Init() {}

  /** Which fan Kaiming initialisation preserves: the forward pass variance (fan in) or the backward (fan out). */
  public enum FanMode {
    FAN_IN,
    FAN_OUT
  }

  /** The nonlinearities {@link #calculateGain(Nonlinearity, double)} knows, named as in PyTorch. */
  public enum Nonlinearity {
    LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID, TANH, RELU,
    LEAKY_RELU, SELU;

    /**
     * The constant for PyTorch's name, e.g. {@code "leaky_relu"}.
     *
     * @throws IllegalArgumentException {@code Unsupported nonlinearity} for an unknown name
     */
    public static Nonlinearity of(String name) {
      for (Nonlinearity n : values()) {
        if (n.name().toLowerCase(Locale.ROOT).equals(name)) {
          return n;
        }
      }
      throw new IllegalArgumentException("calculateGain: Unsupported nonlinearity " + name);
    }
  }

  // ---------------------------------------------------------------- gains and fans

  /** The recommended gain with PyTorch's default parameter (negative slope 0.01 for leaky ReLU). */
  public static double calculateGain(Nonlinearity nonlinearity) {
    return calculateGain(nonlinearity, 0.01);
  }

  /**
   * PyTorch's {@code calculate_gain}: 1 for linear, convolutions and sigmoid, 5/3 for tanh, √2 for ReLU,
   * √(2 / (1 + slope²)) for leaky ReLU, 3/4 for SELU.
   *
   * @param param the negative slope of leaky ReLU (ignored otherwise)
   */
  public static double calculateGain(Nonlinearity nonlinearity, double param) {
    switch (nonlinearity) {
      case TANH:
        return 5.0 / 3;
      case RELU:
        return Math.sqrt(2.0);
      case LEAKY_RELU:
        return Math.sqrt(2.0 / (1 + Math.pow(param, 2)));
      case SELU:
        return 3.0 / 4;
      default:
        return 1;
    }
  }

  /** {@link #calculateGain(Nonlinearity)} by PyTorch's name, e.g. {@code calculateGain("relu")}. */
  public static double calculateGain(String nonlinearity) {
    return calculateGain(Nonlinearity.of(nonlinearity));
  }

  /**
   * {@link #calculateGain(Nonlinearity, double)} by PyTorch's name, e.g. {@code calculateGain("leaky_relu", 0.2)}.
   *
   * @throws IllegalArgumentException {@code Unsupported nonlinearity} for an unknown name
   */
  public static double calculateGain(String nonlinearity, double param) {
    return calculateGain(Nonlinearity.of(nonlinearity), param);
  }

  /**
   * Fan in and fan out of a weight: {@code size(1)·∏size(2:)} and {@code size(0)·∏size(2:)}.
   *
   * @return {@code {fanIn, fanOut}}
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  public static int[] fanInAndFanOut(Tensor t) {
    int[] s = t.shape();
    if (s.length < 2) {
      throw new IllegalArgumentException("Init: Fan in and fan out can not be computed for tensor with fewer than 2 "
          + "dimensions (shape " + Arrays.toString(s) + ")");
    }
    int receptive = 1;
    for (int d = 2; d < s.length; d++) {
      receptive *= s[d];
    }
    return new int[] {s[1] * receptive, s[0] * receptive};
  }

  // ---------------------------------------------------------------- plain fills

  /** Fills with U(0, 1). */
  public static Tensor uniform_(Tensor t) {
    return uniform_(t, 0.0, 1.0);
  }

  /** Fills with U(a, b) from the global generator ({@code tensor.uniform_(a, b)}). */
  public static Tensor uniform_(Tensor t, double a, double b) {
    return uniform_(t, a, b, Generator.global());
  }

  /**
   * Fills with U(a, b) from {@code generator}.
   *
   * @throws IllegalArgumentException if {@code a > b}
   */
  public static Tensor uniform_(Tensor t, double a, double b, Generator generator) {
    if (t.dtype() == DType.FLOAT64) {
      // PyTorch's float64 stream: one 53-bit draw per element, scaled with one fma as its kernel is.
      double[] v = SizeLimits.allocateDoubles("uniform_", t.shape());
      generator.uniform(v, 0, v.length, a, b);
      return write(t, v.length, shape -> Tensor.of(v, shape, DType.FLOAT64));
    }
    float[] v = SizeLimits.allocate("uniform_", t.shape());
    generator.uniform(v, 0, v.length, a, b);
    return write(t, v);
  }

  /** Fills with N(0, 1). */
  public static Tensor normal_(Tensor t) {
    return normal_(t, 0.0, 1.0);
  }

  /** Fills with N(mean, std²) from the global generator ({@code tensor.normal_(mean, std)}). */
  public static Tensor normal_(Tensor t, double mean, double std) {
    return normal_(t, mean, std, Generator.global());
  }

  /**
   * Fills with N(mean, std²) from {@code generator}.
   *
   * @throws IllegalArgumentException if {@code std < 0}
   */
  public static Tensor normal_(Tensor t, double mean, double std, Generator generator) {
    int n = t.numel();
    if (t.dtype() == DType.FLOAT64) {
      double[] v = SizeLimits.allocateDoubles("normal_", t.shape());
      if (t.isContiguous()) {
        generator.normal(v, 0, n, mean, std);
      } else {
        for (int i = 0; i < n; i++) {
          generator.normal(v, i, 1, mean, std);
        }
      }
      return write(t, n, shape -> Tensor.of(v, shape, DType.FLOAT64));
    }
    float[] v = SizeLimits.allocate("normal_", t.shape());
    if (t.isContiguous()) {
      generator.normal(v, 0, n, mean, std);
    } else {
      // PyTorch's vectorised normal path needs a contiguous tensor; otherwise it draws one double-precision
      // sample per element, in iteration order. One-element calls take that same scalar path.
      for (int i = 0; i < n; i++) {
        generator.normal(v, i, 1, mean, std);
      }
    }
    return write(t, v);
  }

  /** Fills with {@code value}. */
  public static Tensor constant_(Tensor t, double value) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      return t.fill_(value);
    }
  }

  public static Tensor zeros_(Tensor t) {
    return constant_(t, 0.0);
  }

  public static Tensor ones_(Tensor t) {
    return constant_(t, 1.0);
  }

  // ---------------------------------------------------------------- scaled fills

  /** Xavier/Glorot uniform with gain 1. */
  public static Tensor xavierUniform_(Tensor t) {
    return xavierUniform_(t, 1.0);
  }

  /**
   * Xavier/Glorot uniform: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).
   *
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  public static Tensor xavierUniform_(Tensor t, double gain) {
    int[] fans = fanInAndFanOut(t);
    if (t.numel() == 0) {
      return t;
    }
    double std = gain * Math.sqrt(2.0 / (double) (fans[0] + fans[1]));
    double a = Math.sqrt(3.0) * std; // computed in PyTorch's order so the float bounds are identical
    return uniform_(t, -a, a);
  }

  /** Xavier/Glorot normal with gain 1. */
  public static Tensor xavierNormal_(Tensor t) {
    return xavierNormal_(t, 1.0);
  }

  /**
   * Xavier/Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).
   *
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  public static Tensor xavierNormal_(Tensor t, double gain) {
    int[] fans = fanInAndFanOut(t);
    if (t.numel() == 0) {
      return t;
    }
    double std = gain * Math.sqrt(2.0 / (double) (fans[0] + fans[1]));
    return normal_(t, 0.0, std);
  }

  /** Kaiming/He uniform with PyTorch's defaults: a = 0, fan in, leaky ReLU (so the gain is √2). */
  public static Tensor kaimingUniform_(Tensor t) {
    return kaimingUniform_(t, 0.0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
  }

  /**
   * Kaiming/He uniform: U(−b, b) with b = √3·gain/√fan. {@code Linear} and {@code Conv2d} use a = √5, which gives
   * b = 1/√fan_in.
   *
   * @param a the negative slope of leaky ReLU (only used with {@link Nonlinearity#LEAKY_RELU})
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
    int[] fans = fanInAndFanOut(t);
    if (t.numel() == 0) {
      return t; // PyTorch warns "Initializing zero-element tensors is a no-op"
    }
    int fan = mode == FanMode.FAN_IN ? fans[0] : fans[1];
    double std = calculateGain(nonlinearity, a) / Math.sqrt(fan);
    double bound = Math.sqrt(3.0) * std;
    return uniform_(t, -bound, bound);
  }

  /** Kaiming/He normal with PyTorch's defaults: a = 0, fan in, leaky ReLU. */
  public static Tensor kaimingNormal_(Tensor t) {
    return kaimingNormal_(t, 0.0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
  }

  /**
   * Kaiming/He normal: N(0, std²) with std = gain/√fan.
   *
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
    int[] fans = fanInAndFanOut(t);
    if (t.numel() == 0) {
      return t;
    }
    int fan = mode == FanMode.FAN_IN ? fans[0] : fans[1];
    double std = calculateGain(nonlinearity, a) / Math.sqrt(fan);
    return normal_(t, 0.0, std);
  }

  // ---------------------------------------------------------------- structured fills

  /** PyTorch's defaults: N(0, 1) truncated to [−2, 2]. */
  public static Tensor truncNormal_(Tensor t) {
    return truncNormal_(t, 0.0, 1.0, -2.0, 2.0);
  }

  /**
   * N(mean, std²) truncated to [a, b], by PyTorch's inverse-CDF method, so the global generator's stream gives
   * PyTorch's values: {@code uniform_(2·Φ(α) − 1, 2·Φ(β) − 1)} with α, β the standardised bounds, then
   * {@code erfinv}, {@code ·std·√2}, {@code + mean}, clamped to [a, b]. A mean more than two std outside [a, b]
   * logs PyTorch's warning (logger {@code dev.jgrad.nn.Init}); the values are still drawn.
   */
  public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b) {
    if (mean < a - 2 * std || mean > b + 2 * std) {
      LOG.warning("truncNormal_: mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of "
          + "values may be incorrect. (mean " + mean + ", std " + std + ", [" + a + ", " + b + "])");
    }
    double l = normCdf((a - mean) / std);
    double u = normCdf((b - mean) / std);
    try (Autograd.Scope s = Autograd.noGrad()) {
      uniform_(t, 2 * l - 1, 2 * u - 1);
      Tensor x = erfinv(t.detach().contiguous()).mul(std * Math.sqrt(2.0)).add(mean).clamp(a, b);
      t.copy_(x);
      return t;
    }
  }

  /** Python's {@code (1 + math.erf(x / √2)) / 2}, in double. */
  private static double normCdf(double x) {
    return (1.0 + Erf.erf(x / Math.sqrt(2.0))) / 2.0;
  }

  /**
   * ATen's {@code calc_erfinv} in the tensor's precision: a rational first guess (Pavlis' coefficients) and two
   * Newton steps; ±1 give ±inf and |y| > 1 NaN.
   */
  private static Tensor erfinv(Tensor y) {
    boolean single = y.dtype() == DType.FLOAT32;
    double[] v = y.toDoubleArray();
    double[] x = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      x[i] = single ? erfinvGuess((float) v[i]) : erfinvGuess(v[i]);
    }
    Tensor g = Tensor.of(x, y.shape(), y.dtype());
    double c = single ? (float) (2.0 / (float) Math.sqrt(Math.PI)) : 2.0 / Math.sqrt(Math.PI);
    for (int step = 0; step < 2; step++) {
      Tensor next = g.sub(g.erf().sub(y).div(g.mul(g).neg().exp().mul(c)));
      g = Tensor.where(g.abs().eq(Double.POSITIVE_INFINITY), g, next);   // Newton keeps ±inf as it is
    }
    return g;
  }

  private static float erfinvGuess(float y) {
    float ya = Math.abs(y);
    if (ya > 1f) {
      return Float.NaN;
    }
    if (ya == 1f) {
      return Math.copySign(Float.POSITIVE_INFINITY, y);
    }
    if (ya <= 0.7f) {
      float z = y * y;
      float num = ((-0.140543331f * z + 0.914624893f) * z + -1.645349621f) * z + 0.886226899f;
      float dem = (((0.012229801f * z + -0.329097515f) * z + 1.442710462f) * z + -2.118377725f) * z + 1f;
      return y * num / dem;
    }
    float z = (float) Math.sqrt(-Math.log((1f - ya) / 2f));
    float num = ((1.641345311f * z + 3.429567803f) * z + -1.624906493f) * z + -1.970840454f;
    float dem = (1.637067800f * z + 3.543889200f) * z + 1f;
    return Math.copySign(num, y) / dem;
  }

  /** {@link #erfinvGuess(float)} in double, as ATen's {@code calc_erfinv<double>}. */
  private static double erfinvGuess(double y) {
    double ya = Math.abs(y);
    if (ya > 1) {
      return Double.NaN;
    }
    if (ya == 1) {
      return Math.copySign(Double.POSITIVE_INFINITY, y);
    }
    if (ya <= 0.7) {
      double z = y * y;
      double num = ((-0.140543331 * z + 0.914624893) * z + -1.645349621) * z + 0.886226899;
      double dem = (((0.012229801 * z + -0.329097515) * z + 1.442710462) * z + -2.118377725) * z + 1;
      return y * num / dem;
    }
    double z = Math.sqrt(-Math.log((1 - ya) / 2));
    double num = ((1.641345311 * z + 3.429567803) * z + -1.624906493) * z + -1.970840454;
    double dem = (1.637067800 * z + 3.543889200) * z + 1;
    return Math.copySign(num, y) / dem;
  }

  /** An orthogonal fill with gain 1. */
  public static Tensor orthogonal_(Tensor t) {
    return orthogonal_(t, 1.0);
  }

  /**
   * A (semi-)orthogonal matrix, PyTorch's way: the [rows, numel / rows] view is filled with N(0, 1) from the
   * global generator (transposed when wider than tall), factored Q·R by Householder QR, and Q's columns multiplied by
   * the signs of R's diagonal (so the result is the unique factor with a positive diagonal, whatever sign convention
   * the factorisation uses), then by {@code gain}. The normal fill and the factorisation run in the tensor's dtype's
   * stream and in double; values match PyTorch's LAPACK result to float rounding for float32 and at 1e-12 for
   * float64.
   *
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  public static Tensor orthogonal_(Tensor t, double gain) {
    checkArgument(t.dim() >= 2, "orthogonal_: Only tensors with 2 or more dimensions are supported (shape %s)",
        Arrays.toString(t.shape()));
    if (t.numel() == 0) {
      return t;
    }
    int rows = t.size(0);
    int cols = t.numel() / rows;
    double[] flat = normal_(Tensor.zeros(t.dtype(), rows, cols), 0, 1).toDoubleArray();
    boolean wide = rows < cols;
    int m = wide ? cols : rows;
    int n = wide ? rows : cols;
    double[][] a = new double[m][n];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        a[wide ? c : r][wide ? r : c] = flat[r * cols + c];
      }
    }
    HouseholderQr qr = new HouseholderQr(a);
    double[] out = new double[rows * cols];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        out[wide ? j * cols + i : i * cols + j] = qr.q[i][j] * Math.signum(qr.rDiagonal[j]);
      }
    }
    try (Autograd.Scope s = Autograd.noGrad()) {
      t.copy_(Tensor.of(out, t.shape(), t.dtype()));
      return t.mul_(gain);
    }
  }

  /** A sparse fill with PyTorch's default std 0.01. */
  public static Tensor sparse_(Tensor t, double sparsity) {
    return sparse_(t, sparsity, 0.01);
  }

  /**
   * N(0, std²) with {@code ceil(sparsity · rows)} zeros in each column, at rows chosen by one
   * {@code randperm(rows)} per column from the global generator, as PyTorch draws them.
   *
   * @throws IllegalArgumentException unless the tensor has 2 dimensions
   */
  public static Tensor sparse_(Tensor t, double sparsity, double std) {
    checkArgument(t.dim() == 2, "sparse_: Only tensors with 2 dimensions are supported (shape %s)",
        Arrays.toString(t.shape()));
    int rows = t.size(0);
    int cols = t.size(1);
    int numZeros = (int) Math.ceil(sparsity * rows);
    normal_(t, 0, std);
    double[] v = t.toDoubleArray();
    for (int c = 0; c < cols; c++) {
      int[] perm = Generator.global().randperm(rows);
      for (int k = 0; k < Math.min(numZeros, rows); k++) {
        v[perm[k] * cols + c] = 0;
      }
    }
    try (Autograd.Scope s = Autograd.noGrad()) {
      t.copy_(Tensor.of(v, t.shape(), t.dtype()));
      return t;
    }
  }

  /** {@link #dirac_(Tensor, int)} with one group. */
  public static Tensor dirac_(Tensor t) {
    return dirac_(t, 1);
  }

  /**
   * The Dirac delta for 3-, 4- or 5-dim convolution weights: a convolution with it is the identity on as many
   * channels as it can keep, in each of {@code groups} groups (a 1 at the centre of each kernel {@code [g·out + d,
   * d]}, zeros elsewhere).
   *
   * @throws IllegalArgumentException for another rank or a dim 0 not divisible by {@code groups}
   */
  public static Tensor dirac_(Tensor t, int groups) {
    int[] s = t.shape();
    checkArgument(s.length >= 3 && s.length <= 5,
        "dirac_: Only tensors with 3, 4, or 5 dimensions are supported (shape %s)", Arrays.toString(s));
    checkArgument(groups > 0 && s[0] % groups == 0, "dirac_: dim 0 must be divisible by groups (size %s, groups %s)",
        s[0], groups);
    int outPerGroup = s[0] / groups;
    int minDim = Math.min(outPerGroup, s[1]);
    int[] strides = new int[s.length];
    int acc = 1;
    for (int d = s.length - 1; d >= 0; d--) {
      strides[d] = acc;
      acc *= s[d];
    }
    int centre = 0;
    for (int d = 2; d < s.length; d++) {
      centre += (s[d] / 2) * strides[d];
    }
    double[] v = new double[t.numel()];
    for (int g = 0; g < groups; g++) {
      for (int d = 0; d < minDim; d++) {
        v[(g * outPerGroup + d) * strides[0] + d * strides[1] + centre] = 1;
      }
    }
    try (Autograd.Scope sc = Autograd.noGrad()) {
      t.copy_(Tensor.of(v, s, t.dtype()));
      return t;
    }
  }

  /**
   * The identity matrix (ones on the main diagonal of a possibly non-square matrix), PyTorch's {@code eye_}.
   *
   * @throws IllegalArgumentException unless the tensor has 2 dimensions
   */
  public static Tensor eye_(Tensor t) {
    checkArgument(t.dim() == 2, "eye_: Only tensors with 2 dimensions are supported (shape %s)",
        Arrays.toString(t.shape()));
    try (Autograd.Scope s = Autograd.noGrad()) {
      t.copy_(Tensor.eye(t.size(0), t.size(1)).to(t.dtype()));
      return t;
    }
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes values generated in PyTorch's iteration order into {@code t}. For a contiguous tensor that is row-major
   * order; otherwise TensorIterator walks dims from the largest stride to the smallest (memory order for a
   * transposed tensor), which is row-major order of {@code t.permute(byStrideDescending)}.
   */
  private static Tensor write(Tensor t, float[] values) {
    return write(t, values.length, shape -> Tensor.of(values, shape));
  }

  /** {@link #write(Tensor, float[])} for {@code n} values given as a tensor of the shape asked for. */
  private static Tensor write(Tensor t, int n, java.util.function.Function<int[], Tensor> values) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      if (n == 0) {
        return t;
      }
      Tensor target = t;
      if (!t.isContiguous()) {
        int[] stride = t.stride();
        int[] size = t.shape();
        int[] perm = IntStream.range(0, size.length).boxed()
            .sorted(Comparator.comparingInt((Integer d) -> size[d] == 1 ? Integer.MAX_VALUE : stride[d]).reversed())
            .mapToInt(Integer::intValue).toArray();
        target = t.permute(perm);
      }
      target.copy_(values.apply(target.shape()));
      return t;
    }
  }
}
