package dev.jgrad.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
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
      long[] shape = y.getInfo().getShape();
      FloatBuffer b = y.getFloatBuffer();
      float[] values = new float[b.remaining()];
      b.get(values);
      return Tensor.of(values, Arrays.stream(shape).mapToInt(d -> (int) d).toArray());
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
    assertArrayEquals(expected.shape(), actual.shape(), "output shape");
    float[] e = expected.contiguous().toArray();
    float[] a = actual.toArray();
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      worst = Math.max(worst, Math.abs(e[i] - a[i]));
    }
    synchronized (OrtRunner.class) {
      maxDifference = Math.max(maxDifference, worst);
    }
    assertTrue(worst <= TOLERANCE, "max abs difference " + worst + " > " + TOLERANCE);
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
    float[] values = t.contiguous().toArray();
    long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
    if (t.dtype() == DType.INT64) {
      long[] longs = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        longs[i] = (long) values[i];
      }
      return OnnxTensor.createTensor(ENV, LongBuffer.wrap(longs), shape);
    }
    return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape);
  }
}
