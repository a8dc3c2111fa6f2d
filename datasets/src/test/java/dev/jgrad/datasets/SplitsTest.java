package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitsTest {
  /** A dataset whose sample i is i. */
  static Dataset<Integer> range(int n) {
    return new Dataset<>() {
      @Override
      public int size() {
        return n;
      }

      @Override
      public Integer get(int index) {
        return index;
      }
    };
  }

  @Test
  void everyGoldenSplitMatchesTorchRandomSplit() {
    List<String[]> cases = Golden.records("random_split");
    assertTrue(cases.size() >= 10);
    for (String[] c : cases) {
      int n = Integer.parseInt(c[1]);
      long seed = Long.parseLong(c[3]);
      int[][] expected = Golden.groups(c[4]);
      String spec = c[2].substring(2);
      List<Subset<Integer>> parts = c[2].startsWith("f:")
          ? Splits.randomSplit(range(n), Golden.doubles(spec), seed)
          : Splits.randomSplit(range(n), Golden.ints(spec), seed);
      assertEquals(expected.length, parts.size(), String.join(" ; ", c));
      for (int p = 0; p < expected.length; p++) {
        assertArrayEquals(expected[p], parts.get(p).indices(), String.join(" ; ", c) + " split " + p);
        for (int i = 0; i < expected[p].length; i++) {
          assertEquals(expected[p][i], parts.get(p).get(i));
        }
      }
    }
  }

  @Test
  void lengthsFloorFractionsAndHandOutTheRemainderRoundRobin() {
    assertArrayEquals(new int[] {6, 5}, Splits.lengths(11, 0.5, 0.5));
    assertArrayEquals(new int[] {2, 2, 2, 1}, Splits.lengths(7, 0.25, 0.25, 0.25, 0.25));
    assertArrayEquals(new int[] {1438, 359}, Splits.lengths(1797, 0.8, 0.2));
    assertArrayEquals(new int[] {274, 68}, Splits.lengths(342, 0.8, 0.2));
    // 0.7 + 0.2 + 0.1 sums to 0.9999999999999999: still fractions (isclose and <= 1), as in torch.
    assertArrayEquals(new int[] {7, 2, 1}, Splits.lengths(10, 0.7, 0.2, 0.1));
    assertArrayEquals(new int[] {0, 3}, Splits.lengths(3, 0.0, 1.0));
  }

  @Test
  void badFractionsAndLengthsFailWithTorchsPhrases() {
    IllegalArgumentException sum = assertThrows(IllegalArgumentException.class, () -> Splits.lengths(10, 0.5, 0.4));
    assertTrue(sum.getMessage().contains("sum to 0.9") && sum.getMessage().contains("Sum of input lengths"),
        sum.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> Splits.lengths(10, 1.5, -0.5));
    assertTrue(range.getMessage().contains("Fraction at index 0 is not between 0 and 1"), range.getMessage());
    IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
        () -> Splits.randomSplit(range(10), new int[] {7, 4}, 0));
    assertTrue(lengths.getMessage().contains("Sum of input lengths does not equal the length of the input dataset!")
        && lengths.getMessage().contains("[7, 4]") && lengths.getMessage().contains("size 10"),
        lengths.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> Splits.randomSplit(range(2), new int[] {3, -1}, 0));
    assertTrue(negative.getMessage().contains("-1 at index 1"), negative.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Splits.lengths(3));
  }

  @Test
  void sameSeedSameSplitDifferentSeedDifferentSplit() {
    int[] a = Splits.randomSplit(range(50), new int[] {25, 25}, 5).get(0).indices();
    int[] b = Splits.randomSplit(range(50), new int[] {25, 25}, 5).get(0).indices();
    int[] c = Splits.randomSplit(range(50), new int[] {25, 25}, 6).get(0).indices();
    assertArrayEquals(a, b);
    assertTrue(!java.util.Arrays.equals(a, c));
  }
}
