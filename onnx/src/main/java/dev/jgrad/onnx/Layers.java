package dev.jgrad.onnx;

import static dev.jgrad.onnx.Graph.attribute;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.AdaptiveAvgPool1d;
import dev.jgrad.nn.AdaptiveAvgPool2d;
import dev.jgrad.nn.AlphaDropout;
import dev.jgrad.nn.AvgPool1d;
import dev.jgrad.nn.AvgPool2d;
import dev.jgrad.nn.BatchNorm;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.BatchNorm3d;
import dev.jgrad.nn.CELU;
import dev.jgrad.nn.Conv1d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Dropout1d;
import dev.jgrad.nn.Dropout2d;
import dev.jgrad.nn.ELU;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.FeatureAlphaDropout;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.GELU;
import dev.jgrad.nn.Hardsigmoid;
import dev.jgrad.nn.Hardswish;
import dev.jgrad.nn.Hardtanh;
import dev.jgrad.nn.Identity;
import dev.jgrad.nn.LayerNorm;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.LogSigmoid;
import dev.jgrad.nn.LogSoftmax;
import dev.jgrad.nn.MaxPool1d;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Mish;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.PReLU;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.ReLU6;
import dev.jgrad.nn.SELU;
import dev.jgrad.nn.SiLU;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Softmax;
import dev.jgrad.nn.Softplus;
import dev.jgrad.nn.Softsign;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.Tanhshrink;
import dev.jgrad.nn.Threshold;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers ONNX export knows, each with the operators that compute it (opset 17), in eval-mode semantics. A layer
 * is looked up by its exact class: a subclass may compute something else in its {@code forward}.
 */
final class Layers {
  /** Writes one layer's nodes and returns the name of its output value. */
  @FunctionalInterface
  interface Converter<M extends Module> {
    String write(M module, Step step);
  }

  private static final Map<Class<?>, Converter<?>> TABLE = new HashMap<>();

  private static <M extends Module> void put(Class<M> type, Converter<M> converter) {
    TABLE.put(type, converter);
  }

