package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.StepLR;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer checkpoint written before the state moved to Jackson still resumes to the same state. The fixture
 * {@code compat/trainer-adam-steplr.safetensors} was written by jgrad 0.1.0 (commit 620d2e0) after three epochs of
 * {@link #setup()}: a Linear-Tanh-Linear model, Adam (lr 0.02), StepLR (step 2, gamma 0.5) stepped per epoch.
 */
class TrainingCheckpointCompatibilityTest {
  @TempDir Path dir;

  private record Setup(Module model, Adam adam, StepLR scheduler, Trainer trainer) {}

  private static Setup setup() {
    Tensor.manualSeed(1);
    Module model = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 2));
    Adam adam = new Adam(model.parameters(), 0.02);
    StepLR scheduler = new StepLR(adam, 2, 0.5);
    Trainer trainer = Trainer.builder().model(model).loss(new MSELoss()).optimizer(adam)
        .scheduler(scheduler, SchedulerStep.PER_EPOCH).seed(123).build();
    return new Setup(model, adam, scheduler, trainer);
  }

  static Path fixture() throws Exception {
    return Path.of(TrainingCheckpointCompatibilityTest.class.getResource("compat/trainer-adam-steplr.safetensors")
        .toURI());
  }

  @Test
  void resumesTheOldFileToTheSavedState() throws Exception {
    Checkpoint old = Checkpoints.load(fixture());
    Setup s = setup();
    assertEquals(3, s.trainer().resume(fixture()));

    // model and optimizer tensors: bit for bit what the file holds
    s.model().stateDict().forEach((k, v) -> assertArrayEquals(old.tensors().get("model." + k).toArray(),
        v.toArray(), k));
    OptimizerState opt = s.adam().stateDict();
    opt.toTensors("optimizer.").forEach((k, v) -> assertArrayEquals(old.tensors().get(k).toArray(), v.toArray(), k));
    assertEquals(12, opt.toTensors("optimizer.").size());
    Map<String, Object> hyper = opt.paramGroups().get(0).hyperparameters();
    assertEquals(0.01, hyper.get("lr"));
    assertEquals(List.of(0.9, 0.999), hyper.get("betas"));
    assertEquals(1e-8, hyper.get("eps"));
    assertEquals(false, hyper.get("amsgrad"));
    assertEquals(0.02, hyper.get("initial_lr"));
    assertEquals(List.of(0, 1, 2, 3), opt.paramGroups().get(0).params());

    // the scheduler's state: the old file wrote it as {s:"last_epoch"=i:3,...}
    Map<String, Object> sched = s.scheduler().stateDict();
    assertEquals(3, ((Number) sched.get("last_epoch")).intValue());
    assertEquals(4, ((Number) sched.get("_step_count")).intValue());
    assertEquals(List.of(0.02), sched.get("base_lrs"));
    assertEquals(List.of(0.01), sched.get("_last_lr"));
    assertEquals(15, s.trainer().globalStep());
    assertEquals(3, s.trainer().history().size());
  }

  /**
   * Saving the resumed state again gives the same tensors (same bytes) and the same metadata entries (the loader's
   * shuffle state included: it is the restored one until the next fit), except: {@code trainer.format}, now 2; and {@code trainer.scheduler}, which format 2 writes as JSON, so the file cannot be
   * byte-identical. The scheduler state must still hold the same values.
   */
  @Test
  void savingTheResumedStateWritesTheSameEntries() throws Exception {
    Setup s = setup();
    s.trainer().resume(fixture());
    Path again = dir.resolve("again.safetensors");
    s.trainer().saveCheckpoint(again);
    Checkpoint old = Checkpoints.load(fixture());
    Checkpoint now = Checkpoints.load(again);
    assertEquals(List.copyOf(old.tensors().keySet()), List.copyOf(now.tensors().keySet()));
    old.tensors().forEach((k, v) -> {
      assertArrayEquals(v.shape(), now.tensors().get(k).shape(), k);
      assertArrayEquals(v.toArray(), now.tensors().get(k).toArray(), k);
    });
    Map<String, String> expected = new LinkedHashMap<>(old.metadata());
    expected.put("trainer.format", "jgrad-trainer-checkpoint/2");
    expected.put("trainer.scheduler", "{\"last_epoch\":3,\"base_lrs\":[0.02],\"_step_count\":4,\"_last_lr\":[0.01],"
        + "\"step_size\":2,\"gamma\":0.5}");
    assertEquals(expected, now.metadata());
    assertEquals("{s:\"last_epoch\"=i:3,s:\"base_lrs\"=[d:0.02],s:\"_step_count\"=i:4,s:\"_last_lr\"=[d:0.01],"
        + "s:\"step_size\"=i:2,s:\"gamma\"=d:0.5}", old.metadata().get("trainer.scheduler"));
  }
}
