package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.Mockito.calls;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.Reduction;
import dev.jgrad.optim.LRScheduler;
import dev.jgrad.optim.MetricLRScheduler;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.StaleGradientWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** The Trainer's calls to its collaborators, verified with Mockito. */
class TrainerTest {
  private Module model;
  private Loss loss;
  private Optimizer optimizer;
  /** The leaf each loss call returned: after backward its grad is the scale the Trainer applied. */
  private final List<Tensor> losses = new ArrayList<>();
  private final List<Float> lossValues = new ArrayList<>();

  @BeforeEach
  void mocks() {
    model = mock(Module.class);
    loss = mock(Loss.class);
    optimizer = mock(Optimizer.class);
    when(model.forward(any())).thenAnswer(inv -> inv.getArgument(0));
    when(model.call(any())).thenAnswer(inv -> inv.getArgument(0));   // the Trainer runs the model as module(x)
    when(loss.forward(any(), any())).thenAnswer(inv -> {
      float v = losses.size() < lossValues.size() ? lossValues.get(losses.size()) : 1f;
      Tensor leaf = Tensor.scalar(v).requiresGrad_(true);
      losses.add(leaf);
      return leaf;
    });
  }

  /** 9 samples in batches of 2: sizes 2, 2, 2, 2, 1; features 18, 17, ..., 1 in pairs, zero targets. */
  private static DataLoader loader9() {
    return loader9(1);
  }

  private static DataLoader loader9(int targetColumns) {
    float[] features = new float[18];
    for (int i = 0; i < 18; i++) {
      features[i] = 18 - i;
    }
    return DataLoader.of(new TensorDataset(Tensor.of(features, 9, 2), Tensor.zeros(9, targetColumns)), 2, false, 0);
  }

  private Trainer.Builder builder() {
    return Trainer.builder().model(model).loss(loss).optimizer(optimizer);
  }

  private static double[] grads(List<Tensor> leaves) {
    return leaves.stream().mapToDouble(t -> t.grad() == null ? Double.NaN : t.grad().item()).toArray();
  }

  @Test
  void stepsOncePerKMicroBatchesAndZeroesGradAfterEachStep() {
    builder().accumulationSteps(3).build().fit(loader9(), 2);
    // groups (2, 2, 2) and (2, 1): the trailing partial group is stepped, not dropped
    InOrder order = inOrder(loss, optimizer);
    order.verify(optimizer).zeroGrad();
    for (int epoch = 0; epoch < 2; epoch++) {
      order.verify(loss, times(3)).forward(any(), any());
      order.verify(optimizer).step();
      order.verify(optimizer).zeroGrad();
      order.verify(loss, times(2)).forward(any(), any());
      order.verify(optimizer).step();
      order.verify(optimizer).zeroGrad();
    }
    verify(optimizer, times(4)).step();
    verify(optimizer, times(5)).zeroGrad();
  }

