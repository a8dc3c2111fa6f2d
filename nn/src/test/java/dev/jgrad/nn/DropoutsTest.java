package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Dropout1d, Dropout2d, AlphaDropout and FeatureAlphaDropout: torch's masks from the same seed. */
class DropoutsTest {
  private static final Golden NORM = LayerCase.NORM;

  /** Seeds the global generator as the fixture did, checks the case, then checks the stream continues alike. */
  private static void checkSeeded(String name, Supplier<? extends Module> factory) {
    Tensor.manualSeed((long) NORM.number("seed." + name));
    LayerCase.of(name, factory).check();
    assertExact(name + ".after", NORM.tensor(name + ".after"), Tensor.rand(2));
  }

  @Test
  void channelMasksAreTorchs() {
    checkSeeded("dropout1d", () -> new Dropout1d(0.3));
    checkSeeded("dropout1d_unbatched", Dropout1d::new);
    checkSeeded("dropout2d", () -> new Dropout2d(0.4));
    checkSeeded("feature_alpha_dropout", () -> new FeatureAlphaDropout(0.3));
  }

  @Test
  void alphaDropoutIsTorchs() {
    checkSeeded("alpha_dropout", () -> new AlphaDropout(0.2));
    checkSeeded("alpha_dropout_half", AlphaDropout::new);
  }

  @Test
  void dropout2dOfOtherRanksWarnsAndBehavesAsTorch() {
    List<String> warnings = new ArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord rec) {
        warnings.add(rec.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Dropouts.LOG.addHandler(h);
    try {
      checkSeeded("dropout2d_3d", Dropout2d::new);
      assertEquals(1, warnings.size());
      assertContains(warnings.get(0), "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
          + "dropout behavior is desired", "dropout1d");
      checkSeeded("dropout2d_2d", () -> new Dropout2d(0.25));
      checkSeeded("dropout2d_5d", () -> new Dropout2d(0.5));
      assertEquals(3, warnings.size());
      assertContains(warnings.get(2), "dropout2d: Received a 5-D input to dropout2d, which is deprecated");
      new Dropout2d().forward(Tensor.randn(2, 3, 4, 4));
      assertEquals(3, warnings.size());
    } finally {
      Dropouts.LOG.removeHandler(h);
    }
  }

  @Test
  void evalZeroAndOne() {
    Tensor x = Tensor.randn(2, 3, 4);
    for (Dropout d : List.of(new Dropout1d(), new Dropout2d(), new AlphaDropout(), new FeatureAlphaDropout())) {
      assertSame(x, d.eval().forward(x), d.toString());
      assertSame(x, Functional.dropout1d(x, 0.0, true));
    }
    assertEquals(0f, new Dropout1d(1.0).forward(x).abs().sum().item());
    Tensor y = new Dropout1d(0.5, new Generator(3)).forward(Tensor.ones(8, 16, 5));
    for (int n = 0; n < 8; n++) {
      for (int c = 0; c < 16; c++) {
        float first = y.get(n, c, 0);
        assertTrue(first == 0f || first == 2f);
        for (int l = 1; l < 5; l++) {
          assertEquals(first, y.get(n, c, l), "one mask value per channel");
        }
      }
    }
  }

  @Test
  void errorsAndRepr() {
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
        () -> new Dropout1d().forward(Tensor.zeros(2, 3, 4, 4)));
    assertContains(rank.getMessage(), "dropout1d: Expected 2D or 3D input, but received a 4D input",
        "[2, 3, 4, 4]");
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d().forward(Tensor.zeros(4)));
    assertContains(one.getMessage(), "Feature dropout requires at least 2 dimensions in the input", "[4]");
    IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> new AlphaDropout(-0.1));
    assertContains(p.getMessage(), "AlphaDropout:", "dropout probability has to be between 0 and 1, but got -0.1");
    IllegalArgumentException p2 = assertThrows(IllegalArgumentException.class,
        () -> Functional.dropout2d(Tensor.zeros(2, 2), 1.5, true));
    assertContains(p2.getMessage(), "dropout2d:", "but got 1.5");
    assertEquals(NORM.string("repr.dropout1d"), new Dropout1d(0.3).toString());
    assertEquals(NORM.string("repr.dropout2d"), new Dropout2d(0.4).toString());
    assertEquals(NORM.string("repr.alpha_dropout"), new AlphaDropout(0.2).toString());
    assertEquals(NORM.string("repr.feature_alpha_dropout"), new FeatureAlphaDropout(0.3).toString());
    assertEquals(NORM.string("repr.dropout_p1"), new Dropout1d(1.0).toString());
  }
}
