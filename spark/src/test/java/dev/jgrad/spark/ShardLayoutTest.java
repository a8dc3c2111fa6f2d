package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.train.parallel.ShardGradients;
import org.junit.jupiter.api.Test;

class ShardLayoutTest {
  @Test
  void everyPositionGoesToTheShardThatHoldsItsPlaceInItsBatch() {
    // 50 positions in batches of 16 over 3 workers: batches of 16, 16, 16, 2 (the last has an empty shard)
    ShardLayout layout = new ShardLayout(3, 16, 50);
    assertEquals(4, layout.batches());
    assertEquals(2, layout.batchRows(3));
    for (long p = 0; p < 50; p++) {
      int step = (int) (p / 16);
      int place = (int) (p % 16);
      int rows = layout.batchRows(step);
      int expected = -1;
      for (int r = 0; r < 3; r++) {
        if (place >= ShardGradients.shardStart(rows, 3, r) && place < ShardGradients.shardStart(rows, 3, r + 1)) {
          expected = r;
        }
      }
      assertEquals(expected, layout.getPartition(p), "position " + p);
    }
    assertEquals(0, layout.shardRows(3, 0));
    assertEquals(1, layout.shardRows(3, 1));
    assertEquals(1, layout.shardRows(3, 2));
  }
}
