package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the safetensors file that {@code tools/gen_nn_golden.py --verify FILE} checks against torch, proving that a
 * jgrad-written checkpoint reads back in Python with torch's own values:
 *
 * <pre>
 * java -cp ... dev.jgrad.nn.CheckpointInteropMain /tmp/jgrad.safetensors
 * /usr/bin/python3 tools/gen_nn_golden.py --verify /tmp/jgrad.safetensors
 * </pre>
 */
public final class CheckpointInteropMain {
  private CheckpointInteropMain() {}

  /** The tensors, in the order gen_nn_golden.py's {@code jgrad_expected()} lists them. */
  static LinkedHashMap<String, Tensor> tensors() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    Tensor.manualSeed(0);
    new Linear(3, 2).stateDict().forEach((k, v) -> out.put("linear." + k, v));
    Tensor.manualSeed(1);
    Sequential seq = new Sequential(new Linear(4, 8), new ReLU(), new BatchNorm1d(8), new Linear(8, 3));
    seq.train();
    try (Autograd.Scope s = Autograd.noGrad()) {
      seq.get(2).forward(Tensor.arange(32.0).view(4, 8).div(10));
    }
    seq.stateDict().forEach((k, v) -> out.put("seq." + k, v));
    out.putAll(interopTensors());
    return out;
  }

  /** gen_nn_golden.py's {@code interop_tensors()}. */
  static LinkedHashMap<String, Tensor> interopTensors() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    Tensor.manualSeed(7);
    out.put("weight", Tensor.randn(3, 4));
    out.put("bias", Tensor.of(0.5f, -1.25f, 3.0e-8f));
    out.put("scalar", Tensor.scalar(2.5f));
    out.put("empty", Tensor.zeros(0, 3));
    out.put("steps", Tensor.ofLongs(0, 7, -3, 123456));
    out.put("mask", Tensor.of(new float[] {1, 0, 0, 1}, 2, 2).to(DType.BOOL));
    out.put("special", Tensor.of(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 1.0e-40f));
    return out;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: CheckpointInteropMain OUTPUT.safetensors");
      System.exit(2);
    }
    Checkpoints.save(Path.of(args[0]), tensors(), Map.of("writer", "jgrad"));
    System.out.println("wrote " + args[0]);
  }
}
