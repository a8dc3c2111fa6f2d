package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A schedule may drive the learning rate below zero and the optimizer steps with it, as in PyTorch, which checks
 * hyperparameters only when an optimizer or group is built. Golden values: golden/optim/negative-lr.txt
 * (tools/gen_negative_lr_golden.py).
 */
class NegativeLearningRateTest {

  private record Row(double lr, float[] param) {}

  @Test
  void linearOneCycleAnnealingBelowZeroMatchesPyTorch() throws IOException {
    replay("one_cycle_linear_below_zero", 0.9, o -> new OneCycleLR(o, 1.0, 10, OneCycleLR.Options.defaults()
        .withAnnealStrategy(OneCycleLR.AnnealStrategy.LINEAR).withFinalDivFactor(-0.04)));
  }

  @Test
  void lambdaCrossingZeroMatchesPyTorch() throws IOException {
    replay("lambda_below_zero", 0.0, o -> new LambdaLR(o, e -> 1.0 - e / 4.0));
  }

  @Test
  void aCheckpointWithANegativeRateLoadsBack() {
    SGD a = new SGD(List.of(Tensor.zeros(2).requiresGrad_(true)), 0.1);
    a.paramGroup(0).setLr(-0.25);
    SGD b = new SGD(List.of(Tensor.zeros(2).requiresGrad_(true)), 0.1);
    b.loadStateDict(a.stateDict());
    assertEquals(-0.25, b.paramGroup(0).lr());
  }

  private static void replay(String name, double momentum, Function<Optimizer, LRScheduler> make) throws IOException {
    List<Row> rows = load().get(name);
    assertNotNull(rows, "no case " + name);
    Tensor p = Tensor.of(1, -2).requiresGrad_(true);
    SGD opt = new SGD(List.of(p), SGD.Options.defaults().withLr(0.1).withMomentum(momentum));
    LRScheduler sched = make.apply(opt);
    boolean wentNegative = false;
    for (int i = 0; i < rows.size(); i++) {
      if (i > 0) {
        wentNegative |= opt.paramGroup(0).lr() < 0;
        p.setGrad(p.detach().clone());
        opt.step();
        sched.step();
      }
      Row row = rows.get(i);
      assertEquals(row.lr(), opt.paramGroup(0).lr(), 1e-12 * Math.abs(row.lr()) + 1e-18, name + " row " + i + " lr");
      float[] actual = p.toArray();
      for (int j = 0; j < actual.length; j++) {
        assertEquals(row.param()[j], actual[j], 1e-6f * Math.abs(row.param()[j]), name + " row " + i + " param " + j);
      }
    }
    assertTrue(wentNegative, name + " never stepped with a negative rate");
  }

  private static Map<String, List<Row>> load() throws IOException {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    try (InputStream in = NegativeLearningRateTest.class.getResourceAsStream("/golden/optim/negative-lr.txt")) {
      assertNotNull(in, "golden/optim/negative-lr.txt");
      List<Row> current = null;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] t = line.trim().split(" ");
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        } else if (t[0].equals("case")) {
          current = new ArrayList<>();
          out.put(t[1], current);
        } else if (!t[0].equals("end")) {
          // "<i> lr <lr> param <p0> <p1>"
          current.add(new Row(Double.parseDouble(t[2]),
              new float[] {Float.parseFloat(t[4]), Float.parseFloat(t[5])}));
        }
      }
    }
    return out;
  }
}
