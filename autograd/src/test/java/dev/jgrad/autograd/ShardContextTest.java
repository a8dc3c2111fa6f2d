package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardContextTest {
  @Test
  void aContextIsPerThreadAndNests() throws Exception {
    assertNull(ShardContext.current());
    try (ShardContext outer = ShardContext.enter(1, 2, 30, 4)) {
      assertSame(outer, ShardContext.current());
      Thread other = new Thread(() -> assertNull(ShardContext.current()));
      other.start();
      other.join();
      try (ShardContext inner = ShardContext.enter(1, 3, 0, 1)) {
        assertSame(inner, ShardContext.current());
      }
      assertSame(outer, ShardContext.current());
      assertEquals(0, outer.nextDraw());
      assertEquals(1, outer.nextDraw());
    }
    assertNull(ShardContext.current());
  }

  @Test
  void theStreamIsAPureFunctionOfItsKeys() {
    try (ShardContext a = ShardContext.enter(7, 5, 0, 10); ShardContext b = ShardContext.enter(7, 5, 40, 2)) {
      // row 41 has the same key in a shard starting at row 0 and in one starting at row 40
      assertEquals(a.rowKey(0, 41), b.rowKey(0, 41));
      assertNotEquals(a.rowKey(0, 41), a.rowKey(1, 41));
      assertNotEquals(a.rowKey(0, 41), a.rowKey(0, 42));
    }
    double mean = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      float u = ShardContext.uniform(12345L, i);
      assertTrue(u >= 0f && u < 1f);
      mean += u;
    }
    assertEquals(0.5, mean / n, 0.005);
  }

  @Test
  void theGlobalGeneratorIsRefusedInsideAContext() {
    try (ShardContext c = ShardContext.enter(0, 0, 0, 1)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, Generator::global);
      assertTrue(e.getMessage().contains("Generator.global(): the global generator cannot be used in a data-parallel"
          + " replica"), e.getMessage());
    }
    Generator.global();
  }

  @Test
  void badBoundsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardContext.enter(0, 0, -1, 2));
    assertTrue(e.getMessage().contains("rowOffset and rows must be non-negative, got -1 and 2"), e.getMessage());
  }

  @Test
  void intraOpThreadsBindAPoolToThisThreadOnly() {
    int before = IntraOpThreads.current();
    try (IntraOpThreads t = IntraOpThreads.bind(3, "intra-op-test")) {
      assertEquals(3, IntraOpThreads.current());
    }
    assertEquals(before, IntraOpThreads.current());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntraOpThreads.bind(0, "x"));
    assertTrue(e.getMessage().contains("IntraOpThreads.bind: threads must be at least 1, got 0"), e.getMessage());
  }
}
