package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.ParameterVectors;
import dev.jgrad.nn.Reduction;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.train.parallel.ShardGradients;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Data-parallel training on an Apache Spark cluster (classic Spark: RDDs and a SparkContext, not Spark Connect).
 *
 * <pre>{@code
 * SparkTrainer<Net> trainer = SparkTrainer.builder(Net::new)
 *     .optimizer(params -> new SGD(params, SGD.Options.defaults().withLr(0.1).withMomentum(0.9)))
 *     .loss(CrossEntropyLoss::new)
 *     .features("x1", "x2").label("label")
 *     .globalBatchSize(8192).workers(8)
 *     .sync(Sync.exact())
 *     .checkpointDir(Path.of("/shared/ckpt")).checkpointEvery(500)
 *     .build();
 * TrainResult<Net> result = trainer.fit(spark.read().option("header", true).csv(path), 10);
 * }</pre>
 *
 * <p><b>Data.</b> The rows are numbered in the dataset's order ({@code zipWithIndex}) and kept in Spark's cache. Each
 * epoch's order is drawn on the driver by a {@code DataLoader} with the same batch size, shuffle, seed and
 * {@code dropLast}, so the epoch's global batches are those a single-machine run's loader gives. Every global
 * batch is cut into W shards by the data-parallel shard bounds ({@link ShardGradients#shardStart}) and the rows are
 * moved, once per epoch, so that partition r holds shard r of every batch of the epoch.
 *
 * <p><b>{@link Sync#exact()}.</b> Per optimizer step the driver broadcasts the weights; each of the W partitions
 * returns its shard's scaled gradient ({@link ShardGradients#compute}), collected in partition order by
 * {@code mapPartitionsWithIndex(...).collect()}; the driver adds them in that order ({@link
 * ShardGradients#reduceInto}) and steps the optimizer, whose state never leaves the driver. Tasks are pure
 * functions of (weights, partition, step), so Spark's task retries return the same bits, and the weights after each
 * step are bit-identical to {@code DataParallel.emulated(W)} on one machine with the same data and seed. Not
 * {@code treeAggregate}: its merge order follows task completion, so its float sums change from run to run.
 *
 * <p><b>{@link Sync#localSgd(int)}.</b> See there: k local steps per job, then the driver averages parameters and
 * optimizer state in partition order. Deterministic; an approximation.
 *
 * <p><b>Models.</b> The factory builds the driver's model right after {@code Generator.global().manualSeed(seed)},
 * so its initial weights are those of {@code Tensor.manualSeed(seed); factory.get()}; executors build theirs once
 * per task slot and overwrite the weights every task. Random layers that support data parallelism (Dropout) draw
 * per global row, so a row's mask does not depend on W. A BatchNorm in training mode is refused with W &gt; 1 (its
 * statistics would be each shard's).
 *
 * <p><b>Checkpoints.</b> With {@link Builder#checkpointDir}, every {@link Builder#checkpointEvery} steps the driver
 * writes {@code step-<n>.safetensors} there (model, optimizer, epoch order and random state; see the file layout in
 * {@code docs/SPARK.md}), and {@code fit} starts from the latest one it finds: a driver restarted with the same
 * settings and data reaches the same weights as an uninterrupted run. The folder is a path on the driver's disk or
 * a Hadoop file system URI ({@code hdfs://...}, {@code s3a://...}), which a driver restarted elsewhere also finds.
 *
 * @param <M> the model type
 */
public final class SparkTrainer<M extends Module> {
  private final SerializableSupplier<M> modelFactory;
  private final SerializableFunction<List<Parameter>, ? extends Optimizer> optimizerFactory;
  private final SerializableSupplier<? extends Loss> lossFactory;
  private final List<String> featureColumns;
  private final String labelColumn;
  private final SerializableFunction<Row, Example> rowEncoder;
  private final Targets targets;
  private final int globalBatchSize;
  private final int workers;
  private final Sync sync;
  private final long seed;
  private final boolean shuffle;
  private final boolean dropLast;
  private final Path checkpointDir;
  private final String checkpointUri;
  private final int checkpointEvery;
  private final long maxSteps;

  private SparkTrainer(Builder<M> b) {
    this.modelFactory = b.modelFactory;
    this.optimizerFactory = b.optimizerFactory;
    this.lossFactory = b.lossFactory;
    this.featureColumns = List.copyOf(b.featureColumns);
    this.labelColumn = b.labelColumn;
    this.rowEncoder = b.rowEncoder;
    this.targets = b.targets;
    this.globalBatchSize = b.globalBatchSize;
    this.workers = b.workers;
    this.sync = b.sync;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.checkpointDir = b.checkpointDir;
    this.checkpointUri = b.checkpointUri;
    this.checkpointEvery = b.checkpointEvery;
    this.maxSteps = b.maxSteps;
  }

  /** A builder for models made by {@code modelFactory} (a lambda or method reference, shipped to executors). */
  public static <M extends Module> Builder<M> builder(SerializableSupplier<M> modelFactory) {
    return new Builder<>(modelFactory);
  }

  /**
   * Trains on the rows of {@code data} until {@code epochs} epochs are complete in total (counting those of a
   * checkpoint it resumes from). Features and label come from the columns named in the builder, or from its row
   * function.
   *
   * @throws IllegalArgumentException for {@code epochs < 1}, a missing or non-numeric column, or rows of different
   *     widths
   */
  public TrainResult<M> fit(Dataset<Row> data, int epochs) {
    SerializableFunction<Row, Example> encoder;
    Targets kind;
    if (rowEncoder != null) {
      encoder = rowEncoder;
      kind = targets != null ? targets : Targets.VALUES;
    } else {
      if (featureColumns.isEmpty() || labelColumn == null) {
        throw new IllegalStateException("SparkTrainer.fit: name the feature and label columns (.features(...)"
            + ".label(...)) or give a row function (.rows(...)) when building the trainer");
      }
      encoder = ColumnEncoder.of(data.schema(), featureColumns, labelColumn);
      kind = targets != null ? targets : ColumnEncoder.targetsOf(data.schema(), labelColumn);
    }
    return run(data.javaRDD().map(encoder::apply), kind, epochs);
  }

  /**
   * Trains on examples already encoded (targets are {@link Targets#VALUES} unless the builder says otherwise).
   *
   * @see #fit(Dataset, int)
   */
  public TrainResult<M> fit(JavaRDD<Example> examples, int epochs) {
    return run(examples, targets != null ? targets : Targets.VALUES, epochs);
  }

  private TrainResult<M> run(JavaRDD<Example> examples, Targets kind, int epochs) {
    checkArgument(epochs >= 1, "SparkTrainer.fit: epochs must be at least 1, got %s", epochs);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(examples.context());
    Generator.global().manualSeed(seed);
    M model = modelFactory.get();
    // Weights, gradients and optimizer state cross the cluster as float32 arrays: a float64 model would silently
    // train at float32 precision, so it is refused.
    model.namedParameters().forEach((name, p) -> checkArgument(p.dtype() == DType.FLOAT32, "SparkTrainer.fit: "
        + "parameter '%s' is %s; Spark training exchanges float32 weights and gradients, so train a float32 model "
        + "here (DataParallel trains float64 models on one machine)", name, p.dtype().torchName()));
    if (workers > 1) {
      ShardGradients.checkReplicable(model);
    }
    Optimizer optimizer = optimizerFactory.apply(model.parameters());
    Loss loss = lossFactory.get();
    RunSpec spec = new RunSpec(UUID.randomUUID().toString(), modelFactory, lossFactory, optimizerFactory, kind, seed);
    JavaPairRDD<Long, Example> indexed = examples.zipWithIndex()
        .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rows = indexed.count();
      checkArgument(rows >= 1 && rows <= Integer.MAX_VALUE, "SparkTrainer.fit: the dataset has %s rows; expected 1 "
          + "to %s", rows, Integer.MAX_VALUE);
      checkArgument(!dropLast || rows >= globalBatchSize, "SparkTrainer.fit: the dataset has %s rows, fewer than one "
          + "global batch of %s, and dropLast skips them all", rows, globalBatchSize);
      EpochOrder order = new EpochOrder((int) rows, globalBatchSize, shuffle, seed, dropLast);
      Run run = new Run(jsc, spec, model, optimizer, loss, order, indexed);
      return run.train(epochs);
    } finally {
      indexed.unpersist(false);
      ExecutorModels.forget(spec.runId());
    }
  }

  /** What a resume must share with the run that wrote the checkpoint. */
  private String settings() {
    return "workers=" + workers + ", globalBatchSize=" + globalBatchSize + ", sync=" + sync + ", shuffle=" + shuffle
        + ", dropLast=" + dropLast + ", seed=" + seed;
  }

  /** One fit's state on the driver. */
  private final class Run {
    private final JavaSparkContext jsc;
    private final RunSpec spec;
    private final M model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final EpochOrder order;
    private final JavaPairRDD<Long, Example> indexedRows;
    private final List<Double> epochLosses = new ArrayList<>();
    private long globalStep;
    private double lossSum;
    private long lossRows;
    private long jobs;
    private long jobNanos;
    /** Where checkpoints go, or null. */
    private final CheckpointFolder checkpoints;

    Run(JavaSparkContext jsc, RunSpec spec, M model, Optimizer optimizer, Loss loss, EpochOrder order,
        JavaPairRDD<Long, Example> indexedRows) {
      this.jsc = jsc;
      this.indexedRows = indexedRows;
      this.spec = spec;
      this.model = model;
      this.optimizer = optimizer;
      this.loss = loss;
      this.order = order;
      this.checkpoints = checkpointDir != null ? CheckpointFolder.local(checkpointDir)
          : checkpointUri != null ? CheckpointFolder.hadoop(checkpointUri, jsc.hadoopConfiguration()) : null;
    }

    TrainResult<M> train(int epochs) {
      int epoch = 1;
      int nextBatch = 0;
      Optional<String> latest = checkpoints == null ? Optional.empty() : SparkCheckpoint.latest(checkpoints);
      if (latest.isPresent()) {
        SparkCheckpoint.Progress p = load(latest.get());
        epoch = p.epoch();
        nextBatch = p.nextBatch();
        globalStep = p.globalStep();
        lossSum = p.lossSum();
        lossRows = p.lossRows();
        epochLosses.addAll(p.epochLosses());
        order.restore(p.orderState());
      }
      boolean stopped = false;
      for (; epoch <= epochs && !stopped; epoch++) {
        byte[] orderState = order.state();
        stopped = runEpoch(epoch, nextBatch, orderState);
        nextBatch = 0;
      }
      double meanMillis = jobs == 0 ? Double.NaN : jobNanos / 1e6 / jobs;
      return new TrainResult<>(model, optimizer, globalStep, epochLosses.size(), epochLosses, jobs, meanMillis,
          stopped && epochLosses.size() < epochs);
    }

    private SparkCheckpoint.Progress load(String name) {
      try {
        return SparkCheckpoint.load(checkpoints, name, model, optimizer, settings());
      } catch (IOException e) {
        throw new UncheckedIOException("SparkTrainer: cannot read the checkpoint " + checkpoints + "/" + name, e);
      }
    }

    /** Trains one epoch from batch {@code from}; returns whether {@code maxSteps} stopped it. */
    private boolean runEpoch(int epoch, int from, byte[] orderState) {
      int[] positions = order.nextEpochPositions();
      long placed = Arrays.stream(positions).filter(p -> p >= 0).count();
      ShardLayout layout = new ShardLayout(workers, globalBatchSize, placed);
      Broadcast<int[]> where = jsc.broadcast(positions);
      JavaRDD<ShardData> shards = place(indexedRows, where, layout, globalBatchSize)
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        shards.count();
        int batches = layout.batches();
        for (int s = from; s < batches; ) {
          int to = Math.min(batches, s + sync.stepsPerJob());
          long started = System.nanoTime();
          if (sync instanceof Sync.Exact) {
            exactStep(shards, layout, s);
          } else {
            localRound(shards, s, to);
          }
          jobNanos += System.nanoTime() - started;
          jobs++;
          long before = globalStep;
          globalStep += to - s;
          s = to;
          boolean closed = s == batches;
          if (closed) {
            epochLosses.add(lossRows == 0 ? Double.NaN : lossSum / lossRows);
            lossSum = 0;
            lossRows = 0;
          }
          if (checkpoints != null && before / checkpointEvery != globalStep / checkpointEvery) {
            save(closed ? new SparkCheckpoint.Progress(epoch + 1, 0, globalStep, order.state(), 0, 0, epochLosses,
                settings()) : new SparkCheckpoint.Progress(epoch, s, globalStep, orderState, lossSum, lossRows,
                epochLosses, settings()));
          }
          if (globalStep >= maxSteps) {
            return true;
          }
        }
        return false;
      } finally {
        shards.unpersist(false);
        where.destroy();
      }
    }

    private void save(SparkCheckpoint.Progress p) {
      try {
        SparkCheckpoint.save(checkpoints, model, optimizer, p);
      } catch (IOException e) {
        throw new UncheckedIOException("SparkTrainer: cannot write a checkpoint into " + checkpoints, e);
      }
    }

    private void exactStep(JavaRDD<ShardData> shards, ShardLayout layout, int step) {
      Broadcast<float[]> weights = jsc.broadcast(ParameterVectors.parametersToVector(model.parameters()).toArray());
      List<ShardTasks.Gradient> parts;
      try {
        parts = shards.mapPartitionsWithIndex(
            new ShardTasks.ExactStep(spec, weights, step, layout.batchRows(step), globalStep), false).collect();
      } finally {
        weights.destroy();
      }
      for (ShardTasks.Gradient g : parts) {
        addLoss(g.loss(), g.rows(), step);
      }
      optimizer.zeroGrad();
      ShardGradients.reduceInto(ShardGradients.trainableParameters(model),
          parts.stream().map(ShardTasks.Gradient::gradients).toList());
      optimizer.step();
    }

    private void localRound(JavaRDD<ShardData> shards, int from, int to) {
      ShardTasks.RoundStart start = new ShardTasks.RoundStart(
          ParameterVectors.parametersToVector(model.parameters()).toArray(),
          FlatOptimizerState.of(optimizer.stateDict()));
      Broadcast<ShardTasks.RoundStart> broadcast = jsc.broadcast(start);
      List<ShardTasks.Round> parts;
      try {
        parts = shards.mapPartitionsWithIndex(new ShardTasks.LocalRound(spec, broadcast, from, to, globalStep), false)
            .collect();
      } finally {
        broadcast.destroy();
      }
      List<ShardTasks.Round> active = parts.stream().filter(r -> r.steps() > 0).toList();
      for (ShardTasks.Round r : active) {
        lossSum += r.lossSum();
        lossRows += r.rows();
        checkFinite(r.lossSum(), from);
      }
      if (active.isEmpty()) {
        return;
      }
      float[] mean = FlatOptimizerState.meanOf(active.stream().map(ShardTasks.Round::weights).toList());
      ParameterVectors.vectorToParameters(dev.jgrad.autograd.Tensor.of(mean), model.parameters());
      optimizer.loadStateDict(FlatOptimizerState.mean(active.stream().map(ShardTasks.Round::optimizer).toList())
          .toState());
    }

    private void addLoss(double value, int rows, int step) {
      if (rows == 0) {
        return;
      }
      checkFinite(value, step);
      lossSum += loss.reduction() == Reduction.SUM ? value : value * rows;
      lossRows += rows;
    }

    private void checkFinite(double value, int step) {
      if (!Double.isFinite(value)) {
        throw new IllegalStateException(String.format("SparkTrainer: loss is %s at step %d (batch %d of the epoch); "
            + "training stopped before this step's update, so the weights are those after step %d. Try a smaller "
            + "learning rate, and check the inputs and targets for NaN/Inf", value, globalStep + 1, step + 1,
            globalStep));
      }
    }
  }

  /**
   * Moves each row to the partition that computes it this epoch, sorted by its place in the epoch, and gathers
   * each partition into one {@link ShardData}. Static, so the closures capture only what they name.
   */
  static JavaRDD<ShardData> place(JavaPairRDD<Long, Example> indexed, Broadcast<int[]> where, ShardLayout layout,
      int batchSize) {
    return indexed
        .flatMapToPair(t -> {
          int p = where.value()[(int) (long) t._1()];
          return p < 0 ? Collections.emptyIterator() : List.of(new Tuple2<>((long) p, t._2())).iterator();
        })
        .repartitionAndSortWithinPartitions(layout)
        .mapPartitionsWithIndex((r, it) -> List.of(ShardData.gather(r, layout, batchSize, it)).iterator(), true);
  }

  /**
   * Configures a {@link SparkTrainer}.
   *
   * @param <M> the model type
   */
  public static final class Builder<M extends Module> {
    private final SerializableSupplier<M> modelFactory;
    private SerializableFunction<List<Parameter>, ? extends Optimizer> optimizerFactory;
    private SerializableSupplier<? extends Loss> lossFactory;
    private final List<String> featureColumns = new ArrayList<>();
    private String labelColumn;
    private SerializableFunction<Row, Example> rowEncoder;
    private Targets targets;
    private int globalBatchSize = 256;
    private int workers = 2;
    private Sync sync = Sync.exact();
    private long seed;
    private boolean shuffle = true;
    private boolean dropLast;
    private Path checkpointDir;
    private String checkpointUri;
    private int checkpointEvery = 500;
    private long maxSteps = Long.MAX_VALUE;

    private Builder(SerializableSupplier<M> modelFactory) {
      checkArgument(modelFactory != null, "SparkTrainer.builder: the model factory must not be null");
      this.modelFactory = modelFactory;
    }

    /**
     * Builds the optimizer over a model's parameters (required), e.g. {@code params -> new SGD(params, opts)}.
     * The driver's optimizer is the only one with {@link Sync#exact()}; {@link Sync#localSgd} also builds one per
     * task on the executors.
     */
    public Builder<M> optimizer(SerializableFunction<List<Parameter>, ? extends Optimizer> factory) {
      this.optimizerFactory = factory;
      return this;
    }

    /** Builds the loss (required), e.g. {@code CrossEntropyLoss::new}; mean reduction for the exact global mean. */
    public Builder<M> loss(SerializableSupplier<? extends Loss> factory) {
      this.lossFactory = factory;
      return this;
    }

    /**
     * Feature columns: numbers (one input each) or arrays of numbers (their values), concatenated in this order
     * into features {@code [B, F]}.
     */
    public Builder<M> features(String... columns) {
      featureColumns.clear();
      featureColumns.addAll(Arrays.asList(columns));
      return this;
    }

    /**
     * The label column: an integral column gives class indices (int64 targets {@code [B]}), a fractional one
     * regression targets ({@code [B, 1]}); {@link #targets} overrides.
     */
    public Builder<M> label(String column) {
      this.labelColumn = column;
      return this;
    }

    /** Encodes each row with a function instead of {@link #features} and {@link #label}. */
    public Builder<M> rows(SerializableFunction<Row, Example> encoder, Targets targets) {
      this.rowEncoder = encoder;
      this.targets = targets;
      return this;
    }

    /** How targets are shaped (class indices or values), when the label column's type does not say it. */
    public Builder<M> targets(Targets targets) {
      this.targets = targets;
      return this;
    }

    /** Rows per optimizer step over all workers together (default 256). */
    public Builder<M> globalBatchSize(int rows) {
      checkArgument(rows >= 1, "SparkTrainer.builder: globalBatchSize must be at least 1, got %s", rows);
      this.globalBatchSize = rows;
      return this;
    }

    /** W, the number of partitions, each computing one shard of every global batch (default 2). */
    public Builder<M> workers(int w) {
      checkArgument(w >= 1, "SparkTrainer.builder: workers must be at least 1, got %s", w);
      this.workers = w;
      return this;
    }

    /** {@link Sync#exact()} (default) or {@link Sync#localSgd(int)}. */
    public Builder<M> sync(Sync sync) {
      checkArgument(sync != null, "SparkTrainer.builder: sync must not be null");
      this.sync = sync;
      return this;
    }

    /** Seeds the model's initial weights, the epoch order and random layers (default 0). */
    public Builder<M> seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether each epoch draws a new order (default true), as a {@code DataLoader}'s shuffle. */
    public Builder<M> shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Whether a last batch smaller than the global batch is skipped (default false). */
    public Builder<M> dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** A folder on the driver's disk for checkpoints; {@code fit} resumes from the latest one in it. */
    public Builder<M> checkpointDir(Path dir) {
      this.checkpointDir = dir;
      this.checkpointUri = null;
      return this;
    }

    /**
     * A folder for checkpoints on any file system Spark's Hadoop configuration reaches: {@code hdfs://nn/ckpt},
     * {@code s3a://bucket/ckpt}, {@code file:///shared/ckpt}; without a scheme, on Spark's default file system.
     * {@code fit} resumes from the latest checkpoint in it.
     */
    public Builder<M> checkpointDir(String uri) {
      checkArgument(uri != null && !uri.isBlank(), "SparkTrainer.builder: checkpointDir needs a folder, got '%s'", uri);
      this.checkpointUri = uri;
      this.checkpointDir = null;
      return this;
    }

    /** Writes a checkpoint every this many optimizer steps (default 500). */
    public Builder<M> checkpointEvery(int steps) {
      checkArgument(steps >= 1, "SparkTrainer.builder: checkpointEvery must be at least 1, got %s", steps);
      this.checkpointEvery = steps;
      return this;
    }

    /** Stops {@code fit} once this many steps are trained in all (a budget, or a planned stop to resume from). */
    public Builder<M> maxSteps(long steps) {
      checkArgument(steps >= 1, "SparkTrainer.builder: maxSteps must be at least 1, got %s", steps);
      this.maxSteps = steps;
      return this;
    }

    /**
     * @throws IllegalStateException naming the first missing part
     * @throws IllegalArgumentException when the global batch is smaller than the number of workers, or a factory
     *     or the row function cannot be serialized for the executors
     */
    public SparkTrainer<M> build() {
      if (optimizerFactory == null) {
        throw new IllegalStateException("SparkTrainer.builder: optimizer is required (call .optimizer(...))");
      }
      if (lossFactory == null) {
        throw new IllegalStateException("SparkTrainer.builder: loss is required (call .loss(...))");
      }
      checkArgument(globalBatchSize >= workers, "SparkTrainer.builder: the global batch size %s is smaller than the "
          + "%s workers; every worker needs at least one row of each global batch", globalBatchSize, workers);
      checkSerializable(modelFactory, "model factory");
      checkSerializable(lossFactory, "loss factory");
      checkSerializable(optimizerFactory, "optimizer factory");
      if (rowEncoder != null) {
        checkSerializable(rowEncoder, "row function");
      }
      return new SparkTrainer<>(this);
    }

    private static void checkSerializable(Object o, String what) {
      try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
        out.writeObject(o);
      } catch (NotSerializableException e) {
        throw new IllegalArgumentException("SparkTrainer.builder: the " + what + " is not serializable, so Spark "
            + "cannot send it to the executors (it refers to a " + e.getMessage() + "); use a lambda or method "
            + "reference that captures only serializable values, e.g. () -> new Net(inputs)", e);
      } catch (IOException e) {
        throw new UncheckedIOException("SparkTrainer.builder: cannot serialize the " + what, e);
      }
    }
  }
}
