package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.DType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dtype} of {@code jgrad train} and {@code jgrad predict}: its values, its messages, the model it builds. */
class DtypeOptionTest {

  @Test
  void trainRefusesAnUnknownDtype(@TempDir Path tmp) {
    CliRun.of("train", "--csv", "iris", "--dtype", "float16", "--out", tmp.resolve("m").toString())
        .error(2, "jgrad train: ", "--dtype: expected float32 or float64, got 'float16'");
  }

  @Test
  void predictRefusesAnUnknownDtype(@TempDir Path tmp) {
    CliRun.of("predict", "--model", tmp.toString(), "--csv", "iris", "--dtype", "double")
        .error(2, "jgrad predict: ", "--dtype: expected float32 or float64, got 'double'");
  }

  @Test
  void theOptionValuesAreTheTwoFloatingDtypes() {
    assertEquals(DType.FLOAT64, MlpSpec.dtype("float64"));
    assertEquals(DType.FLOAT32, MlpSpec.dtype("float32"));
  }
}
