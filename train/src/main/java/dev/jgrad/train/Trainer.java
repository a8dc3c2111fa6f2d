package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.Batch;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.Reduction;
import dev.jgrad.optim.GradClip;
import dev.jgrad.optim.LRScheduler;
import dev.jgrad.optim.MetricLRScheduler;
import dev.jgrad.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop, with gradient accumulation done right. One micro-batch is {@link #trainStep}: forward, loss,
 * backward, and every k micro-batches optional gradient clipping, {@code optimizer.step()},
 * {@code optimizer.zeroGrad()} — the loop a PyTorch user writes by hand, in one visible place.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), 1e-3);
 * Trainer trainer = Trainer.builder()
 *     .model(model).loss(new CrossEntropyLoss()).optimizer(adam)
 *     .scheduler(new StepLR(adam, 10, 0.5), SchedulerStep.PER_EPOCH)
 *     .metrics(Metrics.accuracy())
 *     .callbacks(new ProgressBar(), new EarlyStopping("val_loss").patience(5).restoreBest(true))
 *     .accumulationSteps(4)                  // 4 micro-batches per optimizer step
 *     .build();
 * History history = trainer.fit(trainLoader, 50, testLoader);
 * history.saveHtml(Path.of("history.html"));
 * }</pre>
 *
 * <p><b>Accumulation.</b> With k micro-batches per step, micro-batch i of a group holding N samples in total is
 * back-propagated with its loss scaled by {@code n_i / N}. For a loss with mean reduction (the default) the summed
 * gradient is then exactly the gradient of the mean loss over the group's N samples — also when the last
 * micro-batch of an epoch is smaller (the common 1/k scaling is only right for equal sizes,
 * docs/SEMANTICS.md, "Trainer"). A loss with {@link Reduction#SUM} is not scaled: the sum over the group is already the
 * sum of the micro-batch sums. A trailing group of fewer than k micro-batches at the end of an epoch is stepped, not
 * dropped. Schedulers with {@link SchedulerStep#PER_STEP} count optimizer steps, not micro-batches. Not exact:
 * BatchNorm (its statistics come from each micro-batch) and class-weighted or ignore-index cross-entropy (its
 * mean divides by per-batch weight sums, not sample counts).
 *
 * <p><b>Data parallelism.</b> With {@link Builder#dataParallel}, each micro-batch is cut into W shards computed on W
 * replica threads over the shared parameters, and their gradients reach {@code .grad} in replica order once per
 * optimizer step; the rest of the loop is unchanged (see {@link DataParallel}, docs/SCALING.md).
 *
 * <p><b>Epochs.</b> {@code fit(loader, epochs)} trains until {@code epochs} epochs are complete in total, counting
 * those completed before by this trainer or restored by {@link #resume(Path)}: after resuming from a checkpoint
 * taken at epoch 3, {@code fit(loader, 10)} runs epochs 4 to 10. Epochs are numbered from 1.
 *
 * <p><b>Stopping.</b> A callback calls {@link #requestStop(String)}; the request takes effect once the current
 * group of micro-batches has been stepped, and the epoch is then closed as usual (validation, history, callbacks).
 * A NaN or infinite loss stops at once, before that micro-batch's backward pass, so no non-finite update reaches
 * the parameters; the message names the step.
 */
public final class Trainer {
  private static final System.Logger LOG = System.getLogger("dev.jgrad.train");

  private final Module model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final LRScheduler scheduler;
  private final SchedulerStep schedulerStep;
  private final String schedulerMonitor;
  private final List<Metric> trainMetrics;
  private final List<Metric> valMetrics;
  private final List<Callback> callbacks;
  private final int accumulationSteps;
  private final double gradClipNorm;
  private final Long seed;
  private final ZeroGradPolicy zeroGradPolicy;
  private final boolean nonFiniteLossGuard;
  private final boolean staleGradientCheck;
  private final DataParallel dataParallel;

  private final History history = new History();
  private int epochsCompleted;
  private long globalStep;
  private boolean seeded;
  private boolean fitting;
  private boolean stopRequested;
  private String stopReason;
  private DataLoader currentTrainLoader;
  private byte[] pendingLoaderState;
  private ReplicaRunner replicas;   // during a data-parallel fit

  private Trainer(Builder b) {
    this.model = b.model;
    this.loss = b.loss;
    this.optimizer = b.optimizer;
    this.scheduler = b.scheduler;
    this.schedulerStep = b.schedulerStep;
    this.schedulerMonitor = b.schedulerMonitor;
    this.trainMetrics = List.copyOf(b.metrics);
    this.valMetrics = b.metrics.stream().map(Metric::fresh).toList();
    this.callbacks = List.copyOf(b.callbacks);
    this.accumulationSteps = b.accumulationSteps;
    this.gradClipNorm = b.gradClipNorm;
    this.seed = b.seed;
    this.zeroGradPolicy = b.zeroGradPolicy;
    this.nonFiniteLossGuard = b.nonFiniteLossGuard;
    this.staleGradientCheck = b.staleGradientCheck;
    this.dataParallel = b.dataParallel;
  }

  /** A builder; model, loss and optimizer are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Trains without validation; see {@link #fit(DataLoader, int, DataLoader)}. */
  public History fit(DataLoader train, int epochs) {
    return fit(train, epochs, null);
  }

  /**
   * Trains until {@code epochs} epochs are complete in total, validating after each epoch when {@code validation}
   * is given.
   *
   * @return the history of every epoch this trainer has completed (one row each)
   * @throws IllegalArgumentException if {@code epochs < 1}
   * @throws IllegalStateException if called from a callback of a running fit
   */
  public History fit(DataLoader train, int epochs, DataLoader validation) {
    checkArgument(epochs >= 1, "Trainer.fit: epochs must be at least 1, got %s", epochs);
    if (fitting) {
      throw new IllegalStateException("Trainer.fit: already running (fit was called from a callback)");
    }
    fitting = true;
    stopRequested = false;
    stopReason = null;
    currentTrainLoader = train;
    try {
      if (pendingLoaderState != null) {
        train.generator().setState(pendingLoaderState); // the resumed epoch's shuffle continues the saved stream
        pendingLoaderState = null;
      }
      if (seed != null && !seeded) {
        Generator.global().manualSeed(seed); // dropout and other draws from the global stream
      }
      seeded = true;
      if (dataParallel != null) {
        // the seed of the per-row dropout stream: the trainer's, else that of the global generator
        replicas = new ReplicaRunner(dataParallel, model, loss, seed != null ? seed : Generator.global().initialSeed());
      }
      if (staleGradientCheck) {
        optimizer.setParameterNames(optimizerParameterNames());
        optimizer.enableStaleGradientCheck(accumulationSteps);
      }
      fire(c -> c.onTrainBegin(this, new Callback.TrainBegin(epochsCompleted + 1, epochs, train.numBatches(),
          accumulationSteps)));
      if (zeroGradPolicy == ZeroGradPolicy.EVERY_STEP) {
        optimizer.zeroGrad(); // gradients left over from code run before fit must not leak into the first step
      }
      for (int epoch = epochsCompleted + 1; epoch <= epochs && !stopRequested; epoch++) {
        runEpoch(train, validation, epoch, epochs);
      }
      history.setStopReason(stopReason);
      fire(c -> c.onTrainEnd(this, new Callback.TrainEnd(epochsCompleted, globalStep, stopReason)));
      return history;
    } finally {
      fitting = false;
      if (replicas != null) {
        replicas.close();
        replicas = null;
      }
    }
  }

  /**
   * The shuffle state the next epoch draws from: the one {@link #resume} restored for the next fit, else that of the
   * training loader of the running or last fit; null before either.
   */
  byte[] loaderState() {
    if (pendingLoaderState != null) {
      return pendingLoaderState.clone();
    }
    return currentTrainLoader == null ? null : currentTrainLoader.generator().getState();
  }

  private void runEpoch(DataLoader train, DataLoader validation, int epoch, int epochs) {
    model.train();
    trainMetrics.forEach(Metric::reset);
    fire(c -> c.onEpochBegin(this, new Callback.EpochBegin(epoch, epochs, globalStep, lr())));
    int batches = train.numBatches();
    boolean summed = loss.reduction() == Reduction.SUM;
    double lossSum = 0;
    long samples = 0;
    int batchIndex = 0;
    Iterator<Batch> it = train.iterator();
    List<Batch> group = new ArrayList<>(Math.min(accumulationSteps, batches)); // k may be far above the batch count
    while (it.hasNext() && !stopRequested) {
      // The group is read ahead so every micro-batch knows the group's sample count before its backward pass.
      group.clear();
      while (group.size() < accumulationSteps && it.hasNext()) {
        group.add(it.next());
      }
      long groupSamples = 0;
      for (Batch b : group) {
        groupSamples += b.size();
      }
      for (int i = 0; i < group.size(); i++) {
        Batch batch = group.get(i);
        int index = ++batchIndex;
        fire(c -> c.onBatchBegin(this, new Callback.BatchBegin(epoch, index, globalStep)));
        boolean closesGroup = i == group.size() - 1;
        double scale = summed ? 1.0 : (double) batch.size() / groupSamples;
        double value = replicas == null ? trainStep(batch, scale, closesGroup, epoch, index)
            : parallelTrainStep(batch, groupSamples, i, closesGroup, epoch, index, batches);
        if (Double.isFinite(value)) {
          lossSum += summed ? value : value * batch.size(); // per-sample mean over the epoch either way
          samples += batch.size();
        }
        boolean stepped = closesGroup && (!nonFiniteLossGuard || Double.isFinite(value));
        fire(c -> c.onBatchEnd(this, new Callback.BatchEnd(epoch, index, batches, globalStep, batch.size(), value,
            lr(), stepped)));
        if (!Double.isFinite(value) && nonFiniteLossGuard) {
          break;
        }
      }
    }
    epochsCompleted = epoch;
    LinkedHashMap<String, Double> row = new LinkedHashMap<>();
    row.put("train_loss", samples == 0 ? Double.NaN : lossSum / samples);
    for (Metric m : trainMetrics) {
      row.put("train_" + m.name(), m.compute());
    }
    if (validation != null) {
      for (Map.Entry<String, Double> e : evaluate(validation, valMetrics).entrySet()) {
        row.put("val_" + e.getKey(), e.getValue());
      }
    }
    row.put("lr", lr());
    history.append(epoch, globalStep, row);
    if (scheduler != null && schedulerStep == SchedulerStep.PER_EPOCH) {
      // stepped before the epoch-end callbacks so a checkpoint taken there holds the next epoch's schedule
      if (scheduler instanceof MetricLRScheduler plateau) {
        plateau.step(monitored(row));
      } else {
        scheduler.step();
      }
    }
    fire(c -> c.onEpochEnd(this, new Callback.EpochEnd(epoch, epochs, globalStep, row)));
  }

  /**
   * The training step for one micro-batch: forward, loss, backward, and when the micro-batch closes a group of k:
   * clip, {@code optimizer.step()}, {@code optimizer.zeroGrad()}.
   *
   * @param lossScale this micro-batch's share of the group's samples, {@code n_i / N} (1 for a summed loss)
   * @return the micro-batch's unscaled loss
   */
  private double trainStep(Batch batch, double lossScale, boolean closesGroup, int epoch, int batchIndex) {
    Tensor output = model.call(batch.features());
    Tensor lossTensor = loss.forward(output, batch.targets());
    double value = scalar(lossTensor);
    if (nonFiniteLossGuard && !Double.isFinite(value)) {
      stopOnNonFiniteLoss(value, epoch, batchIndex);
      return value;
    }
    // .grad += d(lossScale · loss)/dθ; over the group this sums to the gradient of the mean loss of N samples
    (lossScale == 1.0 ? lossTensor : lossTensor.mul(lossScale)).backward();
    updateMetrics(trainMetrics, output, batch.targets());
    if (closesGroup) {
      optimizerStep();
    }
    return value;
  }

  /**
   * {@link #trainStep} under data parallelism: the replicas compute the micro-batch's shards, each keeping the sum
   * of its shards' gradients over the group; the group's last micro-batch reduces them into {@code .grad} (once
   * per optimizer step) and steps. Micro-batch i of the group keys the dropout stream with
   * {@code globalStep · k + i}, so a resumed run draws the same masks.
   */
  private double parallelTrainStep(Batch batch, long groupSamples, int indexInGroup, boolean closesGroup, int epoch,
      int batchIndex, int batches) {
    if (batch.size() < replicas.replicas() && batchIndex < batches) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "Trainer: batch %d of epoch %d has %d rows, "
          + "fewer than the %d data-parallel replicas; use a batch size of at least %d or fewer replicas (only an "
          + "epoch's last, partial batch may be smaller: its empty shards contribute nothing)", batchIndex, epoch,
          batch.size(), replicas.replicas(), replicas.replicas()));
    }
    ReplicaRunner.Outcome outcome = replicas.microBatch(batch, groupSamples,
        globalStep * accumulationSteps + indexInGroup);
    double value = outcome.loss();
    if (nonFiniteLossGuard && !Double.isFinite(value)) {
      replicas.discard();   // no part of the aborted group reaches .grad
      stopOnNonFiniteLoss(value, epoch, batchIndex);
      return value;
    }
    if (!trainMetrics.isEmpty()) {
      List<Tensor> outputs = outcome.outputs();
      updateMetrics(trainMetrics, outputs.size() == 1 ? outputs.get(0) : Tensor.cat(outputs, 0), batch.targets());
    }
    if (closesGroup) {
      replicas.reduceIntoGrads();
      optimizerStep();
    }
    return value;
  }

  /** Clip, {@code optimizer.step()}, {@code optimizer.zeroGrad()}, count the step, step a per-step scheduler. */
  private void optimizerStep() {
    if (gradClipNorm > 0) {
      GradClip.clipGradNorm_(model.parameters(), gradClipNorm);
    }
    optimizer.step();
    if (zeroGradPolicy == ZeroGradPolicy.EVERY_STEP) {
      optimizer.zeroGrad(); // NEVER is the deliberate pitfall: .grad keeps the sum of every step's gradient
    }
    globalStep++;
    if (scheduler != null && schedulerStep == SchedulerStep.PER_STEP) {
      scheduler.step();
    }
  }

  private void stopOnNonFiniteLoss(double value, int epoch, int batchIndex) {
    String message = String.format(Locale.ROOT,
        "Trainer: loss is %s at step %d (epoch %d, batch %d); training stopped before this batch's backward "
            + "pass, so the parameters are those after step %d. Try a smaller learning rate or gradClipNorm, and "
            + "check the inputs and targets for NaN/Inf",
        value, globalStep + 1, epoch, batchIndex, globalStep);
    if (zeroGradPolicy == ZeroGradPolicy.EVERY_STEP) {
      optimizer.zeroGrad(); // drop the aborted group's partial sum so later use of the model starts clean
    }
    LOG.log(System.Logger.Level.WARNING, message);
    stopRequested = true;
    stopReason = message;
  }

  private static double scalar(Tensor lossTensor) {
    if (lossTensor.numel() != 1) {
      throw new IllegalArgumentException("Trainer: the loss must be a scalar (reduction MEAN or SUM), got shape "
          + Arrays.toString(lossTensor.shape()));
    }
    return lossTensor.doubleValue();   // exact for float64 losses; a float32 loss widens exactly
  }

  private static void updateMetrics(List<Metric> metrics, Tensor output, Tensor target) {
    if (metrics.isEmpty()) {
      return;
    }
    try (var g = Autograd.noGrad()) {
      Tensor detached = output.detach();
      for (Metric m : metrics) {
        m.update(detached, target);
      }
    }
  }

  /**
   * Loss and metrics over a loader, under {@code model.eval()} and {@code Autograd.noGrad()}; the model's
   * training mode is restored afterwards.
   *
   * @return {@code loss} (the per-sample mean: batch means weighted by batch size, or batch sums over the sample
   *     count for a summed loss) and one entry per metric, in order
   */
  public Map<String, Double> evaluate(DataLoader loader) {
    return evaluate(loader, trainMetrics.stream().map(Metric::fresh).toList());
  }

  private Map<String, Double> evaluate(DataLoader loader, List<Metric> metrics) {
    boolean wasTraining = model.isTraining();
    metrics.forEach(Metric::reset);
    boolean summed = loss.reduction() == Reduction.SUM;
    double lossSum = 0;
    long samples = 0;
    model.eval();
    try (var g = Autograd.noGrad()) {
      for (Batch batch : loader) {
        Tensor output = model.call(batch.features());
        double value = scalar(loss.forward(output, batch.targets()));
        lossSum += summed ? value : value * batch.size();
        samples += batch.size();
        for (Metric m : metrics) {
          m.update(output, batch.targets());
        }
      }
    } finally {
      model.train(wasTraining);
    }
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    out.put("loss", samples == 0 ? Double.NaN : lossSum / samples);
    for (Metric m : metrics) {
      out.put(m.name(), m.compute());
    }
    return out;
  }

  /**
   * The model's output for {@code features}, under {@code model.eval()} and {@code Autograd.noGrad()} (training
   * mode restored afterwards). The result has no graph.
   */
  public Tensor predict(Tensor features) {
    boolean wasTraining = model.isTraining();
    model.eval();
    try (var g = Autograd.noGrad()) {
      return model.call(features);
    } finally {
      model.train(wasTraining);
    }
  }

  /** A confusion matrix of the model's predictions over a loader (eval mode, no grad). */
  public ConfusionMatrix confusionMatrix(DataLoader loader, List<String> classNames) {
    ConfusionMatrix cm = new ConfusionMatrix(classNames);
    for (Batch batch : loader) {
      cm.update(predict(batch.features()), batch.targets());
    }
    return cm;
  }

  /**
   * Asks the running fit to stop after the current group of micro-batches; the epoch is closed as usual.
   *
   * @param reason recorded in {@link History#stopReason()} and the {@code TrainEnd} event
   */
  public void requestStop(String reason) {
    stopRequested = true;
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /** Whether a stop has been requested in the current fit. */
  public boolean stopRequested() {
    return stopRequested;
  }

  /**
   * Writes model, optimizer, scheduler, global random-generator state, epoch, step and history to one
   * safetensors file (see {@link TrainingCheckpoint}).
   */
  public void saveCheckpoint(Path file) throws IOException {
    TrainingCheckpoint.save(file, this);
  }

  /**
   * Restores everything {@link #saveCheckpoint} wrote, so the next {@code fit} continues with the following epoch
   * and gives bit-identical results to an uninterrupted run (same data order, same random draws). The training
   * loader's shuffle state is applied to the loader passed to that next fit; build it as before (same dataset,
   * batch size and seed).
   *
   * @return the number of epochs completed in the checkpoint
   */
  public int resume(Path file) throws IOException {
    TrainingCheckpoint.Restored r = TrainingCheckpoint.load(file, this);
    epochsCompleted = r.epoch();
    globalStep = r.step();
    history.replaceWith(r.history());
    pendingLoaderState = r.loaderState();
    seeded = true;
    return epochsCompleted;
  }

  /** The model being trained. */
  public Module model() {
    return model;
  }

  /** The optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The scheduler, or null. */
  public LRScheduler scheduler() {
    return scheduler;
  }

  /** The loss function. */
  public Loss loss() {
    return loss;
  }

  /** Epochs completed so far (including restored ones). */
  public int epochsCompleted() {
    return epochsCompleted;
  }

  /** Optimizer steps taken so far (including restored ones). */
  public long globalStep() {
    return globalStep;
  }

  /** The data-parallel configuration, or null for ordinary single-replica training. */
  public DataParallel dataParallel() {
    return dataParallel;
  }

  /** Micro-batches per optimizer step. */
  public int accumulationSteps() {
    return accumulationSteps;
  }

  /** The history of every completed epoch. */
  public History history() {
    return history;
  }

  /** Learning rate of the optimizer's first param group, NaN if it reports none. */
  public double lr() {
    var groups = optimizer.paramGroups();
    return groups == null || groups.isEmpty() ? Double.NaN : groups.get(0).lr();
  }

  private double monitored(Map<String, Double> row) {
    String key = schedulerMonitor != null ? schedulerMonitor : row.containsKey("val_loss") ? "val_loss" : "train_loss";
    Double v = row.get(key);
    checkArgument(v != null, "Trainer: the scheduler monitors '%s' but the epoch has only %s", key, row.keySet());
    return v;
  }

  private List<String> optimizerParameterNames() {
    // The optimizer may hold a subset of the model's parameters, or list them in another order: match by identity.
    IdentityHashMap<Tensor, String> names = new IdentityHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      names.put(e.getValue(), e.getKey());
    }
    List<String> out = new ArrayList<>();
    for (var group : optimizer.paramGroups()) {
      for (Tensor p : group.params()) {
        out.add(names.getOrDefault(p, "param" + out.size()));
      }
    }
    return out;
  }

  private void fire(java.util.function.Consumer<Callback> call) {
    for (Callback c : callbacks) {
      call.accept(c);
    }
  }

  /** Configures a {@link Trainer}. */
  public static final class Builder {
    private Module model;
    private Loss loss;
    private Optimizer optimizer;
    private LRScheduler scheduler;
    private SchedulerStep schedulerStep = SchedulerStep.PER_EPOCH;
    private String schedulerMonitor;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private int accumulationSteps = 1;
    private double gradClipNorm;
    private Long seed;
    private ZeroGradPolicy zeroGradPolicy = ZeroGradPolicy.EVERY_STEP;
    private boolean nonFiniteLossGuard = true;
    private boolean staleGradientCheck = true;
    private DataParallel dataParallel;

    private Builder() {}

    /** The model to train (required). */
    public Builder model(Module model) {
      this.model = model;
      return this;
    }

    /** The loss; mean reduction for exact accumulation (required). */
    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /** The optimizer (required). */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /**
     * A learning-rate scheduler and when to step it. A {@code MetricLRScheduler} (ReduceLROnPlateau) stepped
     * per epoch receives {@code val_loss}, or {@code train_loss} without validation (see {@link
     * #schedulerMonitor}).
     */
    public Builder scheduler(LRScheduler scheduler, SchedulerStep when) {
      checkArgument(when != null, "Trainer.builder: scheduler step must be PER_STEP or PER_EPOCH, got null");
      this.scheduler = scheduler;
      this.schedulerStep = when;
      return this;
    }

    /** The history column a metric-driven scheduler receives, e.g. {@code "val_accuracy"}. */
    public Builder schedulerMonitor(String column) {
      this.schedulerMonitor = column;
      return this;
    }

    /** Metrics computed on training and validation outputs (columns {@code train_<name>}, {@code val_<name>}). */
    public Builder metrics(Metric... metrics) {
      this.metrics.addAll(Arrays.asList(metrics));
      return this;
    }

    /** Callbacks, called in this order. */
    public Builder callbacks(Callback... callbacks) {
      this.callbacks.addAll(Arrays.asList(callbacks));
      return this;
    }

    /** Micro-batches per optimizer step, k (default 1). @throws IllegalArgumentException if {@code k < 1} */
    public Builder accumulationSteps(int k) {
      checkArgument(k >= 1, "Trainer.builder: accumulationSteps must be at least 1, got %s", k);
      this.accumulationSteps = k;
      return this;
    }

    /** Clip the total gradient 2-norm to {@code maxNorm} before each step. @throws IllegalArgumentException if not
     * positive */
    public Builder gradClipNorm(double maxNorm) {
      checkArgument(maxNorm > 0, "Trainer.builder: gradClipNorm must be positive, got %s", maxNorm);
      this.gradClipNorm = maxNorm;
      return this;
    }

    /** Seeds the global generator ({@code Generator.global()}) when the first fit starts (dropout draws). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** {@link ZeroGradPolicy#EVERY_STEP} (default) or the deliberate pitfall {@link ZeroGradPolicy#NEVER}. */
    public Builder zeroGradPolicy(ZeroGradPolicy policy) {
      checkArgument(policy != null, "Trainer.builder: zeroGradPolicy must not be null");
      this.zeroGradPolicy = policy;
      return this;
    }

    /** Stop with a message at the first NaN/Inf loss (default true). */
    public Builder nonFiniteLossGuard(boolean on) {
      this.nonFiniteLossGuard = on;
      return this;
    }

    /** Turn on the optimizer's stale-gradient warning in this loop (default true). */
    public Builder staleGradientCheck(boolean on) {
      this.staleGradientCheck = on;
      return this;
    }

    /**
     * Trains data-parallel, as {@code config} says (null: ordinary training, the default); see
     * {@link DataParallel}. Gradient accumulation then reduces the replicas' gradients once per optimizer step.
     */
    public Builder dataParallel(DataParallel config) {
      this.dataParallel = config;
      return this;
    }

    /** @throws IllegalStateException naming the first missing required part */
    public Trainer build() {
      if (model == null) {
        throw new IllegalStateException("Trainer.builder: model is required (call .model(...))");
      }
      if (loss == null) {
        throw new IllegalStateException("Trainer.builder: loss is required (call .loss(...))");
      }
      if (optimizer == null) {
        throw new IllegalStateException("Trainer.builder: optimizer is required (call .optimizer(...))");
      }
      return new Trainer(this);
    }
  }
}
