package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GemmWorkerTest {

  private final GemmWorker worker = new GemmWorker("gemm-worker-test");

  @Test
  void workerIsADaemonSoItNeverKeepsTheJvmAlive() {
    assertTrue(worker.thread().isDaemon());
    assertTrue(GemmWorker.shared().thread().isDaemon());
    assertEquals("jgrad-gemm-worker", GemmWorker.shared().thread().getName());
  }

  @Test
  void everyChunkRunsExactlyOnceAndItsWritesAreVisible() {
    for (int chunks : new int[] {0, 1, 2, 3, 16}) {
      for (int rep = 0; rep < 200; rep++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(chunks, 1));
        int[] plain = new int[Math.max(chunks, 1)];   // plain writes, published by the worker's completion count
        worker.run(chunks, c -> {
          runs.incrementAndGet(c);
          plain[c] = c + 1;
        });
        for (int c = 0; c < chunks; c++) {
          assertEquals(1, runs.get(c), "chunk " + c + " of " + chunks);
          assertEquals(c + 1, plain[c]);
        }
      }
    }
  }

  @Test
  void theWorkerTakesAChunkWhileTheCallerIsBusy() {
    // Chunk 0 is slow on whichever thread takes it, so the other thread has time to claim chunk 1.
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    for (int attempt = 0; attempt < 50 && ranOn.get() != worker.thread(); attempt++) {
      worker.run(2, c -> {
        if (Thread.currentThread() == worker.thread()) {
          ranOn.set(worker.thread());
        }
        if (c == 0) {
          sleep(2);
        }
      });
    }
    assertSame(worker.thread(), ranOn.get(), "the worker never ran a chunk in 50 tries");
  }

  @Test
  void aDozingWorkerJoinsAJobByItselfWhenNotWoken() {
    // Not worth waking: no unpark, but the worker's timed park ends (at most MAX_DOZE_NANOS) and it takes the chunk
    // the caller has not reached while it is busy with a slow first chunk.
    awaitDozing();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    long slowMillis = 3 * GemmWorker.MAX_DOZE_NANOS / 1_000_000;
    worker.run(2, c -> {
      if (c == 1) {
        ranOn.set(Thread.currentThread());
      } else {
        sleep(slowMillis);
      }
    }, false);
    assertSame(worker.thread(), ranOn.get(), "chunk 1 ran on the worker");
  }

  @Test
  void aJobWorthWakingForWakesADozingWorker() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    for (int attempt = 0; attempt < 50 && ranOn.get() != worker.thread(); attempt++) {
      awaitDozing();
      worker.run(2, c -> {
        if (Thread.currentThread() == worker.thread()) {
          ranOn.set(worker.thread());
        }
        if (c == 0) {
          sleep(2);
        }
      }, true);
    }
    assertSame(worker.thread(), ranOn.get(), "a dozing worker woken for a large job never ran a chunk in 50 tries");
  }

  private void awaitDozing() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!worker.isDozing()) {
      assertTrue(System.nanoTime() < deadline, "the worker did not start dozing within 5 s");
      sleep(1);
    }
  }

  @Test
  void aFailingChunkIsRethrownAfterTheOthersFinish() {
    AtomicIntegerArray runs = new AtomicIntegerArray(4);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> worker.run(4, c -> {
      runs.incrementAndGet(c);
      if (c == 1) {
        throw new IllegalStateException("chunk 1 failed");
      }
    }));
    assertEquals("chunk 1 failed", e.getMessage());
    for (int c = 0; c < 4; c++) {
      assertEquals(1, runs.get(c));
    }
    worker.run(2, c -> { });   // and the worker is free again
  }

  @Test
  void concurrentCallersEachGetAllTheirChunks() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?>[] futures = new Future<?>[6];
      for (int f = 0; f < futures.length; f++) {
        futures[f] = pool.submit(() -> {
          for (int rep = 0; rep < 300; rep++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(3);
            worker.run(3, runs::incrementAndGet);
            for (int c = 0; c < 3; c++) {
              assertEquals(1, runs.get(c));
            }
          }
        });
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void severalHelpersShareAJobAndEachChunkRunsOnce() {
    GemmWorker three = new GemmWorker("gemm-worker-test-3", 3);
    try {
      assertEquals(3, three.helperThreads());
      java.util.Set<Thread> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
      for (int rep = 0; rep < 200; rep++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(16);
        three.run(16, c -> {
          runs.incrementAndGet(c);
          ranOn.add(Thread.currentThread());
        });
        for (int c = 0; c < 16; c++) {
          assertEquals(1, runs.get(c), "chunk " + c);
        }
      }
      assertTrue(ranOn.contains(Thread.currentThread()));
    } finally {
      three.close();
    }
  }

  @Test
  void withoutHelpersEveryChunkRunsOnTheCaller() {
    GemmWorker alone = new GemmWorker("unused", 0);
    java.util.Set<Thread> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    alone.run(8, c -> ranOn.add(Thread.currentThread()));
    assertEquals(java.util.Set.of(Thread.currentThread()), ranOn);
  }

  @Test
  void aBoundWorkerIsThisThreadsCurrentOneUntilUnbound() throws Exception {
    GemmWorker own = new GemmWorker("gemm-worker-test-bound", 0);
    assertSame(GemmWorker.shared(), GemmWorker.current());
    assertEquals(null, GemmWorker.bind(own));
    try {
      assertSame(own, GemmWorker.current());
      // other threads are not affected
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        assertSame(GemmWorker.shared(), pool.submit(GemmWorker::current).get());
      } finally {
        pool.shutdownNow();
      }
    } finally {
      assertSame(own, GemmWorker.bind(null));
    }
    assertSame(GemmWorker.shared(), GemmWorker.current());
  }

  @Test
  void closeStopsTheHelpersAndLaterJobsRunOnTheCaller() throws InterruptedException {
    GemmWorker two = new GemmWorker("gemm-worker-test-closed", 2);
    two.close();
    two.thread().join(5_000);
    assertTrue(!two.thread().isAlive(), "the helper did not stop");
    AtomicIntegerArray runs = new AtomicIntegerArray(4);
    two.run(4, runs::incrementAndGet);
    for (int c = 0; c < 4; c++) {
      assertEquals(1, runs.get(c));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
