package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Penguins written to H2 and trained on through a streamed JDBC query. */
class DatabaseClassifierTest {
  @Test
  void trainsFromTheDatabase() {
    Output out = new Output();
    DatabaseClassifier.Result r = DatabaseClassifier.run(out.stream, 8);
    assertEquals(273, r.trainSamples(), "344 rows, 69 held out, the 2 without measurements dropped");
    assertEquals(69, r.testSamples());
    assertEquals(8, r.history().size());
    assertTrue(r.testAccuracy() >= 0.9, "test accuracy " + r.testAccuracy());
    String text = out.text();
    assertTrue(text.contains("Wrote 344 penguins to the H2 table PENGUINS"), text);
    assertTrue(text.contains("streamed 64 rows at a time"), text);
  }
}
