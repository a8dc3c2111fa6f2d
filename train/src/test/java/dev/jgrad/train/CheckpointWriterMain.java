package dev.jgrad.train;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link CheckpointCrashTest}: resumes from the checkpoint file if there is one, then trains
 * without end, saving after every epoch. Before each save it prints {@code SAVING <digest>} (the state about to be
 * written) and after it {@code SAVED <epoch> <nanoseconds the save took>}, so the test knows every state that may
 * be in the file when it kills this JVM, and when a write is under way.
 *
 * <p>Arguments: the checkpoint file, then a {@link TrainingRun.Config} ({@code Config.args()}).
 */
final class CheckpointWriterMain {
  private CheckpointWriterMain() {}

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWithParent();
    Path file = Path.of(args[0]);
    TrainingRun.Config config = TrainingRun.Config.parse(args, 1);
    TrainingRun[] run = new TrainingRun[1];
    long[] saveStarted = new long[1];
    Callback announce = new Callback() {
      @Override
      public void onEpochEnd(Trainer trainer, EpochEnd event) {
        say("SAVING " + run[0].digest());
        saveStarted[0] = System.nanoTime();
      }
    };
    Callback saved = new Callback() {
      @Override
      public void onEpochEnd(Trainer trainer, EpochEnd event) {
        say("SAVED " + event.epoch() + " " + (System.nanoTime() - saveStarted[0]));
      }
    };
    run[0] = new TrainingRun(config, announce, new ModelCheckpoint(file), saved);
    if (Files.exists(file)) {
      run[0].trainer.resume(file);
    }
    say("RESUMED " + run[0].trainer.epochsCompleted());
    run[0].fit(Integer.MAX_VALUE);
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
