package dev.jgrad.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs exported files in ONNX Runtime (one environment for the whole test run) and compares their outputs with
 * jgrad's, recording the largest absolute difference seen.
 */
final class OrtRunner {
  static final double TOLERANCE = 1e-5;
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final OrtSession.SessionOptions OPTIONS = options();
  private static double maxDifference;

  private OrtRunner() {}

  /** ONNX Runtime's output for {@code input} (float32 or int64) fed as {@code inputName}. */
  static Tensor run(Path file, String inputName, Tensor input) throws OrtException {
    try (OrtSession session = ENV.createSession(file.toString(), OPTIONS)) {
      return run(session, inputName, input);
    }
  }

  /** ONNX Runtime's output for {@code input} on the serialised model {@code model}. */
  static Tensor run(byte[] model, String inputName, Tensor input) throws OrtException {
    try (OrtSession session = ENV.createSession(model, OPTIONS)) {
      return run(session, inputName, input);
    }
  }

  private static Tensor run(OrtSession session, String inputName, Tensor input) throws OrtException {
    try (OnnxTensor x = tensor(input);
        OrtSession.Result result = session.run(Map.of(inputName, x))) {
      OnnxTensor y = (OnnxTensor) result.get(0);
      int[] shape = Arrays.stream(y.getInfo().getShape()).mapToInt(d -> (int) d).toArray();
      if (y.getInfo().type == ai.onnxruntime.OnnxJavaType.DOUBLE) {
        DoubleBuffer b = y.getDoubleBuffer();
        double[] values = new double[b.remaining()];
        b.get(values);
        return Tensor.of(values, shape, DType.FLOAT64);
      }
      FloatBuffer b = y.getFloatBuffer();
      float[] values = new float[b.remaining()];
      b.get(values);
      return Tensor.of(values, shape);
    }
  }

  /** Asserts that ONNX Runtime computes what {@code model} (in eval mode, without gradients) computes. */
  static void assertSameOutput(Module model, Path file, String inputName, Tensor input) throws OrtException {
    assertClose(eval(model, input), run(file, inputName, input));
  }

  /** {@link #assertSameOutput(Module, Path, String, Tensor)} for a model held in memory. */
  static void assertSameOutput(Module model, byte[] onnx, String inputName, Tensor input) throws OrtException {
    assertClose(eval(model, input), run(onnx, inputName, input));
  }

  private static Tensor eval(Module model, Tensor input) {
    boolean training = model.isTraining();
    model.eval();
    Tensor expected;
    try (Autograd.Scope g = Autograd.noGrad()) {
      expected = model.forward(input);
    } finally {
      model.train(training);
    }
    return expected;
  }

  static void assertClose(Tensor expected, Tensor actual) {
    assertClose(expected, actual, TOLERANCE);
  }

  /** Same shape, dtype, and values within {@code tolerance}. */
  static void assertClose(Tensor expected, Tensor actual, double tolerance) {
    assertArrayEquals(expected.shape(), actual.shape(), "output shape");
    assertEquals(expected.dtype(), actual.dtype(), "output dtype");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      worst = Math.max(worst, Math.abs(e[i] - a[i]));
    }
    synchronized (OrtRunner.class) {
      maxDifference = Math.max(maxDifference, worst);
    }
    assertTrue(worst <= tolerance, "max abs difference " + worst + " > " + tolerance);
  }

  /** The largest absolute difference any comparison has seen so far. */
  static synchronized double maxDifference() {
    return maxDifference;
  }

  /** One thread and the basic graph rewrites: these graphs are tiny, and a session per test starts faster. */
  private static OrtSession.SessionOptions options() {
    try {
      OrtSession.SessionOptions o = new OrtSession.SessionOptions();
      o.setIntraOpNumThreads(1);
      o.setInterOpNumThreads(1);
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      return o;
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OnnxTensor tensor(Tensor t) throws OrtException {
    long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
    return switch (t.dtype()) {
      case INT64 -> OnnxTensor.createTensor(ENV, LongBuffer.wrap(t.toLongArray()), shape);
      case FLOAT64 -> OnnxTensor.createTensor(ENV, DoubleBuffer.wrap(t.toDoubleArray()), shape);
      default -> OnnxTensor.createTensor(ENV, FloatBuffer.wrap(t.contiguous().toArray()), shape);
    };
  }
}
