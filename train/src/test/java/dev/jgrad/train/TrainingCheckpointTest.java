package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.StepLR;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming from a checkpoint gives bit-identical results to a run without a break. */
class TrainingCheckpointTest {
  @TempDir Path dir;

  private static TensorDataset data() {
    Generator g = new Generator(11);
    return new TensorDataset(Tensor.randn(g, 18, 4), Tensor.randn(g, 18, 2));
  }

  /**
   * A run with every kind of state: Adam moments, a StepLR schedule, dropout draws from the global generator, a
   * shuffled loader, and accumulation over 2 micro-batches.
   */
  private static final class Setup {
    final Module model;
    final Adam adam;
    final StepLR scheduler;
    final DataLoader loader;
    final Trainer trainer;

    Setup(long initSeed, Callback... callbacks) {
      Tensor.manualSeed(initSeed);
      model = new Sequential(new Linear(4, 8), new Tanh(), new Dropout(0.25), new Linear(8, 2));
      adam = new Adam(model.parameters(), 0.02);
      scheduler = new StepLR(adam, 2, 0.5);
      loader = DataLoader.builder(data()).batchSize(4).shuffle(true).seed(5).build();
      trainer = Trainer.builder().model(model).loss(new MSELoss()).optimizer(adam)
          .scheduler(scheduler, SchedulerStep.PER_EPOCH).accumulationSteps(2).seed(123).callbacks(callbacks)
          .build();
    }

    List<float[]> params() {
      List<float[]> out = new ArrayList<>();
      for (Parameter p : model.parameters()) {
        out.add(p.toArray());
      }
      return out;
    }
  }

