package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.GRU;
import dev.jgrad.nn.LSTM;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.RNNBase;
import dev.jgrad.optim.Adam;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of a 2-layer recurrent network, exactly as tools/bench_torch.py's {@code lstm_step} and
 * {@code gru_step} do it: input size 256, hidden size 256, sequence length 64, batch 32 (time-major input [64, 32,
 * 256]), MSE against a fixed random target of the output's shape, Adam with lr 1e-3:
 * {@code zeroGrad(); loss = mse(model(x), y); loss.backward(); step()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class RecurrentBenchmarks {
  static final int INPUT = 256;
  static final int HIDDEN = 256;
  static final int LAYERS = 2;
  static final int SEQ = 64;
  static final int BATCH = 32;

  abstract static class Case {
    RNNBase model;
    MSELoss loss;
    Adam optimizer;
    Tensor x;
    Tensor y;

    final void init(RNNBase m) {
      model = m;
      loss = new MSELoss();
      optimizer = new Adam(model.parameters(), 1e-3);
      Generator g = new Generator(0);
      x = Tensor.randn(g, SEQ, BATCH, INPUT);
      y = Tensor.randn(g, SEQ, BATCH, HIDDEN);
    }

    final Tensor step() {
      optimizer.zeroGrad();
      Tensor l = loss.forward(model.forward(x), y);
      l.backward();
      optimizer.step();
      return l;
    }
  }

  @State(Scope.Thread)
  public static class Lstm extends Case {
    @Setup
    public void setup() {
      Tensor.manualSeed(0);
      init(new LSTM(INPUT, HIDDEN, LAYERS, true, false, 0, false, 0));
    }
  }

  @State(Scope.Thread)
  public static class Gru extends Case {
    @Setup
    public void setup() {
      Tensor.manualSeed(0);
      init(new GRU(INPUT, HIDDEN, LAYERS, true, false, 0, false));
    }
  }

  @Benchmark
  public Tensor lstmStep(Lstm c) {
    return c.step();
  }

  @Benchmark
  public Tensor gruStep(Gru c) {
    return c.step();
  }
}
