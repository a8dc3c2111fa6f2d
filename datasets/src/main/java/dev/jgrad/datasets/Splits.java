package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Generator;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Random splits with PyTorch's rules ({@code torch.utils.data.random_split}), seeded and reproducible.
 *
 * <p>With fractions, each split gets {@code floor(N * fraction)} samples and the remainder is handed out one at a
 * time, round-robin from the first split. The samples are then those of {@code randperm(N)} drawn from the
 * generator, taken in order; with {@code new Generator(seed)} they are exactly the indices of
 * {@code random_split(range(N), lengths, generator=torch.Generator().manual_seed(seed))}.
 *
 * <pre>{@code
 * Splits.lengths(11, 0.5, 0.5);                                  // [6, 5]
 * List<Subset<String>> parts = Splits.randomSplit(words, new int[] {7, 3}, 42);
 * }</pre>
 */
public final class Splits {
  private static final System.Logger LOG = System.getLogger(Splits.class.getName());

  private Splits() {}

  /**
   * The split lengths for {@code fractions} of {@code n} samples, PyTorch's remainder rule.
   *
   * <p>As in PyTorch, the fractions count as fractions when their sum is within 1e-9 (relative) of 1 and not above
   * 1; a split of length 0 is logged as a warning.
   *
   * @throws IllegalArgumentException if a fraction is outside [0, 1] or they do not sum to 1
   */
  public static int[] lengths(int n, double... fractions) {
    checkArgument(fractions.length > 0, "randomSplit: at least one fraction is needed");
    double sum = 0;
    for (double f : fractions) {
      sum += f;
    }
    // math.isclose(sum, 1) and sum <= 1, exactly as torch decides that the lengths are fractions.
    if (!(Math.abs(sum - 1) <= 1e-9 * Math.max(Math.abs(sum), 1) && sum <= 1)) {
      throw new IllegalArgumentException("randomSplit: fractions " + Arrays.toString(fractions)
          + " sum to " + sum + ", not 1 (Sum of input lengths does not equal the length of the input dataset!)");
    }
    int[] lengths = new int[fractions.length];
    int total = 0;
    for (int i = 0; i < fractions.length; i++) {
      checkArgument(!(fractions[i] < 0 || fractions[i] > 1),
          "randomSplit: Fraction at index %s is not between 0 and 1 (got %s)", i, Double.valueOf(fractions[i]));
      lengths[i] = (int) Math.floor(n * fractions[i]);
      total += lengths[i];
    }
    for (int i = 0; i < n - total; i++) {
      lengths[i % lengths.length]++;
    }
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] == 0) {
        LOG.log(Level.WARNING, "randomSplit: Length of split at index " + i
            + " is 0. This might result in an empty dataset.");
      }
    }
    return lengths;
  }

  /** {@link #randomSplit(Dataset, int[], Generator)} with the lengths of {@link #lengths(int, double...)}. */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, long seed) {
    return randomSplit(dataset, lengths(dataset.size(), fractions), new Generator(seed));
  }

  /** {@link #randomSplit(Dataset, int[], Generator)} with {@code new Generator(seed)}. */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, long seed) {
    return randomSplit(dataset, lengths, new Generator(seed));
  }

  /**
   * Splits {@code dataset} into non-overlapping subsets of {@code lengths}, drawing one {@code randperm(N)} from
   * {@code generator}.
   *
   * @throws IllegalArgumentException if a length is negative or the lengths do not add up to the dataset size
   */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator generator) {
    List<Subset<T>> out = new ArrayList<>();
    for (int[] part : randomIndices(dataset.size(), lengths, generator)) {
      out.add(new Subset<>(dataset, part));
    }
    return out;
  }

  /** The index lists of a random split of {@code n} samples. */
  static List<int[]> randomIndices(int n, int[] lengths, Generator generator) {
    long sum = 0;
    for (int i = 0; i < lengths.length; i++) {
      checkArgument(lengths[i] >= 0, "randomSplit: lengths must not be negative, got %s at index %s", lengths[i], i);
      sum += lengths[i];
    }
    if (sum != n) {
      throw new IllegalArgumentException("randomSplit: Sum of input lengths does not equal the length of the input "
          + "dataset! (lengths " + Arrays.toString(lengths) + " sum to " + sum + ", dataset size " + n + ")");
    }
    int[] perm = generator.randperm(n);
    List<int[]> out = new ArrayList<>();
    int offset = 0;
    for (int length : lengths) {
      out.add(Arrays.copyOfRange(perm, offset, offset + length));
      offset += length;
    }
    return out;
  }
}