  static {
    put(Linear.class, Layers::linear);
    put(Conv1d.class, (m, s) -> conv(s, "Conv1d", m.weight(), m.bias(), m.kernelSize(), m.stride(), m.padding(),
        m.paddingString(), m.dilation(), m.groups(), m.paddingMode()));
    put(Conv2d.class, (m, s) -> conv(s, "Conv2d", m.weight(), m.bias(), m.kernelSize(), m.stride(), m.padding(),
        m.paddingString(), m.dilation(), m.groups(), m.paddingMode()));
    put(MaxPool1d.class, (m, s) -> maxPool(s, new int[] {m.kernelSize()}, new int[] {m.stride()},
        new int[] {m.padding()}, new int[] {m.dilation()}, m.ceilMode()));
    put(MaxPool2d.class, (m, s) -> maxPool(s, m.kernelSize(), m.stride(), m.padding(), m.dilation(), m.ceilMode()));
    put(AvgPool1d.class, (m, s) -> avgPool(s, new int[] {m.kernelSize()}, new int[] {m.stride()},
        new int[] {m.padding()}, m.ceilMode(), m.countIncludePad()));
    put(AvgPool2d.class, (m, s) -> avgPool(s, m.kernelSize(), m.stride(), m.padding(), m.ceilMode(),
        m.countIncludePad()));
    put(AdaptiveAvgPool1d.class, (m, s) -> adaptiveAvgPool(s, "AdaptiveAvgPool1d"));
    put(AdaptiveAvgPool2d.class, (m, s) -> adaptiveAvgPool(s, "AdaptiveAvgPool2d"));
    put(BatchNorm1d.class, (m, s) -> batchNorm(m, s, "BatchNorm1d"));
    put(BatchNorm2d.class, (m, s) -> batchNorm(m, s, "BatchNorm2d"));
    put(BatchNorm3d.class, (m, s) -> batchNorm(m, s, "BatchNorm3d"));
    put(LayerNorm.class, Layers::layerNorm);
    put(Embedding.class, (m, s) -> s.node("Gather", List.of(s.weight("weight", m.weight()), s.input())));

    put(ReLU.class, (m, s) -> s.op("Relu"));
    put(LeakyReLU.class, (m, s) -> s.op("LeakyRelu", attribute("alpha", m.negativeSlope())));
    put(Sigmoid.class, (m, s) -> s.op("Sigmoid"));
    put(Tanh.class, (m, s) -> s.op("Tanh"));
    put(GELU.class, (m, s) -> m.approximate().equals("tanh") ? geluTanh(s) : geluErf(s));
    put(ELU.class, (m, s) -> s.op("Elu", attribute("alpha", m.alpha())));
    put(CELU.class, (m, s) -> s.op("Celu", attribute("alpha", m.alpha())));
    // ONNX's default alpha and gamma are PyTorch's SELU constants.
    put(SELU.class, (m, s) -> s.op("Selu"));
    put(Softplus.class, (m, s) -> softplus(s, m.beta(), m.threshold()));
    put(Softsign.class, (m, s) -> s.op("Softsign"));
    put(Hardtanh.class, (m, s) -> clip(s, m.minVal(), m.maxVal()));
    put(ReLU6.class, (m, s) -> clip(s, 0, 6));
    // relu6(x + 3) / 6
    put(Hardsigmoid.class, (m, s) -> s.op("HardSigmoid", attribute("alpha", 1.0 / 6), attribute("beta", 0.5)));
    put(Hardswish.class, (m, s) -> s.op("HardSwish"));
    put(PReLU.class, Layers::prelu);
    put(SiLU.class, (m, s) -> s.node("Mul", List.of(s.input(), s.op("Sigmoid"))));
    put(Mish.class, (m, s) -> s.node("Mul", List.of(s.input(), s.node("Tanh", List.of(s.op("Softplus"))))));
    put(LogSigmoid.class, (m, s) -> s.node("Neg", List.of(s.node("Softplus", List.of(s.op("Neg"))))));
    put(Tanhshrink.class, (m, s) -> s.node("Sub", List.of(s.input(), s.op("Tanh"))));
    put(Threshold.class, (m, s) -> s.node("Where", List.of(s.withScalar("Greater", s.input(), m.threshold()),
        s.input(), s.graph().scalar((float) m.value()))));
    put(Softmax.class, (m, s) -> s.op("Softmax", attribute("axis", (long) m.dim())));
    put(LogSoftmax.class, (m, s) -> s.op("LogSoftmax", attribute("axis", (long) m.dim())));
    put(Flatten.class, Layers::flatten);
    // Dropout is the identity in eval mode, which export uses.
    for (Class<? extends Module> identity : List.of(Identity.class, Dropout.class, Dropout1d.class,
        Dropout2d.class, AlphaDropout.class, FeatureAlphaDropout.class)) {
      put(identity, (m, s) -> s.op("Identity"));
    }
  }

  private Layers() {}

  /** The converter for exactly {@code type}, or null. */
  @SuppressWarnings("unchecked")
  static Converter<Module> find(Class<?> type) {
    return (Converter<Module>) TABLE.get(type);
  }

  /** Gemm (x·Wᵀ + b) for a matrix input; MatMul with the transposed weight, then Add, for any other rank. */
  private static String linear(Linear m, Step s) {
    if (s.inShape().length == 2) {
      String w = s.weight("weight", m.weight());
      List<String> inputs = m.bias() == null ? List.of(s.input(), w)
          : List.of(s.input(), w, s.weight("bias", m.bias()));
      return s.node("Gemm", inputs, attribute("transB", 1L));
    }
    String y = s.node("MatMul", List.of(s.input(), s.weight("weight", m.weight().detach().t().contiguous())));
    return m.bias() == null ? y : s.node("Add", List.of(y, s.weight("bias", m.bias())));
  }