  @Test
  void eachMicroBatchLossIsScaledByItsShareOfTheGroupsSamples() {
    builder().accumulationSteps(3).build().fit(loader9(), 1);
    // group 1: 2/6 each; group 2 (sizes 2 and 1 of 3): 2/3 and 1/3, not 1/2 and 1/2
    assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1 / 3.0}, grads(losses), 1e-7);
  }

  @Test
  void aSummedLossIsNotScaledItsSumIsAlreadyTheGroupsSum() {
    when(loss.reduction()).thenReturn(Reduction.SUM);
    lossValues.addAll(List.of(4f, 4f, 4f, 4f, 2f));
    History h = builder().accumulationSteps(3).build().fit(loader9(), 1);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1}, grads(losses));
    assertEquals(18 / 9.0, h.last("train_loss"), 1e-12, "per-sample mean: sum of sums over 9 samples");
  }

  @Test
  void theLargestAccumulationCountAllocatesNothingInProportionToIt() {
    // one group of all five micro-batches: 2/9, 2/9, 2/9, 2/9, 1/9 each, and one step
    builder().accumulationSteps(Integer.MAX_VALUE).build().fit(loader9(), 1);
    assertArrayEquals(new double[] {2 / 9.0, 2 / 9.0, 2 / 9.0, 2 / 9.0, 1 / 9.0}, grads(losses), 1e-7);
    verify(optimizer, times(1)).step();
  }

  @Test
  void withoutAccumulationTheLossIsNotScaled() {
    builder().build().fit(loader9(), 1);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1}, grads(losses));
    verify(optimizer, times(5)).step();
    verify(optimizer, times(6)).zeroGrad();
  }

  @Test
  void neverPolicyIsThePitfallNoZeroGradAtAll() {
    builder().zeroGradPolicy(ZeroGradPolicy.NEVER).build().fit(loader9(), 2);
    verify(optimizer, times(10)).step();
    verify(optimizer, never()).zeroGrad();
    verify(optimizer, never()).zeroGrad(org.mockito.ArgumentMatchers.anyBoolean());
  }

  @Test
  void staleGradientCheckIsTurnedOnWithK() {
    builder().accumulationSteps(3).build().fit(loader9(), 1);
    verify(optimizer).enableStaleGradientCheck(3);
    verify(optimizer).setParameterNames(List.of());
    Optimizer other = mock(Optimizer.class);
    Trainer.builder().model(model).loss(loss).optimizer(other).staleGradientCheck(false).build().fit(loader9(), 1);
    verify(other, never()).enableStaleGradientCheck(org.mockito.ArgumentMatchers.anyInt());
  }

  @Test
  void schedulerPerStepFollowsEveryOptimizerStep() {
    LRScheduler scheduler = mock(LRScheduler.class);
    builder().accumulationSteps(2).scheduler(scheduler, SchedulerStep.PER_STEP).build().fit(loader9(), 2);
    // 5 micro-batches in groups of 2: 3 steps per epoch, 6 in all; never once per micro-batch
    verify(scheduler, times(6)).step();
    InOrder order = inOrder(optimizer, scheduler);
    for (int i = 0; i < 6; i++) {
      order.verify(optimizer).step();
      order.verify(scheduler).step();
    }
  }

  @Test
  void schedulerPerEpochStepsAfterTheEpochsLastStepAndBeforeEpochEndCallbacks() {
    LRScheduler scheduler = mock(LRScheduler.class);
    Callback callback = mock(Callback.class);
    builder().scheduler(scheduler, SchedulerStep.PER_EPOCH).callbacks(callback).build().fit(loader9(), 3);
    verify(scheduler, times(3)).step();
    InOrder order = inOrder(optimizer, scheduler, callback);
    for (int epoch = 0; epoch < 3; epoch++) {
      order.verify(optimizer, calls(5)).step();
      order.verify(scheduler).step();
      order.verify(callback).onEpochEnd(any(), any());
    }
  }

  @Test
  void metricSchedulerReceivesTheValidationLoss() {
    MetricLRScheduler plateau = mock(MetricLRScheduler.class);
    lossValues.addAll(List.of(1f, 1f, 1f, 1f, 1f, 4f, 4f, 4f, 4f, 4f)); // training batches, then validation
    builder().scheduler(plateau, SchedulerStep.PER_EPOCH).build().fit(loader9(), 1, loader9());
    verify(plateau).step(4.0);
    verify(plateau, never()).step();
    MetricLRScheduler onTrain = mock(MetricLRScheduler.class);
    Trainer.builder().model(model).loss(loss).optimizer(optimizer).scheduler(onTrain, SchedulerStep.PER_EPOCH)
        .build().fit(loader9(), 1);
    verify(onTrain).step(anyDouble());
  }

  @Test
  void callbacksRunInOrderWithImmutableEvents() {
    Callback first = mock(Callback.class);
    Callback second = mock(Callback.class);
    builder().accumulationSteps(3).callbacks(first, second).build().fit(loader9(), 1);
    InOrder order = inOrder(first, second);
    order.verify(first).onTrainBegin(any(), any());
    order.verify(second).onTrainBegin(any(), any());
    order.verify(first).onEpochBegin(any(), any());
    order.verify(second).onEpochBegin(any(), any());
    for (int b = 0; b < 5; b++) {
      order.verify(first).onBatchBegin(any(), any());
      order.verify(second).onBatchBegin(any(), any());
      order.verify(first).onBatchEnd(any(), any());
      order.verify(second).onBatchEnd(any(), any());
    }
    order.verify(first).onEpochEnd(any(), any());
    order.verify(second).onEpochEnd(any(), any());
    order.verify(first).onTrainEnd(any(), any());
    order.verify(second).onTrainEnd(any(), any());

    ArgumentCaptor<Callback.BatchEnd> ends = ArgumentCaptor.forClass(Callback.BatchEnd.class);
    verify(first, times(5)).onBatchEnd(any(), ends.capture());
    List<Callback.BatchEnd> e = ends.getAllValues();
    assertEquals(List.of(1, 2, 3, 4, 5), e.stream().map(Callback.BatchEnd::batch).toList());
    assertEquals(List.of(2, 2, 2, 2, 1), e.stream().map(Callback.BatchEnd::size).toList());
    assertEquals(List.of(false, false, true, false, true), e.stream().map(Callback.BatchEnd::stepped).toList());
    assertEquals(List.of(0L, 0L, 1L, 1L, 2L), e.stream().map(Callback.BatchEnd::step).toList());
    ArgumentCaptor<Callback.TrainBegin> begin = ArgumentCaptor.forClass(Callback.TrainBegin.class);
    verify(first).onTrainBegin(any(), begin.capture());
    assertEquals(new Callback.TrainBegin(1, 1, 5, 3), begin.getValue());
  }

  @Test
  void aStopRequestTakesEffectAfterTheGroupAndClosesTheEpoch() {
    Callback stopper = new Callback() {
      @Override public void onBatchEnd(Trainer t, BatchEnd e) {
        if (e.epoch() == 2 && e.batch() == 1) {
          t.requestStop("enough");
        }
      }
    };
    Callback after = mock(Callback.class);
    History h = builder().accumulationSteps(3).callbacks(stopper, after).build().fit(loader9(), 5);
    verify(optimizer, times(3)).step(); // epoch 1: 2 steps; epoch 2: the first group completes, then stop
    assertEquals(2, h.size());
    assertEquals("enough", h.stopReason());
    verify(after, times(2)).onEpochEnd(any(), any());
    ArgumentCaptor<Callback.TrainEnd> end = ArgumentCaptor.forClass(Callback.TrainEnd.class);
    verify(after).onTrainEnd(any(), end.capture());
    assertEquals(new Callback.TrainEnd(2, 3, "enough"), end.getValue());
  }

  @Test
  void nonFiniteLossStopsBeforeBackwardAndNamesTheStep() {
    lossValues.addAll(List.of(1f, 1f, 1f, Float.NaN, 1f));
    History h = builder().build().fit(loader9(), 3);
    String reason = h.stopReason();
    assertTrue(reason.startsWith("Trainer: loss is NaN at step 4 (epoch 1, batch 4); training stopped before this "
        + "batch's backward pass, so the parameters are those after step 3."), reason);
    verify(optimizer, times(3)).step();
    assertNull(losses.get(3).grad(), "no backward through a NaN loss");
    assertEquals(4, losses.size(), "nothing runs after the NaN batch");
    assertEquals(1, h.size());
  }

  @Test
  void infiniteLossInsideAGroupDropsTheGroup() {
    lossValues.addAll(List.of(1f, Float.POSITIVE_INFINITY));
    History h = builder().accumulationSteps(3).build().fit(loader9(), 1);
    assertTrue(h.stopReason().startsWith("Trainer: loss is Infinity at step 1 (epoch 1, batch 2)"), h.stopReason());
    verify(optimizer, never()).step();
    verify(optimizer, times(2)).zeroGrad(); // before training, and to drop the aborted group's partial sum
  }

  @Test
  void epochsCountInTotalAcrossFits() {
    Callback callback = mock(Callback.class);
    Trainer trainer = builder().callbacks(callback).build();
    trainer.fit(loader9(), 2);
    History h = trainer.fit(loader9(), 3);
    assertArrayEquals(new double[] {1, 2, 3}, h.column("epoch"));
    assertArrayEquals(new double[] {5, 10, 15}, h.column("step"));
    ArgumentCaptor<Callback.TrainBegin> begin = ArgumentCaptor.forClass(Callback.TrainBegin.class);
    verify(callback, times(2)).onTrainBegin(any(), begin.capture());
    assertEquals(3, begin.getAllValues().get(1).firstEpoch());
    assertEquals(3, trainer.epochsCompleted());
  }

  @Test
  void historyRowsHoldSampleWeightedLossesAndMetrics() {
    // batch losses 1..5 for sizes 2, 2, 2, 2, 1: (2 + 4 + 6 + 8 + 5) / 9
    lossValues.addAll(List.of(1f, 2f, 3f, 4f, 5f, 1f, 1f, 1f, 1f, 1f));
    History h = builder().metrics(Metrics.mse()).build().fit(loader9(2), 1, loader9(2));
    assertEquals(List.of("epoch", "step", "train_loss", "train_mse", "val_loss", "val_mse", "lr"), h.columnNames());
    assertEquals(25 / 9.0, h.last("train_loss"), 1e-12);
    assertEquals(1.0, h.last("val_loss"), 1e-12);
    assertTrue(Double.isNaN(h.last("lr")), "a mock optimizer reports no param groups");
    // the model echoes features (18..1 in pairs) against zero targets: MSE = mean of squares of 1..18
    double sum = 0;
    for (int i = 1; i <= 18; i++) {
      sum += i * i;
    }
    assertEquals(sum / 18, h.last("train_mse"), 1e-9);
    assertEquals(sum / 18, h.last("val_mse"), 1e-9);
  }

  /** A real module that records its mode and grad mode at each forward. */
  static final class Recorder extends Module {
    final Parameter w = registerParameter("w", new Parameter(Tensor.of(new float[] {0.5f, -0.25f}, 2, 1)));
    final List<String> calls = new ArrayList<>();

    @Override
    public Tensor forward(Tensor x) {
      calls.add((isTraining() ? "train" : "eval") + "/" + (Autograd.isGradEnabled() ? "grad" : "nograd"));
      return x.matmul(w);
    }
  }

  @Test
  void validationRunsInEvalModeWithoutGradAndTrainingModeIsRestored() {
    Recorder recorder = new Recorder();
    Trainer trainer = Trainer.builder().model(recorder).loss(new MSELoss())
        .optimizer(new SGD(recorder.parameters(), 1e-4)).build();
    trainer.fit(loader9(), 1, loader9());
    assertEquals(List.of("train/grad", "train/grad", "train/grad", "train/grad", "train/grad",
        "eval/nograd", "eval/nograd", "eval/nograd", "eval/nograd", "eval/nograd"), recorder.calls);
    assertTrue(recorder.isTraining());
    recorder.eval();
    recorder.calls.clear();
    Map<String, Double> result = trainer.evaluate(loader9());
    Tensor out = trainer.predict(Tensor.ones(3, 2));
    assertEquals(List.of("eval/nograd", "eval/nograd", "eval/nograd", "eval/nograd", "eval/nograd", "eval/nograd"),
        recorder.calls);
    assertTrue(!recorder.isTraining(), "evaluate and predict restore the previous mode, here eval");
    assertEquals(List.of("loss"), List.copyOf(result.keySet()));
    assertTrue(out.gradFn() == null && !out.requiresGrad());
    assertEquals(List.of(3, 1), List.of(out.shape()[0], out.shape()[1]));
  }

  @Test
  void gradientsAreClippedBeforeTheStep() {
    Recorder recorder = new Recorder();
    float[] before = recorder.w.toArray();
    DataLoader oneBatch = DataLoader.of(new TensorDataset(Tensor.ones(4, 2).mul(10), Tensor.zeros(4, 1)), 4, false, 0);
    Trainer.builder().model(recorder).loss(new MSELoss()).optimizer(new SGD(recorder.parameters(), 1.0))
        .gradClipNorm(0.5).build().fit(oneBatch, 1);
    float[] after = recorder.w.toArray();
    double norm = Math.hypot(after[0] - before[0], after[1] - before[1]);
    assertEquals(0.5, norm, 1e-5, "an SGD step of lr 1 moves by the clipped gradient norm");
  }

  @Test
  void theStaleGradientCheckNamesTheParameterWhenZeroGradIsNeverCalled() {
    List<StaleGradientWarning> warnings = new ArrayList<>();
    Recorder pitfall = new Recorder();
    SGD sgd = new SGD(pitfall.parameters(), 1e-4);
    sgd.addStaleGradientListener(warnings::add);
    Trainer.builder().model(pitfall).loss(new MSELoss()).optimizer(sgd).zeroGradPolicy(ZeroGradPolicy.NEVER)
        .build().fit(loader9(), 1);
    assertEquals(1, warnings.size(), "warned once");
    assertEquals("w", warnings.get(0).paramName());
    assertEquals(2, warnings.get(0).step());

    Recorder right = new Recorder();
    SGD accumulating = new SGD(right.parameters(), 1e-4);
    accumulating.addStaleGradientListener(warnings::add);
    History h = Trainer.builder().model(right).loss(new MSELoss()).optimizer(accumulating).accumulationSteps(3)
        .build().fit(loader9(), 2);
    assertEquals(1, warnings.size(), "accumulating k passes on purpose is not stale");
    assertArrayEquals(new double[] {1e-4, 1e-4}, h.column("lr"), "lr comes from the optimizer's first group");
  }

  @Test
  void confusionMatrixOfPredictions() {
    DataLoader labelled = DataLoader.of(new TensorDataset(Tensor.of(new float[][] {{2, 1}, {0, 3}, {1, 0}}),
        Tensor.ofLongs(0, 1, 1)), 2, false, 0);
    ConfusionMatrix cm = builder().build().confusionMatrix(labelled, List.of("no", "yes"));
    assertArrayEquals(new long[] {1, 0}, cm.counts()[0]);
    assertArrayEquals(new long[] {1, 1}, cm.counts()[1]);
    verify(model, times(2)).eval();
  }

  @Test
  void lossMustBeAScalar() {
    when(loss.forward(any(), any())).thenReturn(Tensor.ones(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder().build().fit(loader9(), 1));
    assertEquals("Trainer: the loss must be a scalar (reduction MEAN or SUM), got shape [2]", e.getMessage());
  }

  @Test
  void builderChecksItsArguments() {
    assertEquals("Trainer.builder: model is required (call .model(...))",
        assertThrows(IllegalStateException.class, () -> Trainer.builder().build()).getMessage());
    assertEquals("Trainer.builder: loss is required (call .loss(...))",
        assertThrows(IllegalStateException.class, () -> Trainer.builder().model(model).build()).getMessage());
    assertEquals("Trainer.builder: optimizer is required (call .optimizer(...))",
        assertThrows(IllegalStateException.class, () -> Trainer.builder().model(model).loss(loss).build())
            .getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.builder().accumulationSteps(0))
        .getMessage().contains("accumulationSteps must be at least 1, got 0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.builder().gradClipNorm(-1))
        .getMessage().contains("gradClipNorm must be positive, got -1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> builder().build().fit(loader9(), 0))
        .getMessage().contains("Trainer.fit: epochs must be at least 1, got 0"));
  }

  @Test
  void fitCannotBeReenteredFromACallback() {
    Callback reenter = new Callback() {
      @Override public void onEpochBegin(Trainer t, EpochBegin e) {
        t.fit(loader9(), 1);
      }
    };
    Trainer trainer = builder().callbacks(reenter).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(loader9(), 1));
    assertTrue(e.getMessage().contains("Trainer.fit: already running"), e.getMessage());
  }
}
