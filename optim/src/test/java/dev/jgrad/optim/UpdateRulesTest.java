package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What both implementations share: the run-time choice, and the argument checks done before any value changes. */
class UpdateRulesTest {

  static List<UpdateRules> implementations() {
    List<UpdateRules> list = new ArrayList<>(List.of(UpdateRules.java()));
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      list.add(new VectorUpdateRules());
    }
    return list;
  }

  @Test
  void theChoiceFollowsTheKernels() {
    assertEquals(Kernels.get().name(), UpdateRules.get().name());
    assertEquals(UpdateRules.get().getClass(), UpdateRules.get().getClass());
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void shortOrMissingArraysAreRefusedBeforeAnyValueChanges(UpdateRules r) {
    float[] p = {1, 2, 3};
    float[] g = {1, 1, 1};
    UpdateRules.SgdStep sgd = new UpdateRules.SgdStep(0.1, 0.9, 0, 0, false, false, false);
    assertMessage("sgd: momentum_buffer is null but momentum is used", () -> r.sgd(p, 0, g, 0, 3, null, sgd));
    assertMessage("sgd: momentum_buffer range [0, 3) (offset 0, length 3) is outside the array of length 2",
        () -> r.sgd(p, 0, g, 0, 3, new float[2], sgd));
    assertMessage("sgd: param range [1, 4) (offset 1, length 3) is outside the array of length 3",
        () -> r.sgd(p, 1, g, 0, 3, new float[3], sgd));
    assertMessage("sgd: grad range [0, 3) (offset 0, length 3) is outside the array of length 2",
        () -> r.sgd(p, 0, new float[2], 0, 3, null, new UpdateRules.SgdStep(0.1, 0, 0, 0, false, false, true)));
    UpdateRules.AdamStep ams = new UpdateRules.AdamStep(0.1, 0.9, 0.999, 1e-8, 0, false, true, false, 1);
    assertMessage("adam: max_exp_avg_sq is null but amsgrad is on",
        () -> r.adam(p, 0, g, 0, 3, new float[3], new float[3], null, ams));
    assertMessage("adam: exp_avg_sq is null", () -> r.adam(p, 0, g, 0, 3, new float[3], null, null, ams));
    UpdateRules.RmspropStep centered = new UpdateRules.RmspropStep(0.01, 0.99, 1e-8, 0, 0.9, true, false);
    assertMessage("rmsprop: grad_avg is null but centered is on",
        () -> r.rmsprop(p, 0, g, 0, 3, new float[3], null, new float[3], centered));
    assertMessage("rmsprop: momentum_buffer is null but momentum is used",
        () -> r.rmsprop(p, 0, g, 0, 3, new float[3], new float[3], null, centered));
    assertMessage("adagrad: sum range [0, 3) (offset 0, length 3) is outside the array of length 1",
        () -> r.adagrad(p, 0, g, 0, 3, new float[1], new UpdateRules.AdagradStep(0.1, 0, 1e-10, 0, false, 1)));
    assertMessage("adamax: exp_inf is null",
        () -> r.adamax(p, 0, g, 0, 3, new float[3], null, new UpdateRules.AdamaxStep(0.1, 0.9, 0.999, 1e-8, 0, false, 1)));
    assertMessage("nadam: exp_avg_sq range [0, 3) (offset 0, length 3) is outside the array of length 2",
        () -> r.nadam(p, 0, g, 0, 3, new float[3], new float[2],
            new UpdateRules.NadamStep(0.1, 0.9, 0.999, 1e-8, 0, 4e-3, 1, 0.9f)));
    assertMessage("radam: exp_avg is null",
        () -> r.radam(p, 0, g, 0, 3, null, new float[3], new UpdateRules.RadamStep(0.1, 0.9, 0.999, 1e-8, 0, 1)));
    assertMessage("adadelta: acc_delta is null",
        () -> r.adadelta(p, 0, g, 0, 3, new float[3], null, new UpdateRules.AdadeltaStep(1, 0.9, 1e-6, 0, false)));
    assertMessage("asgd: ax range [0, 3) (offset 0, length 3) is outside the array of length 1",
        () -> r.asgd(p, 0, g, 0, 3, new float[1], new UpdateRules.AsgdStep(1e-4, 0, false, 0.01f, 1f)));
    assertMessage("rprop: grad range [1, 4) (offset 1, length 3) is outside the array of length 3",
        () -> r.rprop(p, 0, g, 1, 3, new float[3], new float[3], new UpdateRules.RpropStep(0.5, 1.2, 1e-6, 50, false)));
    assertMessage("rprop: step_size is null",
        () -> r.rprop(p, 0, g, 0, 3, new float[3], null, new UpdateRules.RpropStep(0.5, 1.2, 1e-6, 50, false)));
    assertArrayEquals(new float[] {1, 2, 3}, p, "nothing was written");
    // without momentum, amsgrad, centering the optional buffers may be null
    r.sgd(p, 0, g, 0, 3, null, new UpdateRules.SgdStep(0.1, 0, 0, 0, false, false, true));
    r.adam(p, 0, g, 0, 3, new float[3], new float[3], null,
        new UpdateRules.AdamStep(0.1, 0.9, 0.999, 1e-8, 0, false, false, false, 1));
    r.rmsprop(p, 0, g, 0, 3, new float[3], null, null,
        new UpdateRules.RmspropStep(0.01, 0.99, 1e-8, 0, 0, false, false));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }
}
