package dev.jgrad.spark;

import dev.jgrad.nn.Module;
import dev.jgrad.optim.Optimizer;
import java.util.List;

/**
 * What {@link SparkTrainer#fit} returns.
 *
 * @param model the trained model (the driver's copy)
 * @param optimizer the driver's optimizer, with its state after the last step
 * @param steps global batches trained in all, including those of a resumed checkpoint
 * @param epochs epochs completed in all
 * @param epochLosses the mean training loss of each completed epoch (per row, over the rows of its batches)
 * @param jobs Spark jobs run by this fit for training steps (one per step with {@code exact}, one per k with
 *     {@code localSgd})
 * @param meanJobMillis wall time per such job, averaged (synchronisation plus compute)
 * @param stoppedEarly whether {@code maxSteps} stopped the fit before its last epoch ended
 * @param <M> the model type
 */
public record TrainResult<M extends Module>(M model, Optimizer optimizer, long steps, int epochs,
    List<Double> epochLosses, long jobs, double meanJobMillis, boolean stoppedEarly) {
  public TrainResult {
    epochLosses = List.copyOf(epochLosses);
  }
}
