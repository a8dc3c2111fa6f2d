package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AveragedModelTest {
  private static final Golden G = Golden.of("averaged.txt");

  /** Six plain SGD steps (lr 0.1) on the fixture's batch, each followed by updateParameters, as the script does. */
  private static void trainAndCompare(String name, AveragedModel.AveragingFunction fn) {
    Tensor.manualSeed(0);
    Linear model = new Linear(3, 2);
    AveragedModel<Linear> averaged = new AveragedModel<>(model, () -> new Linear(3, 2), fn, false);
    Tensor x = G.tensor("x");
    Tensor y = G.tensor("y");
    for (int step = 0; step < 6; step++) {
      model.zeroGrad();
      Functional.mseLoss(model.call(x), y).backward();
      Autograd.noGrad(() -> {
        for (Parameter p : model.parameters()) {
          p.add_(p.grad(), -0.1);
        }
      });
      averaged.updateParameters(model);
      String at = name + "." + step;
      Golden.assertClose(at + ".weight", G.tensor(at + ".weight"), model.weight());
      Golden.assertClose(at + ".avg_weight", G.tensor(at + ".avg_weight"), averaged.module().weight());
      Golden.assertClose(at + ".avg_bias", G.tensor(at + ".avg_bias"), averaged.module().bias());
    }
    Golden.assertClose(name + ".out", G.tensor(name + ".out"), averaged.call(x));
    assertEquals(6, averaged.numAveraged());
    assertEquals(G.string(name + ".keys"), String.join(",", averaged.stateDict().keySet()));
  }

  @Test
  void equalWeightAverageMatchesPyTorch() {
    trainAndCompare("swa", AveragedModel.AveragingFunction.equalWeights());
  }

  @Test
  void exponentialAverageMatchesPyTorch() {
    trainAndCompare("ema", AveragedModel.AveragingFunction.ema(0.9));
  }

  @Test
  void theCopyStartsWithTheModelsWeightsAndIsIndependent() {
    Tensor.manualSeed(3);
    Linear model = new Linear(2, 2);
    AveragedModel<Linear> averaged = new AveragedModel<>(model, () -> new Linear(2, 2));
    assertNotSame(model.weight(), averaged.module().weight());
    assertArrayEquals(model.weight().toArray(), averaged.module().weight().toArray());
    Autograd.noGrad(() -> model.weight().add_(1.0));
    assertTrue(averaged.module().weight().toArray()[0] != model.weight().toArray()[0]);
  }

  @Test
  void averagesBuffersWhenAsked() {
    Tensor.manualSeed(1);
    Sequential model = new Sequential(new Linear(3, 4), new BatchNorm1d(4));
    AveragedModel<Sequential> averaged = new AveragedModel<>(model,
        () -> new Sequential(new Linear(3, 4), new BatchNorm1d(4)), AveragedModel.AveragingFunction.equalWeights(),
        true);
    model.call(Tensor.randn(5, 3));
    averaged.updateParameters(model);
    Tensor first = model.buffers().get("1.running_mean").clone();
    model.call(Tensor.randn(5, 3));
    averaged.updateParameters(model);
    Tensor expected = first.add(model.buffers().get("1.running_mean")).div(2);
    Golden.assertClose("running_mean", expected, averaged.module().buffers().get("1.running_mean"));
  }

  @Test
  void refusesAFactoryThatReturnsTheModelOrAnotherArchitecture() {
    Linear model = new Linear(2, 2);
    IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
        () -> new AveragedModel<>(model, () -> model));
    assertTrue(same.getMessage().contains("must build a new model"), same.getMessage());
    RuntimeException other = assertThrows(RuntimeException.class,
        () -> new AveragedModel<Module>(model, () -> new Linear(3, 2)));
    assertTrue(other.getMessage().contains("weight"), other.getMessage());
    AveragedModel<Module> ok = new AveragedModel<>(model, () -> new Linear(2, 2));
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> ok.updateParameters(new Linear(3, 2)));
    assertTrue(mismatch.getMessage().contains("has shape [2, 3] but the average has [2, 2]"),
        mismatch.getMessage());
  }

  @Test
  void updateBnRecomputesTheAveragedModelsStatisticsAsPyTorch() {
    Tensor.manualSeed(1);
    Sequential model = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2));
    AveragedModel<Sequential> averaged = new AveragedModel<>(model,
        () -> new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2)));
    Tensor x = G.tensor("x");
    for (int step = 0; step < 4; step++) {
      model.zeroGrad();
      Functional.mseLoss(model.call(x), G.tensor("y")).backward();
      Autograd.noGrad(() -> {
        for (Parameter p : model.parameters()) {
          p.add_(p.grad(), -0.1);
        }
      });
      averaged.updateParameters(model);
    }
    BatchNorm1d bn = (BatchNorm1d) averaged.module().get(1);
    bn.setMomentum(0.3);
    AveragedModel.updateBn(List.of(G.tensor("bn.batch0"), G.tensor("bn.batch1"), G.tensor("bn.batch2")), averaged);
    Golden.assertClose("running_mean", G.tensor("bn.running_mean"), bn.runningMean());
    Golden.assertClose("running_var", G.tensor("bn.running_var"), bn.runningVar());
    assertEquals(3, (int) bn.numBatchesTracked().item());
    assertEquals(0.3, bn.momentum(), "the momentum is restored");
    assertTrue(averaged.isTraining(), "the training flag is restored");
    averaged.eval();
    Golden.assertClose("out", G.tensor("bn.out"), averaged.call(x));
  }

  @Test
  void aDeepCopiableModelNeedsNoFactory() {
    Tensor.manualSeed(2);
    Linear model = new Linear(3, 2);
    AveragedModel<Linear> averaged = new AveragedModel<>(model);
    assertNotSame(model.weight(), averaged.module().weight());
    assertArrayEquals(model.weight().toArray(), averaged.module().weight().toArray());
    averaged.updateParameters(model);
    assertEquals(1, averaged.numAveraged());
  }

  @Test
  void emaRejectsADecayOutsideZeroToOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AveragedModel.AveragingFunction.ema(1.5));
    assertTrue(e.getMessage().contains("decay must be in [0, 1], got 1.5"), e.getMessage());
  }
}
