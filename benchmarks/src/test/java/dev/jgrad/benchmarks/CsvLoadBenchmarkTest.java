package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.datasets.TensorDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoadBenchmarkTest {
  @Test
  void writtenFileLoadsBackIntoFeatureAndTargetTensors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("small.csv");
    CsvLoadBenchmark.write(file, 50, 7);
    List<String> lines = Files.readAllLines(file);
    assertEquals(51, lines.size());
    assertEquals("x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,target", lines.get(0));
    String[] row2 = lines.get(3).split(",");
    TensorDataset t = CsvLoadBenchmark.load(file);
    assertArrayEquals(new int[] {50, 10}, t.features().shape());
    assertEquals(50, t.targets().numel());
    for (int c = 0; c < 10; c++) {
      assertEquals(Float.parseFloat(row2[c]), t.features().get(2, c), 0f, "column " + c);
    }
    assertEquals(Float.parseFloat(row2[10]), t.targets().toArray()[2], 0f);
  }

  @Test
  void benchmarkLifecycleCreatesAndDeletesTheFile() throws Exception {
    CsvLoadBenchmark b = new CsvLoadBenchmark();
    b.rows = 10;
    b.writeFile();
    assertEquals(10, b.load().features().size(0));
    b.deleteFile();
    assertEquals(false, Files.exists(b.file));
  }
}
