package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

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

  // ---------------------------------------------------------------- writing

  /**
   * Writes values generated in PyTorch's iteration order into {@code t}. For a contiguous tensor that is row-major
   * order; otherwise TensorIterator walks dims from the largest stride to the smallest (memory order for a
   * transposed tensor), which is row-major order of {@code t.permute(byStrideDescending)}.
   */
  private static Tensor write(Tensor t, float[] values) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      if (values.length == 0) {
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
      target.copy_(Tensor.of(values, target.shape()));
      return t;
    }
  }
}
