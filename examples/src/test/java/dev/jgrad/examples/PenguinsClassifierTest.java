package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Penguins: categorical features one-hot, missing values handled, accurate. */
class PenguinsClassifierTest {
  @Test
  void handlesCategoriesAndMissingValues() {
    Output out = new Output();
    PenguinsClassifier.Result r = PenguinsClassifier.run(out.stream, 12);
    assertTrue(r.featureNames().containsAll(List.of("island=Biscoe", "island=Dream", "island=Torgersen",
        "sex=female", "sex=male")), r.featureNames().toString());
    assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
    assertTrue(r.finalTrainLoss() < 0.1, "training loss " + r.finalTrainLoss());
    String text = out.text();
    assertTrue(text.contains("2 dropped (no measurements)"), text);
    assertTrue(text.contains("missing -> 'male' (most frequent)"), text);
  }
}
