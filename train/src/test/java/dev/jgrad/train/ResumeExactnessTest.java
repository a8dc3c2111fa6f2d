package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.train.TrainingRun.Arch;
import dev.jgrad.train.TrainingRun.Config;
import dev.jgrad.train.TrainingRun.Optim;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run stopped after an epoch and resumed from its checkpoint ends bit-identical to a run without a break: same
 * weights, optimizer state, schedule, step count, loader and dropout streams. Each run has SGD with momentum and
 * StepLR per epoch, or Adam with cosine annealing per step; dropout; a shuffled loader; and accumulation over k = 3
 * micro-batches with a trailing group of one. (A run killed with SIGKILL and resumed is held to the same by
 * {@link CheckpointCrashTest}.)
 */
class ResumeExactnessTest {
  private static final int EPOCHS = 6;
  private static final int STOP_AFTER = 3;

  @TempDir Path dir;

  /** Requests a stop at the end of one epoch; registered before the checkpoint so that one is saved then. */
  private static Callback stopAfter(int epoch) {
    return new Callback() {
      @Override
      public void onEpochEnd(Trainer trainer, EpochEnd event) {
        if (event.epoch() == epoch) {
          trainer.requestStop("stopped by the test after epoch " + epoch);
        }
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Optim.class)
  void stoppedAndResumedEqualsUninterrupted(Optim optim) throws Exception {
    Config config = Config.of(Arch.SMALL_MLP, optim, 7);
    String uninterrupted = new TrainingRun(config).fit(EPOCHS).digest();

    Path file = dir.resolve("last.safetensors");
    TrainingRun stopped = new TrainingRun(config, stopAfter(STOP_AFTER), new ModelCheckpoint(file)).fit(EPOCHS);
    assertEquals(STOP_AFTER, stopped.trainer.epochsCompleted());
    String atStop = stopped.digest();
    Tensor.randn(1000); // the global stream moves on, as it would in a new process

    TrainingRun resumed = new TrainingRun(config);
    assertEquals(STOP_AFTER, resumed.trainer.resume(file));
    assertEquals(atStop, resumed.digest(), "the checkpoint restores the state it was saved from");
    assertEquals(uninterrupted, resumed.fit(EPOCHS).digest(), optim + ": resumed run differs from uninterrupted");
  }

  @ParameterizedTest
  @EnumSource(Optim.class)
  void aCheckpointSavedAgainBeforeTheNextFitResumesExactly(Optim optim) throws Exception {
    Config config = Config.of(Arch.SMALL_MLP, optim, 8);
    String uninterrupted = new TrainingRun(config).fit(EPOCHS).digest();
    Path first = dir.resolve("first.safetensors");
    new TrainingRun(config, new ModelCheckpoint(first)).fit(STOP_AFTER);

    TrainingRun copier = new TrainingRun(config);
    copier.trainer.resume(first);
    Path second = dir.resolve("second.safetensors");
    copier.trainer.saveCheckpoint(second); // no fit in between: the loader state comes from the first file

    TrainingRun resumed = new TrainingRun(config);
    resumed.trainer.resume(second);
    assertEquals(uninterrupted, resumed.fit(EPOCHS).digest());
  }

  @ParameterizedTest
  @EnumSource(Optim.class)
  void theDigestSeesEveryPartOfTheState(Optim optim) throws Exception {
    // guards the tests above against passing trivially: one more or one fewer epoch, or another seed, changes it
    Config config = Config.of(Arch.SMALL_MLP, optim, 7);
    String three = new TrainingRun(config).fit(3).digest();
    assertNotEquals(three, new TrainingRun(config).fit(4).digest());
    assertNotEquals(three, new TrainingRun(Config.of(Arch.SMALL_MLP, optim, 9)).fit(3).digest());
    assertEquals(three, new TrainingRun(config).fit(3).digest());
  }
}
