package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.optim.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {
  @TempDir Path dir;

  private Trainer trainer(Callback... callbacks) {
    Tensor.manualSeed(0);
    Linear model = new Linear(3, 1);
    return Trainer.builder().model(model).loss(new MSELoss()).optimizer(new SGD(model.parameters(), 0.01))
        .callbacks(callbacks).build();
  }

  private static DataLoader loader() {
    return DataLoader.of(new TensorDataset(Tensor.ones(6, 3), Tensor.zeros(6, 1)), 3, false, 0);
  }

  @Test
  void everyNEpochsAndTheLastWithAnEpochPattern() {
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("ckpt-{epoch}.safetensors")).everyEpochs(2);
    trainer(ckpt).fit(loader(), 5);
    assertTrue(Files.exists(dir.resolve("ckpt-2.safetensors")));
    assertTrue(Files.exists(dir.resolve("ckpt-4.safetensors")));
    assertTrue(Files.exists(dir.resolve("ckpt-5.safetensors")), "the last epoch is always saved");
    assertFalse(Files.exists(dir.resolve("ckpt-3.safetensors")));
    assertEquals(dir.resolve("ckpt-5.safetensors"), ckpt.lastSaved());
  }

  @Test
  void withoutAPatternEachSaveReplacesTheLast() throws Exception {
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("last.safetensors"));
    trainer(ckpt).fit(loader(), 3);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary files left behind");
    }
    Trainer resumed = trainer();
    assertEquals(3, resumed.resume(ckpt.lastSaved()));
  }

  @Test
  void rejectsABadInterval() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelCheckpoint(dir.resolve("x")).everyEpochs(0));
    assertEquals("ModelCheckpoint: everyEpochs must be at least 1, got 0", e.getMessage());
  }
}
