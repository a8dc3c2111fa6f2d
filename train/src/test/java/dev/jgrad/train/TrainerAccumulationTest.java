package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.Reduction;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradient accumulation over k micro-batches gives, after every optimizer step, the parameters of training on the
 * k-times larger batches, to float32 rounding (docs/SEMANTICS.md, "Trainer") — also when the last group has unequal
 * micro-batches.
 */
class TrainerAccumulationTest {
  private static final int N = 11; // batches of 6: 6, 5; micro-batches of 2: (2, 2, 2), (2, 2, 1)

  private static TensorDataset data() {
    Generator g = new Generator(42);
    return new TensorDataset(Tensor.randn(g, N, 4), Tensor.randn(g, N, 2));
  }

  private static Module model() {
    Tensor.manualSeed(7);
    return new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 2));
  }

  private static Optimizer optimizer(String name, Module m) {
    return name.startsWith("sgd")
        ? new SGD(m.parameters(), SGD.Options.defaults().withLr(0.1).withMomentum(0.9))
        : new Adam(m.parameters(), 0.01);
  }

  /** Parameter values after each optimizer step of a 3-epoch run. */
  private static List<float[]> run(String optimizer, int batchSize, int k) {
    Module m = model();
    List<float[]> snapshots = new ArrayList<>();
    Callback snapshot = new Callback() {
      @Override public void onBatchEnd(Trainer t, BatchEnd e) {
        if (e.stepped()) {
          List<Float> values = new ArrayList<>();
          for (Parameter p : m.parameters()) {
            for (float v : p.toArray()) {
              values.add(v);
            }
          }
          float[] flat = new float[values.size()];
          for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
          }
          snapshots.add(flat);
        }
      }
    };
    // shuffled with one seed: every batch size sees the same permutation, so groups hold the same samples
    DataLoader loader = DataLoader.builder(data()).batchSize(batchSize).shuffle(true).seed(3).build();
    MSELoss loss = optimizer.endsWith("sum") ? new MSELoss(Reduction.SUM) : new MSELoss();
    Trainer.builder().model(m).loss(loss).optimizer(optimizer(optimizer, m)).accumulationSteps(k)
        .callbacks(snapshot).build().fit(loader, 3);
    return snapshots;
  }

  private static double maxDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "adam", "sgd with reduction sum"})
  void kMicroBatchesGiveTheParametersOfOneBatchOfKTimesTheSize(String optimizer) {
    List<float[]> big = run(optimizer, 6, 1);
    List<float[]> accumulated = run(optimizer, 2, 3);
    assertEquals(6, big.size(), "2 steps per epoch");
    assertEquals(big.size(), accumulated.size());
    for (int s = 0; s < big.size(); s++) {
      double d = maxDiff(big.get(s), accumulated.get(s));
      assertTrue(d < 5e-6, optimizer + ": step " + (s + 1) + " differs by " + d);
    }
    // the comparison is sensitive: plain micro-batches of 2 (no accumulation) end elsewhere
    List<float[]> small = run(optimizer, 2, 1);
    assertTrue(maxDiff(big.get(1), small.get(1)) > 1e-3, "unaccumulated small batches must differ");
  }
}
