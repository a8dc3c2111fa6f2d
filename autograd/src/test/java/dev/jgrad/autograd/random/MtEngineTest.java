package dev.jgrad.autograd.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MtEngineTest {
  @Test
  void blockDrawsAreTheWordByWordStreamAcrossTwists() {
    MtEngine bulk = new MtEngine(5);
    MtEngine single = new MtEngine(5);
    // Block sizes that start and end on every side of a twist, mixed with single draws.
    for (int n : new int[] {1, 623, 624, 625, 0, 1, 1247, 3, 2000}) {
      int[] got = new int[n + 2];
      bulk.nextInts(got, 2, n);
      int[] expected = new int[n + 2];
      for (int i = 0; i < n; i++) {
        expected[2 + i] = single.nextInt();
      }
      assertArrayEquals(expected, got, "block of " + n);
      assertArrayEquals(new int[] {single.nextInt()}, new int[] {bulk.nextInt()}, "single draw after " + n);
    }
  }
}