  private static String conv(Step s, String layer, Tensor weight, Tensor bias, int[] kernel, int[] stride,
      int[] padding, String paddingString, int[] dilation, int groups, String paddingMode) {
    int n = kernel.length;
    int[] pads = new int[2 * n];
    for (int i = 0; i < n; i++) {
      // 'same' puts the odd leftover on the end side, as PyTorch does
      int total = "same".equals(paddingString) ? dilation[i] * (kernel[i] - 1) : 2 * padding[i];
      pads[i] = total / 2;
      pads[n + i] = total - total / 2;
    }
    String x = s.input();
    if (!paddingMode.equals("zeros")) {
      String mode = switch (paddingMode) {
        case "reflect" -> "reflect";
        case "replicate" -> "edge";
        default -> throw s.unsupported(layer, "padding_mode='" + paddingMode + "' (ONNX Pad has no wrap mode "
            + "before opset 19)");
      };
      long[] full = new long[2 * (n + 2)];
      for (int i = 0; i < n; i++) {
        full[2 + i] = pads[i];
        full[n + 4 + i] = pads[n + i];
      }
      x = s.node("Pad", List.of(x, s.longs("pads", new int[] {full.length}, full)), attribute("mode", mode));
      pads = new int[2 * n];
    }
    List<String> inputs = bias == null ? List.of(x, s.weight("weight", weight))
        : List.of(x, s.weight("weight", weight), s.weight("bias", bias));
    return s.node("Conv", inputs, attribute("kernel_shape", kernel), attribute("strides", stride),
        attribute("pads", pads), attribute("dilations", dilation), attribute("group", (long) groups));
  }

  private static String maxPool(Step s, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceil) {
    return s.op("MaxPool", attribute("kernel_shape", kernel), attribute("strides", stride),
        attribute("pads", bothSides(padding)), attribute("dilations", dilation),
        attribute("ceil_mode", ceil ? 1L : 0L));
  }

  private static String avgPool(Step s, int[] kernel, int[] stride, int[] padding, boolean ceil,
      boolean countIncludePad) {
    return s.op("AveragePool", attribute("kernel_shape", kernel), attribute("strides", stride),
        attribute("pads", bothSides(padding)), attribute("ceil_mode", ceil ? 1L : 0L),
        attribute("count_include_pad", countIncludePad ? 1L : 0L));
  }

  /**
   * GlobalAveragePool for an output of 1; otherwise AveragePool when each input size is a multiple of the output
   * size (the adaptive windows are then equal and do not overlap).
   */
  private static String adaptiveAvgPool(Step s, String layer) {
    int[] in = s.inShape();
    int[] out = s.outShape();
    int n = in.length - 2;
    int[] kernel = new int[n];
    boolean global = true;
    for (int i = 0; i < n; i++) {
      int a = in[i + 2];
      int b = out[i + 2];
      if (a % b != 0) {
        throw s.unsupported(layer, "an input size " + a + " that is not a multiple of the output size " + b);
      }
      kernel[i] = a / b;
      global &= b == 1;
    }
    return global ? s.op("GlobalAveragePool")
        : s.op("AveragePool", attribute("kernel_shape", kernel), attribute("strides", kernel));
  }

  private static String batchNorm(BatchNorm m, Step s, String layer) {
    if (m.runningMean() == null) {
      throw s.unsupported(layer, "track_running_stats=False (it normalises with each batch's own statistics)");
    }
    int c = m.numFeatures();
    String scale = m.weight() != null ? s.weight("weight", m.weight()) : s.floats("weight", new int[] {c}, ones(c));
    String bias = m.bias() != null ? s.weight("bias", m.bias()) : s.floats("bias", new int[] {c}, new float[c]);
    return s.node("BatchNormalization", List.of(s.input(), scale, bias, s.weight("running_mean", m.runningMean()),
        s.weight("running_var", m.runningVar())), attribute("epsilon", m.eps()));
  }

