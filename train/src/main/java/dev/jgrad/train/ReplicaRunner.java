package dev.jgrad.train;

import dev.jgrad.autograd.IntraOpThreads;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.Batch;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.Reduction;
import dev.jgrad.train.parallel.ShardGradients;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the W shards of each micro-batch for {@link Trainer} as {@link DataParallel} configures: on W replica threads
 * or, emulated, one after another on the caller. Each replica sums its shards' gradients over the micro-batches of
 * an optimizer step in its own flat buffer (micro-batch order); {@link #reduceIntoGrads} then adds the W buffers into
 * {@code .grad} in replica order, in slices shared out between the replica threads. Every float operation and its
 * order are the same in both modes, so they agree bit for bit.
 */
final class ReplicaRunner implements AutoCloseable {
  private final DataParallel config;
  private final Module model;
  private final Loss loss;
  private final long seed;
  private final List<Parameter> params;
  private final int flatSize;
  private final ExecutorService pool;   // null when emulated
  /** Whether the model is float64: its flat vectors are then double[] (the other buffer stays null). */
  private final boolean f64;
  /** Per replica: the sum of its shards' gradients since the last reduction, or null (float32 model). */
  private final float[][] accumulated;
  /** The same for a float64 model. */
  private final double[][] accumulated64;

  /** The micro-batch's loss over all shards and the model's outputs for its rows, in row order. */
  record Outcome(double loss, List<Tensor> outputs) {}

  ReplicaRunner(DataParallel config, Module model, Loss loss, long seed) {
    this.config = config;
    this.model = model;
    this.loss = loss;
    this.seed = seed;
    this.params = ShardGradients.trainableParameters(model);
    this.flatSize = ShardGradients.flatSize(params);
    this.f64 = ShardGradients.isFloat64(params);
    this.accumulated = new float[config.replicas()][];
    this.accumulated64 = new double[config.replicas()][];
    this.pool = config.isEmulated() ? null : startPool(config.replicas(), config.gemmThreadsPerReplica());
  }

  private static ExecutorService startPool(int replicas, int gemmThreads) {
    AtomicInteger index = new AtomicInteger();
    return Executors.newFixedThreadPool(replicas, body -> {
      String name = "jgrad-replica-" + index.getAndIncrement();
      Thread t = new Thread(() -> {
        try (IntraOpThreads gemm = IntraOpThreads.bind(gemmThreads, name + "-gemm")) {
          body.run();
        }
      }, name);
      t.setDaemon(true);
      return t;
    });
  }

  int replicas() {
    return config.replicas();
  }

  /**
   * Computes the W shards of {@code batch} and adds each shard's scaled gradients to its replica's buffer.
   *
   * @param samplesPerStep the rows of all micro-batches of this optimizer step
   * @param step the micro-batch's number in the run (keys the dropout stream)
   */
  Outcome microBatch(Batch batch, long samplesPerStep, long step) {
    int w = config.replicas();
    int b = batch.size();
    if (w > 1) {
      ShardGradients.checkReplicable(model);   // here, on the caller, rather than from inside W threads
    }
    List<Callable<ShardGradients.Result>> shards = new ArrayList<>(w);
    for (int i = 0; i < w; i++) {
      int replica = i;
      int lo = ShardGradients.shardStart(b, w, i);
      int rows = ShardGradients.shardStart(b, w, i + 1) - lo;
      shards.add(() -> {
        ShardGradients.Result r = ShardGradients.compute(model, loss, batch.features().narrow(0, lo, rows),
            batch.targets().narrow(0, lo, rows), lo, b, samplesPerStep, seed, step);
        accumulate(replica, r);
        return r;
      });
    }
    List<ShardGradients.Result> results = run(shards);
    boolean summed = loss.reduction() == Reduction.SUM;
    double value = 0;
    List<Tensor> outputs = new ArrayList<>(w);
    for (ShardGradients.Result r : results) {
      if (r.rows() > 0) {
        value += summed ? r.loss() : r.loss() * r.rows() / b;
        outputs.add(r.output());
      }
    }
    return new Outcome(value, outputs);
  }

  private void accumulate(int replica, ShardGradients.Result r) {
    if (f64) {
      double[] acc = accumulated64[replica];
      if (acc == null) {
        accumulated64[replica] = r.doubleGradients();
        return;
      }
      double[] gradients = r.doubleGradients();
      for (int j = 0; j < acc.length; j++) {
        acc[j] += gradients[j];
      }
      return;
    }
    float[] gradients = r.gradients();
    float[] acc = accumulated[replica];
    if (acc == null) {
      accumulated[replica] = gradients;
      return;
    }
    for (int j = 0; j < acc.length; j++) {
      acc[j] += gradients[j];
    }
  }

  /** Adds the replicas' buffers into the parameters' {@code .grad} in replica order and clears them. */
  void reduceIntoGrads() {
    List<float[]> grads = new ArrayList<>(accumulated.length);
    List<double[]> grads64 = new ArrayList<>(accumulated64.length);
    for (int r = 0; r < accumulated.length; r++) {
      if (f64) {
        grads64.add(accumulated64[r] == null ? new double[flatSize] : accumulated64[r]);
      } else {
        grads.add(accumulated[r] == null ? new float[flatSize] : accumulated[r]);
      }
    }
    float[] sum = f64 ? null : new float[flatSize];
    double[] sum64 = f64 ? new double[flatSize] : null;
    int slices = pool == null ? 1 : accumulated.length;
    List<Callable<Void>> tasks = new ArrayList<>(slices);
    for (int s = 0; s < slices; s++) {
      // slice bounds on whole blocks, so each block is summed by one thread
      int blocks = (flatSize + ShardGradients.BLOCK - 1) / ShardGradients.BLOCK;
      int from = Math.min(flatSize, ShardGradients.shardStart(blocks, slices, s) * ShardGradients.BLOCK);
      int to = Math.min(flatSize, ShardGradients.shardStart(blocks, slices, s + 1) * ShardGradients.BLOCK);
      tasks.add(() -> {
        if (f64) {
          ShardGradients.sumRange(grads64, sum64, from, to);
        } else {
          ShardGradients.sumRange(grads, sum, from, to);
        }
        return null;
      });
    }
    run(tasks);
    if (f64) {
      ShardGradients.addToGrads(params, sum64);
    } else {
      ShardGradients.addToGrads(params, sum);
    }
    discard();
  }

  /** Drops the buffers (a step abandoned on a non-finite loss). */
  void discard() {
    java.util.Arrays.fill(accumulated, null);
    java.util.Arrays.fill(accumulated64, null);
  }

  private <T> List<T> run(List<Callable<T>> tasks) {
    List<T> out = new ArrayList<>(tasks.size());
    try {
      if (pool == null) {
        for (Callable<T> t : tasks) {
          out.add(t.call());
        }
        return out;
      }
      for (Future<T> f : pool.invokeAll(tasks)) {
        out.add(f.get());
      }
      return out;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("DataParallel: a replica failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("DataParallel: interrupted while waiting for the replicas", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("DataParallel: a replica failed", e);
    }
  }

  /** Stops the replica threads (and their gemm helpers). */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
