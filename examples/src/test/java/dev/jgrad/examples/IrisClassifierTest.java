package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The iris MLP reaches the accuracy the README promises. */
class IrisClassifierTest {
  @Test
  void reachesTestAccuracy() {
    Output out = new Output();
    IrisClassifier.Result r = IrisClassifier.run(out.stream);
    assertTrue(r.testAccuracy() >= 0.93, "test accuracy " + r.testAccuracy());
    assertTrue(r.finalTrainLoss() < 0.15, "training loss " + r.finalTrainLoss());
    assertEquals(IrisClassifier.EPOCHS, r.history().size());
    assertEquals(30, r.confusion().total());
    assertTrue(out.text().contains("Test accuracy: "), out.text());
  }
}
