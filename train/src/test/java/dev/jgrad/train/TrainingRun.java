package dev.jgrad.train;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.CosineAnnealingLR;
import dev.jgrad.optim.LRScheduler;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.StepLR;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A seeded training set-up with every kind of state a checkpoint must carry — optimizer moments or momentum
 * buffers, a learning-rate schedule, dropout draws, a shuffled loader, accumulation over k micro-batches — and a
 * digest of that state, so tests (and the child JVMs they start) can say "bit-identical" with one string.
 */
final class TrainingRun {
  /** The model and its data. */
  enum Arch {
    /** 8-16-3 with dropout, 40 samples in batches of 4: ten micro-batches, so k = 3 leaves a trailing group of 1. */
    SMALL_MLP(40, 4),
    /**
     * 64-256-256-10 with dropout, batches of 32: the 32×256×256 products (4.2 MFLOP) are well above the 0.35 MFLOP
     * at which the SIMD gemm splits over two threads.
     */
    WIDE_MLP(100, 32),
    /** conv 3×3 (1→4 channels), max-pool, linear, on 8×8 images in batches of 8. */
    CNN(40, 8);

    final int samples;
    final int batchSize;

    Arch(int samples, int batchSize) {
      this.samples = samples;
      this.batchSize = batchSize;
    }
  }

  /** The optimizer and its schedule. */
  enum Optim {
    /** SGD with momentum 0.9, StepLR halving every 2 epochs. */
    SGD_MOMENTUM,
    /** Adam, cosine annealing stepped after every optimizer step. */
    ADAM
  }

  /**
   * What to build.
   *
   * @param samples the number of training samples
   * @param ownGenerators dropout draws from a generator of its own instead of the global one, and the trainer does
   *     not seed the global one: nothing in the run touches state another thread could share
   */
  record Config(Arch arch, Optim optim, long seed, int samples, int accumulation, boolean ownGenerators) {
    static Config of(Arch arch, Optim optim, long seed) {
      return new Config(arch, optim, seed, arch.samples, 3, false);
    }

    Config samples(int n) {
      return new Config(arch, optim, seed, n, accumulation, ownGenerators);
    }

    Config accumulation(int k) {
      return new Config(arch, optim, seed, samples, k, ownGenerators);
    }

    Config withOwnGenerators() {
      return new Config(arch, optim, seed, samples, accumulation, true);
    }

    /** The form a child JVM's arguments take: {@code arch optim seed samples accumulation ownGenerators}. */
    String[] args() {
      return new String[] {arch.name(), optim.name(), Long.toString(seed), Integer.toString(samples),
          Integer.toString(accumulation), Boolean.toString(ownGenerators)};
    }

    /** Reads {@link #args()} starting at {@code args[from]}. */
    static Config parse(String[] args, int from) {
      return new Config(Arch.valueOf(args[from]), Optim.valueOf(args[from + 1]), Long.parseLong(args[from + 2]),
          Integer.parseInt(args[from + 3]), Integer.parseInt(args[from + 4]), Boolean.parseBoolean(args[from + 5]));
    }
  }

  final Config config;
  final Module model;
  final Optimizer optimizer;
  final LRScheduler scheduler;
  final DataLoader loader;
  final Trainer trainer;

  /**
   * Builds the run. The initial weights come from the global generator seeded with {@code config.seed()}, so runs
   * built at the same time in several threads must be built one after the other.
   */
  TrainingRun(Config config, Callback... callbacks) {
    this.config = config;
    Generator data = new Generator(config.seed() + 1);
    Generator dropout = config.ownGenerators() ? new Generator(config.seed() + 2) : null;
    Tensor.manualSeed(config.seed());
    TensorDataset dataset;
    int n = config.samples();
    switch (config.arch()) {
      case SMALL_MLP -> {
        model = new Sequential(new Linear(8, 16), new Tanh(), new Dropout(0.25, dropout), new Linear(16, 3));
        dataset = new TensorDataset(Tensor.randn(data, n, 8), Tensor.randint(data, 0, 3, n));
      }
      case WIDE_MLP -> {
        model = new Sequential(new Linear(64, 256), new ReLU(), new Dropout(0.1, dropout), new Linear(256, 256),
            new ReLU(), new Linear(256, 10));
        dataset = new TensorDataset(Tensor.randn(data, n, 64), Tensor.randint(data, 0, 10, n));
      }
      case CNN -> {
        model = new Sequential(new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(),
            new Dropout(0.1, dropout), new Linear(64, 10));
        dataset = new TensorDataset(Tensor.randn(data, n, 1, 8, 8), Tensor.randint(data, 0, 10, n));
      }
      default -> throw new AssertionError(config.arch());
    }
    SchedulerStep when;
    if (config.optim() == Optim.SGD_MOMENTUM) {
      optimizer = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.05).withMomentum(0.9));
      scheduler = new StepLR(optimizer, 2, 0.5);
      when = SchedulerStep.PER_EPOCH;
    } else {
      optimizer = new Adam(model.parameters(), 0.003);
      scheduler = new CosineAnnealingLR(optimizer, 40, 1e-4);
      when = SchedulerStep.PER_STEP;
    }
    loader = DataLoader.builder(dataset).batchSize(config.arch().batchSize).shuffle(true).seed(config.seed() + 3)
        .build();
    Trainer.Builder b = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(optimizer)
        .scheduler(scheduler, when).accumulationSteps(config.accumulation()).callbacks(callbacks);
    if (!config.ownGenerators()) {
      b.seed(config.seed() + 4);
    }
    trainer = b.build();
  }

  /** Trains until {@code epochs} epochs are complete in total. */
  TrainingRun fit(int epochs) {
    trainer.fit(loader, epochs);
    return this;
  }

  /** The model's state dict and the optimizer's state tensors, by name. */
  LinkedHashMap<String, Tensor> tensors() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    model.stateDict().forEach((k, v) -> out.put("model." + k, v));
    out.putAll(optimizer.stateDict().toTensors("optimizer."));
    return out;
  }

  /**
   * SHA-256 over everything the next epoch depends on: weights and buffers, optimizer state and hyperparameters,
   * the schedule, epoch and step counts, the loader's shuffle state, and the global generator's state (not for a
   * run with generators of its own, whose dropout generator sits inside the model, out of reach).
   */
  String digest() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    for (Map.Entry<String, Tensor> e : tensors().entrySet()) {
      sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      float[] v = e.getValue().toArray();
      ByteBuffer b = ByteBuffer.allocate(4 * v.length + 4 * e.getValue().shape().length);
      for (int d : e.getValue().shape()) {
        b.putInt(d);
      }
      for (float x : v) {
        b.putInt(Float.floatToRawIntBits(x));
      }
      sha.update(b.array());
    }
    OptimizerState opt = optimizer.stateDict();
    sha.update(opt.toMetadata("optimizer.").toString().getBytes(StandardCharsets.UTF_8));
    sha.update(scheduler.stateDict().toString().getBytes(StandardCharsets.UTF_8));
    sha.update(("epoch " + trainer.epochsCompleted() + " step " + trainer.globalStep())
        .getBytes(StandardCharsets.UTF_8));
    byte[] loaderState = trainer.loaderState();
    sha.update(loaderState == null ? new byte[0] : loaderState);
    if (!config.ownGenerators()) {
      sha.update(Generator.global().getState());
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
