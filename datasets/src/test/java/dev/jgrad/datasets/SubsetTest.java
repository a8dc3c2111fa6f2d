package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubsetTest {
  @Test
  void mapsIndicesThroughWithoutCopying() {
    Dataset<Integer> base = SplitsTest.range(5);
    int[] idx = {4, 1};
    Subset<Integer> s = new Subset<>(base, idx);
    idx[0] = 0; // the subset keeps its own copy
    assertEquals(2, s.size());
    assertEquals(4, s.get(0));
    assertEquals(1, s.get(1));
    assertSame(base, s.dataset());
    assertArrayEquals(new int[] {4, 1}, s.indices());
  }

  @Test
  void rejectsOutOfRangeIndices() {
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> new Subset<>(SplitsTest.range(3), new int[] {0, 3}));
    assertTrue(e.getMessage().contains("index 3 at position 1") && e.getMessage().contains("size 3"),
        e.getMessage());
    Subset<Integer> s = new Subset<>(SplitsTest.range(3), new int[] {2});
    assertThrows(IndexOutOfBoundsException.class, () -> s.get(1));
  }
}
