package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of {@code jgrad train --dtype float64} and {@code jgrad predict --dtype float64}: a float64 model is
 * trained, saved as F64 tensors, and predicts in either dtype. Needs the float64 forward and backward of the MLP's
 * ops (linear algebra, activations, losses).
 */
class Float64CommandsTest {

  @Test
  void trainAndPredictInFloat64(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("iris64");
    CliRun.of("train", "--csv", "iris", "--dtype", "float64", "--hidden", "8", "--epochs", "5", "--out",
        model.toString()).ok();
    for (Tensor t : Checkpoints.load(model.resolve("model.safetensors")).tensors().values()) {
      assertEquals(DType.FLOAT64, t.dtype());
    }
    CliRun predict64 = CliRun.of("predict", "--model", model.toString(), "--csv", "iris", "--dtype", "float64").ok();
    CliRun predict32 = CliRun.of("predict", "--model", model.toString(), "--csv", "iris").ok();
    assertTrue(predict64.out().lines().count() >= 151, predict64.out());
    assertEquals(predict64.out().lines().count(), predict32.out().lines().count());
  }

  @Test
  void trainsAFloat64ModelOnTwoReplicas(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("iris64x2");
    CliRun.of("train", "--csv", "iris", "--dtype", "float64", "--replicas", "2", "--hidden", "8", "--epochs", "3",
        "--out", model.toString()).ok();
    for (Tensor t : Checkpoints.load(model.resolve("model.safetensors")).tensors().values()) {
      assertEquals(DType.FLOAT64, t.dtype());
    }
  }

  @Test
  void aFloat32ModelPredictsInFloat64(@TempDir Path tmp) {
    Path model = tmp.resolve("iris32");
    CliRun.of("train", "--csv", "iris", "--hidden", "8", "--epochs", "3", "--out", model.toString()).ok();
    CliRun run = CliRun.of("predict", "--model", model.toString(), "--csv", "iris", "--dtype", "float64").ok();
    assertTrue(run.out().lines().count() >= 151, run.out());
  }

  @Test
  void theSpecBuildsParametersOfTheDtypeAndRestoresTheDefault() {
    MlpSpec spec = new MlpSpec(4, java.util.List.of(8), "relu", 3);
    DType before = Tensor.defaultDtype();
    Module m = spec.build(DType.FLOAT64);
    m.parameters().forEach(p -> assertEquals(DType.FLOAT64, p.dtype()));
    assertEquals(before, Tensor.defaultDtype());
    spec.build().parameters().forEach(p -> assertEquals(DType.FLOAT32, p.dtype()));
  }
}
