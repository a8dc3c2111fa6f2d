package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StaleGradientWarningTest {

  @Test
  void messageNamesParameterCountsAndTheFix() {
    String m = new StaleGradientWarning("Adam", 3, "fc1.bias", 5, 2, 7, 1).message();
    assertTrue(m.startsWith("Adam.step: the gradient of parameter 'fc1.bias' (index 3) was accumulated over 5 "
        + "backward passes since the last zeroGrad(), but at most 2 are expected (step 7, 1 parameter affected)."), m);
    assertTrue(m.contains("call optimizer.zeroGrad() after every step(), or every 2 backward passes"), m);
  }
}