  @Test
  void resumeIsBitIdenticalToAnUninterruptedRun() throws Exception {
    Setup straight = new Setup(1);
    History expected = straight.trainer.fit(straight.loader, 5);

    Path file = dir.resolve("ckpt.safetensors");
    Setup first = new Setup(1, new ModelCheckpoint(file));
    first.trainer.fit(first.loader, 2);
    Tensor.manualSeed(999);
    Tensor.randn(1000); // the global stream moves on, as in a new process

    Setup resumed = new Setup(77); // other initial weights: the checkpoint must replace them
    assertEquals(2, resumed.trainer.resume(file));
    assertEquals(first.trainer.globalStep(), resumed.trainer.globalStep());
    History h = resumed.trainer.fit(resumed.loader, 5);

    List<float[]> a = straight.params();
    List<float[]> b = resumed.params();
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), "parameter " + i + " differs after resume");
    }
    assertEquals(expected.toCsv(), h.toCsv(), "the history continues the saved rows exactly");
    assertEquals(straight.scheduler.lastLr(), resumed.scheduler.lastLr());
    assertEquals(straight.adam.stateDict().toTensors("").keySet(), resumed.adam.stateDict().toTensors("").keySet());
  }

  @Test
  void withoutTheSavedStateAResumedRunWouldDiffer() throws Exception {
    // guards the test above against passing trivially: reloading only the weights (fresh Adam moments, schedule,
    // loader and dropout streams) ends elsewhere
    Setup straight = new Setup(1);
    straight.trainer.fit(straight.loader, 4);
    Path file = dir.resolve("ckpt.safetensors");
    Setup first = new Setup(1, new ModelCheckpoint(file));
    first.trainer.fit(first.loader, 2);
    Setup naive = new Setup(1);
    Checkpoint c = Checkpoints.load(file);
    java.util.LinkedHashMap<String, Tensor> weights = new java.util.LinkedHashMap<>();
    c.tensors().forEach((k, v) -> {
      if (k.startsWith("model.")) {
        weights.put(k.substring(6), v);
      }
    });
    naive.model.loadStateDict(weights, true);
    naive.trainer.fit(naive.loader, 2);
    assertFalse(java.util.Arrays.equals(straight.params().get(0), naive.params().get(0)));
  }

  @Test
  void theFileHoldsModelOptimizerSchedulerGeneratorAndHistory() throws Exception {
    Setup s = new Setup(1);
    s.trainer.fit(s.loader, 1);
    Path file = dir.resolve("one.safetensors");
    s.trainer.saveCheckpoint(file);
    Checkpoint c = Checkpoints.load(file);
    assertTrue(c.tensors().containsKey("model.0.weight"));
    assertTrue(c.tensors().containsKey("model.3.bias"));
    assertTrue(c.tensors().containsKey("optimizer.state.0.exp_avg"), c.tensors().keySet().toString());
    assertEquals(TrainingCheckpoint.FORMAT, c.metadata().get("trainer.format"));
    assertEquals("1", c.metadata().get("trainer.epoch"));
    assertEquals("3", c.metadata().get("trainer.step")); // 5 micro-batches in groups of 2
    assertTrue(c.metadata().get("trainer.history").startsWith("epoch,step,train_loss,lr"));
    assertTrue(c.metadata().containsKey("trainer.generator"));
    assertTrue(c.metadata().containsKey("trainer.loader"));
    assertTrue(c.metadata().containsKey("trainer.scheduler"));
    assertTrue(c.metadata().containsKey("optimizer.param_groups.0.lr"));
  }

  @Test
  void resumeRefusesFilesItCannotUse() throws Exception {
    Setup s = new Setup(1);
    Path weightsOnly = dir.resolve("weights.safetensors");
    Checkpoints.save(weightsOnly, s.model);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.trainer.resume(weightsOnly));
    assertTrue(e.getMessage().contains("is not a trainer checkpoint (trainer.format is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("use Checkpoints.load(path, model)"), e.getMessage());

    Path full = dir.resolve("full.safetensors");
    s.trainer.saveCheckpoint(full);
    Trainer noScheduler = Trainer.builder().model(s.model).loss(new MSELoss()).optimizer(s.adam).build();
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> noScheduler.resume(full));
    assertTrue(m.getMessage().endsWith("holds scheduler state but this trainer has no scheduler"), m.getMessage());
  }

  /** Every parameter, buffer and optimizer tensor and hyperparameter, and the scheduler's state, as text of bits. */
  private static List<String> snapshot(Setup s) {
    List<String> out = new ArrayList<>();
    s.model.stateDict().forEach((k, v) -> out.add(k + java.util.Arrays.toString(bits(v))));
    s.adam.stateDict().toTensors("").forEach((k, v) -> out.add(k + java.util.Arrays.toString(bits(v))));
    out.add(s.adam.stateDict().toMetadata("").toString());
    out.add(s.scheduler.stateDict().toString());
    return out;
  }

  private static int[] bits(Tensor t) {
    float[] v = t.toArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToRawIntBits(v[i]);
    }
    return out;
  }

  /**
   * A checkpoint whose model part fits but whose optimizer part does not (another optimizer's state, a different
   * group size), whose scheduler part is refused, or which is truncated: the resume fails and leaves model,
   * optimizer and scheduler bit for bit as they were.
   */
  @Test
  void aFailedResumeChangesNothing() throws Exception {
    Setup source = new Setup(1);
    source.trainer.fit(source.loader, 2);
    Path good = dir.resolve("good.safetensors");
    source.trainer.saveCheckpoint(good);
    Checkpoint c = Checkpoints.load(good);

    Setup target = new Setup(2);
    target.trainer.fit(target.loader, 1);
    List<String> before = snapshot(target);
    long generatorBefore = java.util.Arrays.hashCode(Generator.global().getState());

    // another optimizer's state: SGD hyperparameters in place of Adam's
    java.util.Map<String, String> sgdMeta = new java.util.LinkedHashMap<>(c.metadata());
    sgdMeta.keySet().removeIf(k -> k.startsWith("optimizer.param_groups.0.") && !k.endsWith(".params")
        && !k.endsWith(".lr"));
    sgdMeta.put("optimizer.param_groups.0.momentum", "0.9");
    Path wrongOptimizer = dir.resolve("sgd.safetensors");
    Checkpoints.save(wrongOptimizer, c.tensors(), sgdMeta);
    // a group holding one parameter fewer
    java.util.Map<String, String> fewer = new java.util.LinkedHashMap<>(c.metadata());
    fewer.put("optimizer.param_groups.0.params", "[0, 1, 2]");
    java.util.LinkedHashMap<String, Tensor> fewerTensors = new java.util.LinkedHashMap<>(c.tensors());
    fewerTensors.keySet().removeIf(k -> k.startsWith("optimizer.state.3."));
    Path wrongGroups = dir.resolve("groups.safetensors");
    Checkpoints.save(wrongGroups, fewerTensors, fewer);
    // a scheduler state the StepLR refuses
    java.util.Map<String, String> badScheduler = new java.util.LinkedHashMap<>(c.metadata());
    badScheduler.put("trainer.scheduler", "{\"last_epoch\":2}");
    Path wrongScheduler = dir.resolve("scheduler.safetensors");
    Checkpoints.save(wrongScheduler, c.tensors(), badScheduler);
    // a missing optimizer tensor
    java.util.LinkedHashMap<String, Tensor> missing = new java.util.LinkedHashMap<>(c.tensors());
    missing.remove("optimizer.state.1.exp_avg_sq");
    Path missingKey = dir.resolve("missing.safetensors");
    Checkpoints.save(missingKey, missing, c.metadata());
    // truncated
    byte[] all = java.nio.file.Files.readAllBytes(good);
    Path truncated = java.nio.file.Files.write(dir.resolve("cut.safetensors"),
        java.util.Arrays.copyOf(all, all.length - 3));

    for (Path bad : List.of(wrongOptimizer, wrongGroups, wrongScheduler, missingKey)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.trainer.resume(bad));
      assertTrue(e.getMessage().startsWith("Trainer.resume: " + bad + ": "), e.getMessage());
      assertEquals(before, snapshot(target), bad.toString());
      assertEquals(generatorBefore, java.util.Arrays.hashCode(Generator.global().getState()));
    }
    java.io.IOException io = assertThrows(java.io.IOException.class, () -> target.trainer.resume(truncated));
    assertTrue(io.getMessage().contains(truncated.toString()), io.getMessage());
    assertEquals(before, snapshot(target));
    assertEquals(1, target.trainer.epochsCompleted());

    // and the good file loads
    target.trainer.resume(good);
    assertEquals(snapshot(source), snapshot(target));
  }
}
