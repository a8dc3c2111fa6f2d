package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Digits: the MLP passes 0.95 test accuracy; the CNN learns too (short run). */
class DigitsClassifierTest {
  @Test
  void mlpAndCnnLearnTheDigits() {
    Output out = new Output();
    DigitsClassifier.Result r = DigitsClassifier.run(out.stream, 6, 3);
    assertTrue(r.mlpAccuracy() >= 0.95, "MLP test accuracy " + r.mlpAccuracy());
    assertTrue(r.cnnAccuracy() >= 0.9, "CNN test accuracy " + r.cnnAccuracy());
    assertTrue(r.mlpHistory().last("train_loss") < 0.1, "MLP loss " + r.mlpHistory().last("train_loss"));
    double[] cnn = r.cnnHistory().column("train_loss");
    assertTrue(cnn[cnn.length - 1] < 0.5 * cnn[0], "CNN loss falls: " + java.util.Arrays.toString(cnn));
    assertTrue(out.text().contains("CNN: Conv2d(1, 8, 3, padding 1)"), out.text());
  }

  @Test
  void imagesAreAViewOfThePixels() {
    var flat = dev.jgrad.datasets.Datasets.digits().test();
    var images = DigitsClassifier.asImages(flat);
    assertTrue(java.util.Arrays.equals(new int[] {flat.size(), 1, 8, 8}, images.features().shape()));
  }
}
