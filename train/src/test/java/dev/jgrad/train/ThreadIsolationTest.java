package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Generator;
import dev.jgrad.train.TrainingRun.Arch;
import dev.jgrad.train.TrainingRun.Config;
import dev.jgrad.train.TrainingRun.Optim;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Models trained in several threads at once do not disturb each other: each ends bit-identical to the same run
 * trained alone, while the threads share the matrix-multiply worker and the autograd engine.
 *
 * <p>The guarantee needs each run's random draws to come from generators of its own: a {@code Dropout(p, generator)}
 * and a loader with its own seed ({@code DataLoader.builder(..).seed(s)}), and no {@code Trainer.builder().seed(..)},
 * which seeds the process-wide {@link Generator#global()}. The global generator is shared by every thread, as
 * PyTorch's default generator is: it is thread-safe (each number is drawn once), but threads drawing from it at the
 * same time interleave in no fixed order, so runs that use it are reproducible only one at a time. Building the
 * models (initial weights come from the global generator) is done one after the other here for that reason.
 */
class ThreadIsolationTest {
  private static final int EPOCHS = 3;
  private static final List<Config> RUNS = List.of(
      Config.of(Arch.WIDE_MLP, Optim.ADAM, 31).withOwnGenerators(),
      Config.of(Arch.CNN, Optim.SGD_MOMENTUM, 32).withOwnGenerators(),
      Config.of(Arch.WIDE_MLP, Optim.SGD_MOMENTUM, 33).withOwnGenerators());

  @Test
  void runsInParallelThreadsEqualTheSameRunsAlone() throws Exception {
    List<String> alone = new ArrayList<>();
    for (Config config : RUNS) {
      alone.add(new TrainingRun(config).fit(EPOCHS).digest());
    }

    List<TrainingRun> runs = new ArrayList<>();
    for (Config config : RUNS) {
      runs.add(new TrainingRun(config)); // built one after the other: initial weights use the global generator
    }
    byte[] globalBefore = Generator.global().getState();
    ExecutorService pool = Executors.newFixedThreadPool(runs.size());
    try {
      CyclicBarrier start = new CyclicBarrier(runs.size());
      List<Future<String>> digests = new ArrayList<>();
      for (TrainingRun run : runs) {
        digests.add(pool.submit(() -> {
          start.await();
          return run.fit(EPOCHS).digest();
        }));
      }
      for (int i = 0; i < runs.size(); i++) {
        assertEquals(alone.get(i), digests.get(i).get(5, TimeUnit.MINUTES), RUNS.get(i) + " in parallel");
      }
    } finally {
      pool.shutdownNow();
    }
    assertArrayEquals(globalBefore, Generator.global().getState(),
        "runs with generators of their own leave the global generator alone");
  }
}