  private static String layerNorm(LayerNorm m, Step s) {
    int[] shape = m.normalizedShape();
    int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    String scale = m.weight() != null ? s.weight("weight", m.weight()) : s.floats("weight", shape, ones(size));
    List<String> inputs = m.bias() != null ? List.of(s.input(), scale, s.weight("bias", m.bias()))
        : List.of(s.input(), scale);
    return s.node("LayerNormalization", inputs, attribute("axis", (long) -shape.length),
        attribute("epsilon", m.eps()));
  }

  /** 0.5·x·(1 + erf(x/√2)): opset 17 has no Gelu operator. */
  private static String geluErf(Step s) {
    String erf = s.node("Erf", List.of(s.withScalar("Div", s.input(), Math.sqrt(2))));
    return s.withScalar("Mul", s.node("Mul", List.of(s.input(), s.withScalar("Add", erf, 1))), 0.5);
  }

  /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
  private static String geluTanh(Step s) {
    String x = s.input();
    String cube = s.node("Mul", List.of(s.node("Mul", List.of(x, x)), x));
    String inner = s.node("Add", List.of(x, s.withScalar("Mul", cube, 0.044715)));
    String tanh = s.node("Tanh", List.of(s.withScalar("Mul", inner, Math.sqrt(2 / Math.PI))));
    return s.withScalar("Mul", s.node("Mul", List.of(x, s.withScalar("Add", tanh, 1))), 0.5);
  }

  /** log(1 + exp(β·x))/β, and x itself where β·x exceeds the threshold, as PyTorch computes it. */
  private static String softplus(Step s, double beta, double threshold) {
    String bx = beta == 1 ? s.input() : s.withScalar("Mul", s.input(), beta);
    String soft = s.node("Softplus", List.of(bx));
    String scaled = beta == 1 ? soft : s.withScalar("Div", soft, beta);
    return s.node("Where", List.of(s.withScalar("Greater", bx, threshold), s.input(), scaled));
  }

  private static String clip(Step s, double min, double max) {
    return s.node("Clip", List.of(s.input(), s.graph().scalar((float) min), s.graph().scalar((float) max)));
  }

  /** PRelu broadcasts from the right; PyTorch's per-channel weight applies on dimension 1, so it gets [C, 1, ..]. */
  private static String prelu(PReLU m, Step s) {
    int rank = s.inShape().length;
    int c = m.numParameters();
    int[] shape = new int[c == 1 ? 1 : Math.max(1, rank - 1)];
    Arrays.fill(shape, 1);
    shape[0] = c;
    String slope = s.weight("weight", m.weight().detach().reshape(shape));
    return s.node("PRelu", List.of(s.input(), slope));
  }

  /**
   * ONNX Flatten for PyTorch's default (from dimension 1 to the end), else a Reshape keeping the leading dimensions
   * ({@code 0}) and the trailing ones. Flattening the batch dimension is refused: the graph keeps it dynamic.
   */
  private static String flatten(Flatten m, Step s) {
    int rank = s.inShape().length;
    int start = m.startDim() < 0 ? m.startDim() + rank : m.startDim();
    int end = m.endDim() < 0 ? m.endDim() + rank : m.endDim();
    if (start == 0 && end > 0) {
      throw s.unsupported("Flatten", "start_dim=0 (it merges the batch dimension, which the exported graph keeps "
          + "dynamic)");
    }
    if (start == 1 && end == rank - 1) {
      return s.op("Flatten", attribute("axis", 1L));
    }
    long[] shape = new long[start + 1 + rank - 1 - end];
    shape[start] = -1;
    for (int i = end + 1; i < rank; i++) {
      shape[start + 1 + i - end - 1] = s.inShape()[i];
    }
    return s.node("Reshape", List.of(s.input(), s.longs("shape", new int[] {shape.length}, shape)));
  }

  private static int[] bothSides(int[] padding) {
    int[] pads = new int[2 * padding.length];
    for (int i = 0; i < padding.length; i++) {
      pads[i] = padding[i];
      pads[padding.length + i] = padding[i];
    }
    return pads;
  }

  private static float[] ones(int n) {
    float[] v = new float[n];
    Arrays.fill(v, 1f);
    return v;
  }
}
