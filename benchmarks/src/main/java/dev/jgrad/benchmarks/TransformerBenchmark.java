package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Functional;
import dev.jgrad.nn.Transformer;
import dev.jgrad.nn.TransformerEncoder;
import dev.jgrad.nn.TransformerEncoderLayer;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Optimizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of a Transformer encoder, as tools/bench_torch.py does it: a 4-layer
 * {@code TransformerEncoder} (d_model 128, 4 heads, feed-forward 512, relu, post-norm, sequence-first), input
 * [64, 32, 128] (sequence 64, batch 32), MSE against a fixed target, {@code zeroGrad(); loss.backward();
 * AdamW(lr 1e-3).step()}. {@code dropout} 0.1 is the layer's default; 0.0 shows the cost of the dropout masks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class TransformerBenchmark {
  static final int LAYERS = 4;
  static final int D_MODEL = 128;
  static final int HEADS = 4;
  static final int FEED_FORWARD = 512;
  static final int SEQUENCE = 64;
  static final int BATCH = 32;

  /** The model, its optimizer and one fixed batch. */
  @State(Scope.Thread)
  public static class Encoder {
    @Param({"0.1", "0.0"})
    public double dropout;

    TransformerEncoder model;
    Optimizer optimizer;
    Tensor x;
    Tensor target;
    /** The causal (square subsequent) mask of a decoder-style encoder, for {@link #causalEncoderStep}. */
    Tensor causal;

    @Setup
    public void setup() {
      init(LAYERS, SEQUENCE, BATCH);
    }

    /** The workload with another depth, sequence length and batch (the unit test runs a small one). */
    void init(int layers, int sequence, int batch) {
      Tensor.manualSeed(0);
      model = new TransformerEncoder(new TransformerEncoderLayer(D_MODEL, HEADS, FEED_FORWARD, dropout, "relu", 1e-5,
          false, false), layers, null);
      optimizer = new AdamW(model.parameters(), 1e-3);
      Generator g = new Generator(0);
      x = Tensor.randn(g, sequence, batch, D_MODEL);
      target = Tensor.randn(g, sequence, batch, D_MODEL);
      causal = Transformer.generateSquareSubsequentMask(sequence);
    }

    Tensor step() {
      return step(null);
    }

    Tensor step(Tensor mask) {
      optimizer.zeroGrad();
      Tensor loss = Functional.mseLoss(model.forward(x, mask, null), target);
      loss.backward();
      optimizer.step();
      return loss;
    }
  }

  @Benchmark
  public Tensor encoderStep(Encoder c) {
    return c.step();
  }

  /** The same step with a causal attention mask: the masked softmax of every layer's attention. */
  @Benchmark
  public Tensor causalEncoderStep(Encoder c) {
    return c.step(c.causal);
  }
}
