package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Resolving {@code --csv}: files first, then bundled names. */
class CsvSourceTest {
  @Test
  void bundledNamesInAnySpelling() {
    assertEquals("auto_mpg", CsvSource.bundledName("autoMpg"));
    assertEquals("auto_mpg", CsvSource.bundledName("auto-mpg"));
    assertEquals("iris", CsvSource.bundledName("IRIS"));
    assertNull(CsvSource.bundledName("iris.csv"));
    CsvSource s = CsvSource.resolve("penguins", "--csv");
    assertTrue(s.isBundled());
    assertEquals("species", s.bundledTarget());
    assertEquals("penguins (bundled)", s.displayName());
    assertEquals("penguins", s.stem());
  }

  @Test
  void aFileWinsOverABundledName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("Data.CSV");
    Files.writeString(file, "a,b\n1,2\n");
    CsvSource s = CsvSource.resolve(file.toString(), "--csv");
    assertFalse(s.isBundled());
    assertNull(s.bundledTarget());
    assertEquals("Data", s.stem());
    Table t = s.readText(List.of("NA", ""));
    assertEquals(List.of("a", "b"), t.columnNames());
    assertEquals("2", t.column("b").getString(0));
  }

  @Test
  void bundledDatasetsReadLikeFiles() throws IOException {
    Table iris = CsvSource.resolve("iris", "--csv").readText(List.of("NA", ""));
    assertEquals(150, iris.rowCount());
    assertEquals("setosa", iris.column("species").getString(0));
    Table fashion = CsvSource.resolve("fashion_mnist_sample", "--csv").readText(List.of("NA", ""));
    assertEquals(1000, fashion.rowCount());
    assertEquals(785, fashion.columnCount());
  }

  @Test
  void unknownIsUsageError() {
    CliException e = assertThrows(CliException.class, () -> CsvSource.resolve("irsi", "--csv"));
    assertEquals(CliException.USAGE, e.exitCode());
    assertEquals("--csv: no such file 'irsi' (and no bundled dataset of that name; the bundled datasets are iris, "
        + "penguins, digits, diabetes, auto_mpg, fashion_mnist_sample)", e.getMessage());
    assertEquals("--csv: no such file 'data/x.csv'",
        assertThrows(CliException.class, () -> CsvSource.resolve("data/x.csv", "--csv")).getMessage());
  }

  @Test
  void aFolderNamedLikeABundledDatasetDoesNotHideItButAFileDoes(@TempDir Path dir) throws IOException {
    Files.createDirectory(dir.resolve("iris"));
    CsvSource bundled = CsvSource.resolve("iris", "--csv", dir);
    assertTrue(bundled.isBundled());
    assertEquals(150, bundled.readText(List.of("NA", "")).rowCount());
    CliException folder = assertThrows(CliException.class, () -> CsvSource.resolve("./iris", "--csv", dir));
    assertEquals("--csv: './iris' is a directory, not a CSV file", folder.getMessage());

    Files.writeString(dir.resolve("penguins"), "a,b\n1,2\n");
    CsvSource file = CsvSource.resolve("penguins", "--csv", dir);
    assertFalse(file.isBundled(), "an existing regular file wins");
    assertEquals(List.of("a", "b"), file.readText(List.of("NA", "")).columnNames());
  }
}
