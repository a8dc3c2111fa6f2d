package dev.jgrad.spark;

import dev.jgrad.autograd.ShardContext;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.Batch;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ParameterVectors;
import dev.jgrad.nn.Reduction;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.train.parallel.ShardGradients;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The two tasks a partition runs, each a pure function of the broadcast weights (and optimizer state), the
 * partition's cached rows and the step: a retried or speculative attempt returns the same bits.
 */
final class ShardTasks {
  private ShardTasks() {}

  /** One partition's answer for one exact step: its shard's scaled gradient (see {@link ShardGradients}). */
  record Gradient(float[] gradients, double loss, int rows) implements Serializable {}

  /** One partition's answer for a local-SGD round: its weights and optimizer state after its local steps. */
  record Round(float[] weights, FlatOptimizerState optimizer, double lossSum, int rows, int steps)
      implements Serializable {}

  /** What a local-SGD round starts from. */
  record RoundStart(float[] weights, FlatOptimizerState optimizer) implements Serializable {}

  /** The gradient of partition r's shard of batch {@code step}, computed by {@link ShardGradients#compute}. */
  static final class ExactStep implements Function2<Integer, Iterator<ShardData>, Iterator<Gradient>> {
    private static final long serialVersionUID = 1L;
    private final RunSpec spec;
    private final Broadcast<float[]> weights;
    private final int step;
    private final int batchRows;
    private final long globalStep;

    ExactStep(RunSpec spec, Broadcast<float[]> weights, int step, int batchRows, long globalStep) {
      this.spec = spec;
      this.weights = weights;
      this.step = step;
      this.batchRows = batchRows;
      this.globalStep = globalStep;
    }

    @Override
    public Iterator<Gradient> call(Integer partition, Iterator<ShardData> rows) {
      ShardData data = rows.next();
      Module model = ExecutorModels.borrow(spec.runId(), spec.model());
      try {
        ParameterVectors.vectorToParameters(Tensor.of(weights.value()), model.parameters());
        Batch batch = data.batch(step, spec.targets());
        ShardGradients.Result r = ShardGradients.compute(model, spec.loss().get(), batch.features(), batch.targets(),
            data.shardStart(step), batchRows, spec.seed(), globalStep);
        return List.of(new Gradient(r.gradients(), r.loss(), r.rows())).iterator();
      } finally {
        ExecutorModels.giveBack(spec.runId(), model);
      }
    }
  }

  /**
   * k optimizer steps on partition r's shards of batches {@code [fromStep, toStep)}, from the broadcast weights and
   * optimizer state. A batch in which the partition has no rows is skipped.
   */
  static final class LocalRound implements Function2<Integer, Iterator<ShardData>, Iterator<Round>> {
    private static final long serialVersionUID = 1L;
    private final RunSpec spec;
    private final Broadcast<RoundStart> start;
    private final int fromStep;
    private final int toStep;
    private final long globalStep;

    LocalRound(RunSpec spec, Broadcast<RoundStart> start, int fromStep, int toStep, long globalStep) {
      this.spec = spec;
      this.start = start;
      this.fromStep = fromStep;
      this.toStep = toStep;
      this.globalStep = globalStep;
    }

    @Override
    public Iterator<Round> call(Integer partition, Iterator<ShardData> rows) {
      ShardData data = rows.next();
      Module model = ExecutorModels.borrow(spec.runId(), spec.model());
      try {
        RoundStart from = start.value();
        ParameterVectors.vectorToParameters(Tensor.of(from.weights()), model.parameters());
        model.zeroGrad();
        Optimizer optimizer = spec.optimizer().apply(model.parameters());
        optimizer.loadStateDict(from.optimizer().toState());
        Loss loss = spec.loss().get();
        double lossSum = 0;
        int seen = 0;
        int steps = 0;
        for (int s = fromStep; s < toStep; s++) {
          int n = data.rows(s);
          if (n == 0) {
            continue;
          }
          Batch batch = data.batch(s, spec.targets());
          double value;
          try (ShardContext shard = ShardContext.enter(spec.seed(), globalStep + s - fromStep, data.shardStart(s),
              n)) {
            Tensor l = loss.forward(model.call(batch.features()), batch.targets());
            value = l.doubleValue();
            l.backward();
          }
          optimizer.step();
          optimizer.zeroGrad();
          lossSum += loss.reduction() == Reduction.SUM ? value : value * n;
          seen += n;
          steps++;
        }
        float[] weights = ParameterVectors.parametersToVector(model.parameters()).toArray();
        return List.of(new Round(weights, FlatOptimizerState.of(optimizer.stateDict()), lossSum, seen, steps))
            .iterator();
      } finally {
        ExecutorModels.giveBack(spec.runId(), model);
      }
    }
  }
}
