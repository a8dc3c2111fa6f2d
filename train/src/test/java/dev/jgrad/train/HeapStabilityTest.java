package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training keeps no memory per step: a small MLP trains for many steps in a 64 MB heap ({@link HeapStabilityMain}
 * in a child JVM with {@code -Xmx64m}) and the heap in use after a full collection shows no upward trend. The first
 * fifth of the samples is warm-up (class loading, JIT, pools filling) and is not judged; over the rest, the median of
 * the last quarter may exceed the median of the first quarter by at most {@link #MARGIN_BYTES}. The history grows by
 * one row per epoch (1,000 steps), a few hundred bytes, well inside the margin.
 */
class HeapStabilityTest {
  private static final long MARGIN_BYTES = 1 << 20;

  @Test
  void twentyThousandStepsIn64Mb() throws Exception {
    trainAndWatchTheHeap(20_000, 500);
  }

  @Test
  @Tag("long")
  void twoHundredThousandStepsIn64Mb() throws Exception {
    trainAndWatchTheHeap(200_000, 2_000);
  }

  private static void trainAndWatchTheHeap(long steps, long interval) throws Exception {
    ChildJvm.Result r = ChildJvm.of(HeapStabilityMain.class, Long.toString(steps), Long.toString(interval))
        .option("-Xmx64m").option("-XX:+UseSerialGC").run(Duration.ofMinutes(10));
    assertEquals(Long.toString(steps), r.value("STEPS "));
    List<Long> used = new ArrayList<>();
    for (String line : r.lines()) {
      if (line.startsWith("HEAP ")) {
        used.add(Long.parseLong(line.split(" ")[2]));
      }
    }
    assertEquals(steps / interval, used.size(), r.lines().toString());
    List<Long> judged = used.subList(used.size() / 5, used.size());
    int quarter = Math.max(1, judged.size() / 4);
    long early = median(judged.subList(0, quarter));
    long late = median(judged.subList(judged.size() - quarter, judged.size()));
    System.out.printf("%d steps: heap used after GC %d KB early, %d KB late (samples %s)%n", steps, early >> 10,
        late >> 10, used);
    assertTrue(late <= early + MARGIN_BYTES, "the heap grew from " + early + " to " + late + " bytes over " + steps
        + " steps: " + used);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
