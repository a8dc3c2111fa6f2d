package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code preprocessing.json} written before the JSON code moved to Jackson still loads, and saving it again writes
 * the same bytes. The fixture is the file of {@code jgrad train --csv penguins --epochs 3 --seed 7 --hidden 8}
 * (jgrad 0.1.0 at commit 620d2e0): categorical and numeric features, fills, standardisation, classes.
 */
class PreprocessorCompatibilityTest {
  @TempDir Path dir;

  @Test
  void readsTheOldFileAndWritesItByteForByte() throws Exception {
    Path old = Path.of(getClass().getResource("compat/penguins-preprocessing.json").toURI());
    Preprocessor p = Preprocessor.load(old);
    assertEquals(12, p.numFeatures());
    assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), p.classNames());
    Preprocessor.FeatureState bill = p.featureStates().get(1);
    assertEquals(43.91363636363636, bill.center());
    assertEquals(5.483572612361518, bill.scale());
    assertEquals(44.05, bill.fillNumber());
    assertEquals("Biscoe", p.featureStates().get(0).fillCategory());

    assertEquals(Files.readString(old, StandardCharsets.UTF_8), p.toJson());
    Path again = dir.resolve("preprocessing.json");
    p.save(again);
    assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(again));
  }
}
