package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Generator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Iterates over a dataset in batches, PyTorch's {@code DataLoader}: a batch size, an optional seeded shuffle that
 * gives a new order every epoch, and {@code dropLast}.
 *
 * <p>Each call to {@link #iterator()} (each {@code for} loop over the loader) is one epoch, and each shuffled
 * epoch has a new order, drawn as PyTorch 1.13 draws it:
 * <ul>
 *   <li>with a {@link Builder#seed seed} or {@link Builder#generator generator}, from the loader's own
 *       {@link Generator}, as
 *       {@code DataLoader(ds, batch_size, shuffle=True, drop_last, generator=torch.Generator().manual_seed(seed))}
 *       (per epoch: a 64-bit base seed, {@code randperm(N)} for the order, and the second {@code randperm(N)} that
 *       {@code RandomSampler} computes when it is exhausted), so the batches equal torch's as long as every epoch
 *       is iterated to the end, as a training loop does;
 *   <li>without either, from the {@link Generator#global() global generator}, as torch's loader without a
 *       generator: when the epoch's iterator is created a base seed, and on its first {@code hasNext()} or
 *       {@code next()} a fresh seed for a private generator that gives {@code randperm(N)}. So after
 *       {@code Tensor.manualSeed(s)} the batches equal torch's epoch after epoch, epochs abandoned part-way
 *       included.
 * </ul>
 *
 * <p>Batches over a {@link TensorDataset} are gathered with one copy of the batch's values (no per-sample
 * tensors); loaders over any other {@link Dataset} call a {@link Collate} with the batch's samples.
 *
 * <p>A loader over an {@link IterableDataset} (a stream, such as a {@link JdbcDataset}) takes {@code batchSize}
 * samples at a time in stream order, each epoch a new pass; it cannot shuffle, and refuses {@code shuffle(true)} as
 * PyTorch does. Its {@link #numBatches()} counts from the stream's {@link IterableDataset#size()}.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(32).shuffle(true).seed(0).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   for (Batch b : loader) { ... }            // a new order every epoch
 * }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
  /** What the loader draws batches from: a tensor dataset's gather or a generic dataset plus its collate. */
  private interface Source {
    int size();

    Batch batch(int[] order, int from, int to);
  }

  /** What a loader over a stream draws from: one pass per epoch, batched in stream order. */
  private interface Stream {
    Iterator<Batch> epoch(int batchSize, boolean dropLast);
  }

  private final Source source;
  private final Stream stream;
  private final Object dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  private final Generator generator;
  /** Whether {@link #generator} is the loader's own; if not, a shuffle reseeds from the global one every epoch. */
  private final boolean seeded;
  private int epochs;

  private DataLoader(Builder b) {
    this.source = b.source;
    this.stream = b.stream;
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.seeded = b.generator != null || b.seed != null;
    if (b.generator != null) {
      this.generator = b.generator;
    } else if (b.seed != null) {
      this.generator = new Generator(b.seed);
    } else if (shuffle) {
      this.generator = Generator.global();
    } else {
      this.generator = new Generator(); // unused; an unshuffled loader leaves the global generator alone
    }
  }

  /**
   * A builder for a loader over {@code dataset}; defaults: batch size 1, no shuffle, keep the last partial batch.
   */
  public static Builder builder(TensorDataset dataset) {
    Objects.requireNonNull(dataset, "DataLoader.builder: dataset must not be null");
    return new Builder(dataset, new Source() {
      @Override
      public int size() {
        return dataset.size();
      }

      @Override
      public Batch batch(int[] order, int from, int to) {
        return dataset.batch(order, from, to);
      }
    });
  }

  /**
   * A builder for a loader over any dataset, whose batches {@code collate} builds from the batch's samples.
   *
   * <pre>{@code
   * DataLoader.builder(rows, Collate.stack()).batchSize(16).build();
   * }</pre>
   */
  public static <T> Builder builder(Dataset<T> dataset, Collate<T> collate) {
    Objects.requireNonNull(dataset, "DataLoader.builder: dataset must not be null");
    Objects.requireNonNull(collate, "DataLoader.builder: collate must not be null");
    return new Builder(dataset, new Source() {
      @Override
      public int size() {
        return dataset.size();
      }

      @Override
      public Batch batch(int[] order, int from, int to) {
        List<T> samples = new ArrayList<>(to - from);
        for (int k = from; k < to; k++) {
          samples.add(dataset.get(order[k]));
        }
        return Objects.requireNonNull(collate.collate(samples), "DataLoader: collate returned null");
      }
    });
  }

  /**
   * A builder for a loader over a stream, whose batches {@code collate} builds from {@code batchSize} consecutive
   * samples; the stream is not shuffled (see the class comment).
   *
   * <pre>{@code
   * DataLoader.builder(rows, Collate.stack()).batchSize(64).build();
   * }</pre>
   */
  public static <T> Builder builder(IterableDataset<T> dataset, Collate<T> collate) {
    Objects.requireNonNull(dataset, "DataLoader.builder: dataset must not be null");
    Objects.requireNonNull(collate, "DataLoader.builder: collate must not be null");
    Source size = new Source() {
      @Override
      public int size() {
        return dataset.size();
      }

      @Override
      public Batch batch(int[] order, int from, int to) {
        throw new UnsupportedOperationException("DataLoader: an IterableDataset has no index");
      }
    };
    return new Builder(dataset, size, (batchSize, dropLast) -> batches(dataset.iterator(), collate, batchSize,
        dropLast));
  }

  /** {@code samples} in consecutive batches of {@code batchSize}; the last may be smaller unless {@code dropLast}. */
  private static <T> Iterator<Batch> batches(Iterator<T> samples, Collate<T> collate, int batchSize,
      boolean dropLast) {
    return new Iterator<>() {
      private Batch pending;
      private boolean ended;

      @Override
      public boolean hasNext() {
        if (pending == null && !ended) {
          List<T> group = new ArrayList<>(Math.min(batchSize, 1024));
          while (group.size() < batchSize && samples.hasNext()) {
            group.add(samples.next());
          }
          ended = group.size() < batchSize;
          if (!group.isEmpty() && !(dropLast && ended)) {
            pending = Objects.requireNonNull(collate.collate(group), "DataLoader: collate returned null");
          }
        }
        return pending != null;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("DataLoader: the stream has no more batches");
        }
        Batch b = pending;
        pending = null;
        return b;
      }
    };
  }

  /**
   * A loader over {@code dataset} that keeps the last partial batch.
   *
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public static DataLoader of(TensorDataset dataset, int batchSize, boolean shuffle, long seed) {
    return builder(dataset).batchSize(batchSize).shuffle(shuffle).seed(seed).build();
  }

  /** Batches per epoch: {@code ceil(N / batchSize)}, or {@code floor(N / batchSize)} with {@code dropLast}. */
  public int numBatches() {
    int n = source.size();
    return dropLast ? n / batchSize : (int) ((n + (long) batchSize - 1) / batchSize);   // long: batchSize may be huge
  }

  /** Samples per batch (the last batch may be smaller unless {@link #dropLast()}). */
  public int batchSize() {
    return batchSize;
  }

  /** Whether each epoch draws a new order. */
  public boolean shuffle() {
    return shuffle;
  }

  /** Whether a last, partial batch is skipped. */
  public boolean dropLast() {
    return dropLast;
  }

  /**
   * The tensor dataset this loader reads.
   *
   * @throws IllegalStateException if the loader was built over a generic dataset (see {@link #source()})
   */
  public TensorDataset dataset() {
    if (dataset instanceof TensorDataset td) {
      return td;
    }
    throw new IllegalStateException("DataLoader.dataset: this loader reads a " + dataset.getClass().getSimpleName()
        + " through a Collate, not a TensorDataset; use source()");
  }

  /**
   * The map-style dataset this loader reads, of whatever kind.
   *
   * @throws IllegalStateException if the loader reads an {@link IterableDataset}
   */
  public Dataset<?> source() {
    if (dataset instanceof Dataset<?> d) {
      return d;
    }
    throw new IllegalStateException("DataLoader.source: this loader reads an IterableDataset ("
        + dataset.getClass().getSimpleName() + "), not a Dataset");
  }

  /**
   * The generator the shuffle draws from ({@link Generator#global()} for a shuffling loader without a seed). Its
   * state ({@link Generator#getState()}) can be saved with a checkpoint and restored to resume the same sequence of
   * epochs.
   */
  public Generator generator() {
    return generator;
  }

  /** How many epochs (iterators) have been started. */
  public int epochsStarted() {
    return epochs;
  }

  /**
   * Starts a new epoch. With shuffle, draws as torch's loader iterator does (see the class comment): a seeded
   * loader draws all of the epoch now; an unseeded one draws the base seed now and the order when first asked.
   */
  @Override
  public Iterator<Batch> iterator() {
    if (stream != null) {
      epochs++;
      return stream.epoch(batchSize, dropLast);
    }
    int n = source.size();
    boolean shuffled = shuffle && n > 0;
    if (shuffled) {
      generator.randomLong();       // _BaseDataLoaderIter's _base_seed
    }
    int[] eager = !shuffled ? identity(n) : seeded ? seededOrder(n) : null;
    int batches = numBatches();
    epochs++;
    return new Iterator<>() {
      private int[] order = eager;
      private int next;

      @Override
      public boolean hasNext() {
        order();
        return next < batches;
      }

      @Override
      public Batch next() {
        int[] o = order();
        if (next >= batches) {
          throw new NoSuchElementException("DataLoader: the epoch has no more batches (" + batches + " in all)");
        }
        int from = next * batchSize;
        int to = (int) Math.min(n, (long) from + batchSize);
        next++;
        return source.batch(o, from, to);
      }

      /** RandomSampler without a generator runs on the first request: a fresh seed from the global generator. */
      private int[] order() {
        if (order == null) {
          order = new Generator(generator.randomLong()).randperm(n);
        }
        return order;
      }
    };
  }

  /** RandomSampler's draws from the loader's own generator for one epoch run to the end. */
  private int[] seededOrder(int n) {
    int[] order = generator.randperm(n);
    // RandomSampler then yields randperm(n)[:num_samples % n] == [] when exhausted, still drawing a permutation.
    generator.randperm(n);
    return order;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  @Override
  public String toString() {
    return "DataLoader(size=" + source.size() + ", batchSize=" + batchSize + ", shuffle=" + shuffle + ", dropLast="
        + dropLast + ", numBatches=" + numBatches() + ")";
  }

  /** Options of a {@link DataLoader}. */
  public static final class Builder {
    private final Object dataset;
    private final Source source;
    private final Stream stream;
    private int batchSize = 1;
    private boolean shuffle;
    private boolean dropLast;
    private Long seed;
    private Generator generator;

    private Builder(Dataset<?> dataset, Source source) {
      this.dataset = dataset;
      this.source = source;
      this.stream = null;
    }

    private Builder(IterableDataset<?> dataset, Source source, Stream stream) {
      this.dataset = dataset;
      this.source = source;
      this.stream = stream;
    }

    /**
     * Samples per batch (default 1).
     *
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize >= 1, "DataLoader: batch_size should be a positive integer value, but got batch_size=%s",
          batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** Whether each epoch visits the samples in a new random order (default false). */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * Seeds the loader's own generator. Without a seed (or {@link #generator}), a shuffling loader draws each
     * epoch's seed from {@link Generator#global()}, as PyTorch's does, so {@code Tensor.manualSeed(s)} gives
     * PyTorch's batch order; an unshuffled loader never touches the global generator.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      this.generator = null;
      return this;
    }

    /** Draws the shuffle from {@code generator} (shared, not copied), PyTorch's {@code generator=} argument. */
    public Builder generator(Generator generator) {
      this.generator = Objects.requireNonNull(generator, "DataLoader: generator must not be null");
      this.seed = null;
      return this;
    }

    /** Whether to skip the last batch when it has fewer than {@code batchSize} samples (default false). */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /**
     * @throws IllegalArgumentException for {@code shuffle(true)} over an {@link IterableDataset}
     */
    public DataLoader build() {
      checkArgument(stream == null || !shuffle,
          "DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=%s", shuffle);
      return new DataLoader(this);
    }
  }
}
