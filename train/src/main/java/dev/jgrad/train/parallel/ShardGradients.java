package dev.jgrad.train.parallel;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradOptions;
import dev.jgrad.autograd.ShardContext;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.BatchNorm;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The computation of synchronous data-parallel training, PyTorch's DistributedDataParallel semantics, as plain
 * functions that any runner calls: threads of one machine ({@code Trainer.builder().dataParallel(...)}) or the
 * executors of a cluster. Given the same inputs every runner gets bit-identical gradients.
 *
 * <p><b>The contract.</b> A global batch of b rows is cut into W contiguous shards, shard i holding rows
 * {@code [shardStart(b, W, i), shardStart(b, W, i + 1))} (integer floor of {@code i·b/W}). Each replica computes
 * {@link #compute} for its shard with the step's weights: the shard's loss (mean over its rows) is scaled by
 * {@code shardRows / samplesPerStep} (the shard's share of the rows, so the shards' gradients add up to the gradient
 * of the mean loss over the batch; not scaled for a loss with {@link Reduction#SUM}), and its gradients come back as
 * one flat vector, parameters in {@link #trainableParameters} order, each flattened row-major: a {@code float[]}
 * for a float32 model, a {@code double[]} for a float64 one (summed in double, as DDP's all-reduce of float64
 * gradients). The vectors are then added into the parameters' {@code .grad} with {@link #reduceInto} in replica
 * order 0, 1, ..., W−1, every element as {@code grad + (((g0 + g1) + g2) + ...)}; then the optimizer steps once.
 *
 * <pre>{@code
 * List<Parameter> params = ShardGradients.trainableParameters(model);
 * List<float[]> grads = new ArrayList<>();
 * for (int i = 0; i < W; i++) {
 *   int lo = ShardGradients.shardStart(b, W, i), hi = ShardGradients.shardStart(b, W, i + 1);
 *   grads.add(ShardGradients.compute(model, loss, x.narrow(0, lo, hi - lo), y.narrow(0, lo, hi - lo),
 *       lo, b, seed, step).gradients());
 * }
 * optimizer.zeroGrad();
 * ShardGradients.reduceInto(params, grads);
 * optimizer.step();
 * }</pre>
 *
 * <p>Parameters are only read during {@link #compute} (gradients come from {@link Autograd#grad}, never from
 * {@code .grad}), so replicas may run it concurrently on one model. Random layers draw per global row (see
 * {@link ShardContext}), so masks do not depend on W. BatchNorm in training mode is refused when the shard is not
 * the whole batch: its statistics would be those of the shard.
 */
public final class ShardGradients {
  /**
   * Floats summed per block by {@link #sumRange}: 16 KiB per vector stays in L1 while the W vectors stream by. The
   * result does not depend on it (each element is summed in replica order); threads given slices of whole blocks
   * never share a cache line.
   */
  public static final int BLOCK = 4096;

  private ShardGradients() {}

  /**
   * The first global row of shard {@code replica} of a batch of {@code batchSize} rows cut into {@code replicas}
   * shards: {@code floor(replica · batchSize / replicas)}; {@code shardStart(b, W, W) == b}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= replica <= replicas}, {@code replicas >= 1}, {@code
   *     batchSize >= 0}
   */
  public static int shardStart(int batchSize, int replicas, int replica) {
    checkArgument(replicas >= 1 && replica >= 0 && replica <= replicas && batchSize >= 0,
        "shardStart: need 0 <= replica <= replicas, replicas >= 1 and batchSize >= 0, got replica %s of %s, "
            + "batch size %s", replica, replicas, batchSize);
    return (int) ((long) replica * batchSize / replicas);
  }

  /** The parameters gradients are computed for: {@code model.parameters()} that require grad, in that order. */
  public static List<Parameter> trainableParameters(Module model) {
    List<Parameter> out = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      if (p.requiresGrad()) {
        out.add(p);
      }
    }
    return out;
  }

  /** The length of the flat gradient vector of {@code params}: the sum of their element counts. */
  public static int flatSize(List<? extends Tensor> params) {
    long n = 0;
    for (Tensor p : params) {
      n += p.numel();
    }
    checkArgument(n <= Integer.MAX_VALUE, "ShardGradients: %s parameter elements do not fit one float[]", n);
    return (int) n;
  }

  /**
   * One shard's result.
   *
   * @param gradients the scaled gradients of a float32 model, flat in {@link #trainableParameters} order (zeros for
   *     an empty shard or a parameter the loss does not depend on); null for a float64 model
   * @param doubleGradients the same for a float64 model; null for a float32 model
   * @param loss the shard's unscaled loss (the mean over its rows, or the sum for a summed loss); NaN for 0 rows
   * @param rows the shard's row count
   * @param output the model's output for the shard, detached (null for 0 rows)
   */
  public record Result(float[] gradients, double[] doubleGradients, double loss, int rows, Tensor output) {}

  /**
   * {@link #compute(Module, Loss, Tensor, Tensor, long, int, long, long, long)} with {@code samplesPerStep =
   * batchSize} (no gradient accumulation).
   */
  public static Result compute(Module model, Loss loss, Tensor features, Tensor targets, long rowOffset,
      int batchSize, long seed, long step) {
    return compute(model, loss, features, targets, rowOffset, batchSize, batchSize, seed, step);
  }

  /**
   * The scaled gradients of one shard: forward, loss and {@link Autograd#grad} on the calling thread, inside a
   * {@link ShardContext}{@code (seed, step, rowOffset, rows)}; nothing is written to any {@code .grad}.
   *
   * @param features the shard's rows of the batch's features (dim 0 is the row)
   * @param targets the same rows of the targets
   * @param rowOffset the global index of the shard's first row
   * @param batchSize the rows of the whole global batch
   * @param samplesPerStep the rows whose mean loss the step's gradient is: {@code batchSize}, or with gradient
   *     accumulation the rows of all micro-batches of the step
   * @param seed the run's seed for random layers
   * @param step the global batch's number in the run (separates the random draws of successive batches)
   * @throws IllegalStateException when the model has a BatchNorm in training mode and the shard is not the whole
   *     batch
   * @throws IllegalArgumentException when the loss is not a scalar, or the shard's row counts disagree
   */
  public static Result compute(Module model, Loss loss, Tensor features, Tensor targets, long rowOffset,
      int batchSize, long samplesPerStep, long seed, long step) {
    int rows = features.dim() == 0 ? 0 : features.shape()[0];
    checkArgument(features.dim() >= 1 && targets.dim() >= 1 && targets.shape()[0] == rows && rows <= batchSize
        && samplesPerStep >= batchSize, "ShardGradients.compute: the shard's features %s and targets %s must have "
        + "the same rows, at most the batch size %s (itself at most samplesPerStep %s)",
        Arrays.toString(features.shape()), Arrays.toString(targets.shape()), batchSize, samplesPerStep);
    List<Parameter> params = trainableParameters(model);
    boolean f64 = isFloat64(params);
    float[] flat = f64 ? null : new float[flatSize(params)];
    double[] flat64 = f64 ? new double[flatSize(params)] : null;
    if (rows == 0) {
      return new Result(flat, flat64, Double.NaN, 0, null);
    }
    if (rows < batchSize) {
      checkReplicable(model);
    }
    try (ShardContext shard = ShardContext.enter(seed, step, rowOffset, rows)) {
      Tensor output = model.call(features);
      Tensor lossTensor = loss.forward(output, targets);
      checkArgument(lossTensor.numel() == 1, "ShardGradients.compute: the loss must be a scalar (reduction MEAN or "
          + "SUM), got shape %s", Arrays.toString(lossTensor.shape()));
      double value = lossTensor.doubleValue();
      double scale = loss.reduction() == Reduction.SUM ? 1.0 : (double) rows / samplesPerStep;
      Tensor scaled = scale == 1.0 ? lossTensor : lossTensor.mul(scale);
      List<Tensor> grads = Autograd.grad(List.of(scaled), new ArrayList<>(params),
          GradOptions.defaults().withAllowUnused(true));
      int at = 0;
      for (int i = 0; i < params.size(); i++) {
        Tensor g = grads.get(i);
        int n = params.get(i).numel();
        if (g != null) {
          System.arraycopy(f64 ? g.toDoubleArray() : g.toArray(), 0, f64 ? flat64 : flat, at, n);
        }
        at += n;
      }
      return new Result(flat, flat64, value, rows, output.detach());
    }
  }

  /**
   * Whether the flat gradient vectors of {@code params} are {@code double[]}: the parameters are float64.
   *
   * @throws IllegalArgumentException when the parameters mix dtypes (their gradients could not share one vector)
   */
  public static boolean isFloat64(List<? extends Tensor> params) {
    DType dtype = params.isEmpty() ? DType.FLOAT32 : params.get(0).dtype();
    for (Tensor p : params) {
      if (p.dtype() != dtype) {      // a plain test: this runs every step, the message only on failure
        throw new IllegalArgumentException("ShardGradients: data-parallel training sums the gradients of one dtype, "
            + "but the parameters are " + dtype.torchName() + " and " + p.dtype().torchName() + " (shape "
            + Arrays.toString(p.shape()) + "); convert the model with module.to(dtype)");
      }
    }
    return dtype == DType.FLOAT64;
  }

  /**
   * Refuses a model whose statistics would depend on how the batch is sharded: a BatchNorm in training mode.
   *
   * @throws IllegalStateException naming the first such module
   */
  public static void checkReplicable(Module model) {
    for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
      if (e.getValue() instanceof BatchNorm && e.getValue().isTraining()) {
        String name = e.getKey().isEmpty() ? "the model" : "'" + e.getKey() + "'";
        throw new IllegalStateException(String.format("data parallelism: %s %s is in training mode, where its "
            + "batch statistics would be those of each replica's shard, not of the batch; put it in eval mode "
            + "(module.eval(): it then uses its running statistics) or train with one replica (replicas(1))",
            e.getValue().getClass().getSimpleName(), name));
      }
    }
  }

  /**
   * Adds flat gradient vectors into the parameters' {@code .grad} in replica order: element j becomes {@code
   * grad[j] + (((grads[0][j] + grads[1][j]) + grads[2][j]) + ...)} (a null {@code .grad} counts as absent, not
   * zero: it is set to the sum). Single-threaded; a threaded runner calls {@link #sumRange} on disjoint slices and
   * then {@link #addToGrads}, with the same result.
   *
   * @throws IllegalArgumentException when a vector's length is not {@link #flatSize}{@code (params)}
   */
  public static void reduceInto(List<? extends Tensor> params, List<float[]> grads) {
    float[] sum = new float[flatSize(params)];
    sumRange(grads, sum, 0, sum.length);
    addToGrads(params, sum);
  }

  /**
   * Writes {@code ((grads[0][j] + grads[1][j]) + ...)} into {@code sum[j]} for j in {@code [from, to)}, in blocks
   * of {@link #BLOCK} elements (each block is summed vector by vector, so the W vectors stream through cache once).
   *
   * @throws IllegalArgumentException for no vectors, or a vector shorter than {@code sum}
   */
  public static void sumRange(List<float[]> grads, float[] sum, int from, int to) {
    checkArgument(!grads.isEmpty(), "ShardGradients.sumRange: no gradient vectors");
    for (float[] g : grads) {
      checkArgument(g.length == sum.length, "ShardGradients: a gradient vector has %s elements, expected %s",
          g.length, sum.length);
    }
    for (int lo = from; lo < to; lo += BLOCK) {
      int hi = Math.min(to, lo + BLOCK);
      System.arraycopy(grads.get(0), lo, sum, lo, hi - lo);
      for (int r = 1; r < grads.size(); r++) {
        float[] g = grads.get(r);
        for (int j = lo; j < hi; j++) {
          sum[j] += g[j];
        }
      }
    }
  }

  /** {@link #sumRange(List, float[], int, int)} for the {@code double[]} vectors of a float64 model. */
  public static void sumRange(List<double[]> grads, double[] sum, int from, int to) {
    checkArgument(!grads.isEmpty(), "ShardGradients.sumRange: no gradient vectors");
    for (double[] g : grads) {
      checkArgument(g.length == sum.length, "ShardGradients: a gradient vector has %s elements, expected %s",
          g.length, sum.length);
    }
    for (int lo = from; lo < to; lo += BLOCK) {
      int hi = Math.min(to, lo + BLOCK);
      System.arraycopy(grads.get(0), lo, sum, lo, hi - lo);
      for (int r = 1; r < grads.size(); r++) {
        double[] g = grads.get(r);
        for (int j = lo; j < hi; j++) {
          sum[j] += g[j];
        }
      }
    }
  }

  /** Adds slices of the flat vector {@code sum} to the parameters' {@code .grad} (sets it where null). */
  public static void addToGrads(List<? extends Tensor> params, float[] sum) {
    addToGrads(params, sum.length, (p, at) -> Tensor.of(Arrays.copyOfRange(sum, at, at + p.numel()), p.shape()));
  }

  /** {@link #addToGrads(List, float[])} for the {@code double[]} vector of a float64 model. */
  public static void addToGrads(List<? extends Tensor> params, double[] sum) {
    addToGrads(params, sum.length,
        (p, at) -> Tensor.of(Arrays.copyOfRange(sum, at, at + p.numel()), p.shape(), DType.FLOAT64));
  }

  /** The slice of a flat vector that is one parameter's gradient, as a tensor of its shape. */
  private interface Slice {
    Tensor of(Tensor param, int at);
  }

  private static void addToGrads(List<? extends Tensor> params, int length, Slice slice) {
    checkArgument(length == flatSize(params), "ShardGradients: a gradient vector has %s elements, expected %s",
        length, flatSize(params));
    try (Autograd.Scope s = Autograd.noGrad()) {
      int at = 0;
      for (Tensor p : params) {
        int n = p.numel();
        Tensor g = slice.of(p, at);
        if (p.grad() == null) {
          p.setGrad(g);
        } else {
          p.grad().add_(g);
        }
        at += n;
      }
    }
  }
}
