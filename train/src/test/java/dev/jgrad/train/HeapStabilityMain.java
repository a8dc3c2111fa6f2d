package dev.jgrad.train;

import dev.jgrad.train.TrainingRun.Arch;
import dev.jgrad.train.TrainingRun.Config;
import dev.jgrad.train.TrainingRun.Optim;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The child JVM of {@link HeapStabilityTest}: trains the small MLP of {@link TrainingRun} (Adam with a cosine schedule,
 * batches of 4, 1,000 micro-batches an epoch) for a number of training steps (forward, backward, optimizer step),
 * and every {@code interval} steps collects garbage and prints {@code HEAP <step> <bytes used>}.
 *
 * <p>Arguments: steps, interval.
 */
final class HeapStabilityMain {
  private HeapStabilityMain() {}

  public static void main(String[] args) {
    ChildJvm.exitWithParent();
    long steps = Long.parseLong(args[0]);
    long interval = Long.parseLong(args[1]);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Callback probe = new Callback() {
      @Override
      public void onBatchEnd(Trainer trainer, BatchEnd event) {
        long step = trainer.globalStep();
        if (step % interval == 0) {
          System.gc();
          System.out.println("HEAP " + step + " " + memory.getHeapMemoryUsage().getUsed());
          System.out.flush();
        }
        if (step >= steps) {
          trainer.requestStop("done");
        }
      }
    };
    Config config = Config.of(Arch.SMALL_MLP, Optim.ADAM, 41).samples(4000).accumulation(1);
    TrainingRun run = new TrainingRun(config, probe).fit(Integer.MAX_VALUE);
    System.out.println("STEPS " + run.trainer.globalStep());
  }
}
