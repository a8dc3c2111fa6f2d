package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class LambdaLRTest {

  @Test
  void matchesPyTorch() {
    SchedulerCases.replay("lambda_lr", SchedulerCases.sgd(0.1), o -> new LambdaLR(o, e -> Math.pow(0.95, e)));
  }

  @Test
  void oneFunctionPerGroup() {
    SGD opt = SchedulerCases.sgd(0.1, 0, 2);
    LambdaLR s = new LambdaLR(opt, List.<IntToDoubleFunction>of(e -> 1, e -> e + 1));
    opt.step();
    s.step();
    assertEquals(List.of(0.1, 0.02), s.lastLrs());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LambdaLR(opt, List.<IntToDoubleFunction>of(x -> 1)));
    assertTrue(e.getMessage().contains("Expected 2 lr_lambdas, but got 1"), e.getMessage());
  }
}
