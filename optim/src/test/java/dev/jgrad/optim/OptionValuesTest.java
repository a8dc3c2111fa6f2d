package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionValuesTest {
  private static final Set<String> KNOWN = Set.of("lr", "betas", "nesterov");

  @Test
  void readsTypedValuesWithDefaults() {
    OptionValues v = OptionValues.of("X", Map.of("lr", 1, "betas", List.of(0.5, 0.6), "foreach", true), KNOWN);
    assertEquals(1.0, v.getDouble("lr", 0));
    assertArrayEquals(new double[] {0.5, 0.6}, v.getPair("betas", 0, 0));
    assertEquals(true, v.getBoolean("nesterov", true));
  }

  @Test
  void namesTheBadKey() {
    assertMessage("X: unknown option 'momentum' (expected one of [betas, lr, nesterov])",
        () -> OptionValues.of("X", Map.of("momentum", 0.9), KNOWN));
    assertMessage("X: option 'lr' must be a number, got fast",
        () -> OptionValues.of("X", Map.of("lr", "fast"), KNOWN).getDouble("lr", 0));
    assertMessage("X: option 'nesterov' must be true or false, got yes",
        () -> OptionValues.of("X", Map.of("nesterov", "yes"), KNOWN).getBoolean("nesterov", false));
  }

  @Test
  void invalidKeepsPyTorchsWording() {
    assertEquals("SGD: Invalid learning rate: -0.1", OptionValues.invalid("SGD", "learning rate", -0.1).getMessage());
  }
}
