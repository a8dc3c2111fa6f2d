package dev.jgrad.datasets;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Features and targets held as two tensors whose dim 0 is the sample, PyTorch's {@code TensorDataset(x, y)}.
 *
 * <p>The dataset is immutable: it copies the values once, at construction, into one array per sample (float32
 * values, or doubles for float64 features, so those stay exact), and a batch of B samples is built by copying those
 * B rows straight into the batch tensor ({@link Tensor#of(float[][])} for float32): one copy of the batch's values,
 * no per-sample tensors. {@link #features()} and
 * {@link #targets()} return fresh copies, so changing them in place does not change the dataset.
 *
 * <pre>{@code
 * TensorDataset ds = new TensorDataset(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), Tensor.ofLongs(0, 1, 0));
 * ds.get(1);              // Batch[features=tensor([3., 4.]), targets=tensor(1)]
 * ds.batch(2, 0);         // features [2, 2] = [[5, 6], [1, 2]], targets [2] = [0, 0]
 * }</pre>
 */
public final class TensorDataset implements Dataset<Batch> {
  /**
   * One flat row of {@code featureRow} values per sample (a row array lets Tensor.of(float[][]) copy it once): a
   * {@code float[][]}, or a {@code double[][]} for float64 features; rows move as Object references.
   */
  private final Object[] features;
  /** Targets are small (usually one value per sample), so they stay in one flat array: float[], or double[]. */
  private final Object targets;
  /** Shape of one sample's features and target (the full shapes without dim 0). */
  private final int[] featureSample;
  private final int[] targetSample;
  private final int featureRow;
  private final int targetRow;
  private final DType featureType;
  private final DType targetType;
  private final int size;

  /**
   * A dataset of {@code features.size(0)} samples; gradients are not tracked (values are copied detached).
   *
   * @param features shape {@code [N, ...]}, any dtype
   * @param targets shape {@code [N, ...]}, any dtype (int64 {@code [N]} class indices for classification)
   * @throws IllegalArgumentException if either tensor is 0-dim or their first dims differ
   */
  public TensorDataset(Tensor features, Tensor targets) {
    Objects.requireNonNull(features, "TensorDataset: features must not be null");
    Objects.requireNonNull(targets, "TensorDataset: targets must not be null");
    if (features.dim() == 0 || targets.dim() == 0) {
      throw new IllegalArgumentException("TensorDataset: features and targets need a sample dim 0, got features "
          + Arrays.toString(features.shape()) + " and targets " + Arrays.toString(targets.shape()));
    }
    if (features.size(0) != targets.size(0)) {
      throw new IllegalArgumentException("TensorDataset: Size mismatch between tensors: features "
          + Arrays.toString(features.shape()) + " and targets " + Arrays.toString(targets.shape())
          + " differ in dim 0");
    }
    this.size = features.size(0);
    this.featureSample = tail(features.shape());
    this.targetSample = tail(targets.shape());
    this.featureRow = SizeLimits.numel("TensorDataset", featureSample);
    this.features = features.dtype() == DType.FLOAT64 ? rows(features.toDoubleArray(), size, featureRow)
        : rows(features.toArray(), size, featureRow);
    this.targets = targets.dtype() == DType.FLOAT64 ? targets.toDoubleArray() : targets.toArray();
    this.targetRow = SizeLimits.numel("TensorDataset", targetSample);
    this.featureType = features.dtype();
    this.targetType = targets.dtype();
  }

  /**
   * A dataset over rows the caller hands over (not copied, never to be written again), features {@code [N, width]}:
   * the preprocessor builds its rows directly, saving two copies of the feature matrix.
   */
  static TensorDataset ofRows(float[][] rows, int width, Tensor targets) {
    return ofRows(rows, DType.FLOAT32, width, targets);
  }

  /** {@link #ofRows(float[][], int, Tensor)} for float64 features. */
  static TensorDataset ofRows(double[][] rows, int width, Tensor targets) {
    return ofRows(rows, DType.FLOAT64, width, targets);
  }

  private static TensorDataset ofRows(Object[] rows, DType type, int width, Tensor targets) {
    if (rows.length != targets.size(0)) {
      throw new IllegalArgumentException("TensorDataset: Size mismatch between tensors: " + rows.length
          + " feature rows and targets " + Arrays.toString(targets.shape()));
    }
    return new TensorDataset(rows, type, width, targets);
  }

  private TensorDataset(Object[] rows, DType featureType, int width, Tensor targets) {
    this.size = rows.length;
    this.features = rows;
    this.featureSample = new int[] {width};
    this.featureRow = width;
    this.featureType = featureType;
    this.targets = targets.dtype() == DType.FLOAT64 ? targets.toDoubleArray() : targets.toArray();
    this.targetSample = tail(targets.shape());
    this.targetRow = SizeLimits.numel("TensorDataset", targetSample);
    this.targetType = targets.dtype();
  }

  /** Wraps arrays this class already owns (no copy): used by gathers. */
  private TensorDataset(Object[] features, Object targets, int size, TensorDataset like) {
    this.features = features;
    this.targets = targets;
    this.size = size;
    this.featureSample = like.featureSample;
    this.targetSample = like.targetSample;
    this.featureRow = like.featureRow;
    this.targetRow = like.targetRow;
    this.featureType = like.featureType;
    this.targetType = like.targetType;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * The sample at {@code index} with the sample dim removed, as {@code dataset[i]} in PyTorch: features of shape
   * {@link #featureShape()}, targets of shape {@link #targetShape()} (a 0-dim tensor for {@code [N]} targets).
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  @Override
  public Batch get(int index) {
    checkIndex(index, "get");
    Object target = newTargets(targetRow, "TensorDataset.get");
    System.arraycopy(targets, index * targetRow, target, 0, targetRow);
    return new Batch(tensor(features[index], featureSample, featureType), tensor(target, targetSample, targetType));
  }

  /** All features, shape {@code [N, ...]} (a fresh copy). */
  public Tensor features() {
    return stackRows(features, size);
  }

  /** All targets, shape {@code [N, ...]} (a fresh copy). */
  public Tensor targets() {
    Object copy = newTargets(size * targetRow, "TensorDataset.targets");
    System.arraycopy(targets, 0, copy, 0, size * targetRow);
    return tensor(copy, prepend(size, targetSample), targetType);
  }

  /** The shape of one sample's features, e.g. {@code [4]} for features {@code [150, 4]}. */
  public int[] featureShape() {
    return featureSample.clone();
  }

  /** The shape of one sample's target, e.g. {@code []} for targets {@code [150]}. */
  public int[] targetShape() {
    return targetSample.clone();
  }

  /** The dtype of the features tensor. */
  public DType featureType() {
    return featureType;
  }

  /** The dtype of the targets tensor (int64 for class indices). */
  public DType targetType() {
    return targetType;
  }

  /**
   * The samples at {@code indices}, in that order, as one batch: features {@code [indices.length, ...]}.
   *
   * @throws IndexOutOfBoundsException if an index is not in {@code [0, size())}
   */
  public Batch batch(int... indices) {
    return batch(indices, 0, indices.length);
  }

  /** The samples {@code order[from .. to-1]} as one batch (what the data loader calls). */
  Batch batch(int[] order, int from, int to) {
    int b = to - from;
    Object[] x = newRows(b);
    Object y = newTargets(prepend(b, targetSample), "TensorDataset.batch");
    gather(order, from, to, x, y);
    return new Batch(stackRows(x, b), tensor(y, prepend(b, targetSample), targetType));
  }

  /** Copies the rows (references to this dataset's own row arrays) into one new tensor {@code [b, sample...]}. */
  private Tensor stackRows(Object[] rows, int b) {
    if (b == 0 || featureRow == 0) {
      return Tensor.zeros(featureType, prepend(b, featureSample));
    }
    if (rows instanceof double[][] d) {
      double[] flat = SizeLimits.allocateDoubles("TensorDataset.batch", prepend(b, featureSample));
      for (int k = 0; k < b; k++) {
        System.arraycopy(d[k], 0, flat, k * featureRow, featureRow);
      }
      return Tensor.of(flat, prepend(b, featureSample), DType.FLOAT64);
    }
    Tensor t = Tensor.of((float[][]) rows).view(prepend(b, featureSample));
    return featureType == DType.FLOAT32 ? t : t.to(featureType);
  }

  /**
   * A new dataset holding the samples at {@code indices}, in that order (values are copied).
   *
   * @throws IndexOutOfBoundsException if an index is not in {@code [0, size())}
   */
  public TensorDataset subset(int... indices) {
    Object[] x = newRows(indices.length);
    Object y = newTargets(prepend(indices.length, targetSample), "TensorDataset.subset");
    gather(indices, 0, indices.length, x, y);
    return new TensorDataset(x, y, indices.length, this);
  }

  /**
   * Splits into datasets of the sizes PyTorch's {@code random_split(ds, fractions, generator)} gives: fractions
   * are floored and the remainder handed out one by one from the first split; the samples are those of
   * {@code torch.randperm(N)} from a generator seeded with {@code seed}, taken in order.
   *
   * <pre>{@code
   * List<TensorDataset> parts = ds.randomSplit(new double[] {0.8, 0.2}, 0);   // train, test
   * }</pre>
   *
   * @throws IllegalArgumentException as {@link Splits#lengths(int, double...)}
   */
  public List<TensorDataset> randomSplit(double[] fractions, long seed) {
    return randomSplit(Splits.lengths(size, fractions), seed);
  }

  /**
   * Splits into datasets of exactly {@code lengths}, as {@code random_split(ds, lengths, generator)}.
   *
   * @throws IllegalArgumentException if the lengths are negative or do not add up to {@link #size()}
   */
  public List<TensorDataset> randomSplit(int[] lengths, long seed) {
    List<TensorDataset> out = new ArrayList<>();
    for (int[] part : Splits.randomIndices(size, lengths, new Generator(seed))) {
      out.add(subset(part));
    }
    return out;
  }

  /** Collects row references (rows are never written, so sharing them between datasets is safe). */
  private void gather(int[] order, int from, int to, Object[] x, Object y) {
    for (int k = from; k < to; k++) {
      int i = order[k];
      checkIndex(i, "batch");
      x[k - from] = features[i];
      System.arraycopy(targets, i * targetRow, y, (k - from) * targetRow, targetRow);
    }
  }

  private void checkIndex(int index, String op) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          "TensorDataset." + op + ": index " + index + " is out of bounds for a dataset of size " + size);
    }
  }

  /**
   * A tensor of {@code type} over {@code data}, a {@code double[]} (float64) or a {@code float[]} (the other dtypes:
   * non-float dtypes hold exact integer values already).
   */
  static Tensor tensor(Object data, int[] shape, DType type) {
    if (data instanceof double[] d) {
      return Tensor.of(d, shape, type);
    }
    Tensor t = Tensor.of((float[]) data, shape);
    return type == DType.FLOAT32 ? t : t.to(type);
  }

  /** Row references of the features' element type. */
  private Object[] newRows(int n) {
    return features instanceof double[][] ? new double[n][] : new float[n][];
  }

  /** A flat target array of the targets' element type. */
  private Object newTargets(int[] shape, String op) {
    return targets instanceof double[] ? SizeLimits.allocateDoubles(op, shape) : SizeLimits.allocate(op, shape);
  }

  private Object newTargets(int n, String op) {
    return newTargets(new int[] {n}, op);
  }

  private static float[][] rows(float[] flat, int n, int rowSize) {
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(flat, i * rowSize, (i + 1) * rowSize);
    }
    return out;
  }

  private static double[][] rows(double[] flat, int n, int rowSize) {
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(flat, i * rowSize, (i + 1) * rowSize);
    }
    return out;
  }

  private static int[] tail(int[] shape) {
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  static int[] prepend(int n, int[] shape) {
    int[] out = new int[shape.length + 1];
    out[0] = n;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }

  @Override
  public String toString() {
    return "TensorDataset(size=" + size + ", features " + Arrays.toString(prepend(size, featureSample)) + " "
        + featureType.torchName() + ", targets " + Arrays.toString(prepend(size, targetSample)) + " "
        + targetType.torchName() + ")";
  }
}
