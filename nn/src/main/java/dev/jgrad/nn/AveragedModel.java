package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A running average of a model's weights (PyTorch's {@code torch.optim.swa_utils.AveragedModel}): stochastic
 * weight averaging with the default equal weights, or an exponential moving average with {@link
 * AveragingFunction#ema(double)}. It holds its own copy of the model under the child name {@code module} and the
 * count {@code n_averaged}, so its state dict reads as PyTorch's ({@code n_averaged}, {@code module.fc1.weight},
 * ...).
 *
 * <p>The copy is the model's {@link Module#deepCopy()} (PyTorch deep-copies the model); for a module class that does
 * not implement {@code blankCopy()}, pass a factory that builds the same architecture instead, and the model's state
 * is loaded into what it builds. The first {@link #updateParameters} copies the model's weights; every later one
 * folds them into the average. With batch norm in the model, {@link #updateBn} recomputes the averaged model's
 * statistics afterwards.
 *
 * <pre>{@code
 * AveragedModel<Net> swa = new AveragedModel<>(model, Net::new);      // or new AveragedModel<>(sequential)
 * SWALR swaSched = new SWALR(opt, 0.05);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   trainOneEpoch(model, opt);
 *   if (epoch >= swaStart) { swa.updateParameters(model); swaSched.step(); }
 * }
 * Tensor prediction = swa.call(x);
 *
 * AveragedModel<Net> ema = new AveragedModel<>(model, Net::new, AveragingFunction.ema(0.999), true);
 * }</pre>
 *
 * @param <M> the model's class
 */
public class AveragedModel<M extends Module> extends Module {

  /**
   * How a parameter's average is updated: from the current average, the model's current value and the number of
   * models averaged so far (PyTorch's {@code avg_fn}). Runs without gradient tracking.
   */
  @FunctionalInterface
  public interface AveragingFunction {
    Tensor apply(Tensor averaged, Tensor current, long numAveraged);

    /** Equal weights over every model averaged: {@code avg + (current − avg) / (n + 1)}, PyTorch's default. */
    static AveragingFunction equalWeights() {
      return (averaged, current, n) -> averaged.add(current.sub(averaged).div((double) (n + 1)));
    }

    /**
     * An exponential moving average, {@code decay · avg + (1 − decay) · current} (PyTorch 2's {@code
     * get_ema_avg_fn}).
     *
     * @throws IllegalArgumentException unless {@code 0 <= decay <= 1}
     */
    static AveragingFunction ema(double decay) {
      checkArgument(decay >= 0 && decay <= 1, "AveragedModel.ema: decay must be in [0, 1], got %s", decay);
      return (averaged, current, n) -> averaged.mul(decay).add(current.mul(1 - decay));
    }
  }

  private final M module;
  private final AveragingFunction averagingFunction;
  private final boolean useBuffers;
  private final Tensor nAveraged;

  /**
   * Equal-weight averaging of the parameters of a {@link Module#deepCopy()} of {@code model}.
   *
   * @throws UnsupportedOperationException when a module in {@code model} cannot be deep-copied (then pass a factory)
   */
  public AveragedModel(M model) {
    this(model, copyOf(model), AveragingFunction.equalWeights(), false);
  }

  /**
   * A {@link Module#deepCopy()} of {@code model}, averaged with {@code averagingFunction}.
   *
   * @throws UnsupportedOperationException when a module in {@code model} cannot be deep-copied (then pass a factory)
   */
  public AveragedModel(M model, AveragingFunction averagingFunction, boolean useBuffers) {
    this(model, copyOf(model), averagingFunction, useBuffers);
  }

  @SuppressWarnings("unchecked")
  private static <M extends Module> Supplier<M> copyOf(M model) {
    checkNotNull(model, "AveragedModel: model must not be null");
    M copy = (M) model.deepCopy();
    return () -> copy;
  }

  /** Equal-weight averaging of the parameters (stochastic weight averaging). */
  public AveragedModel(M model, Supplier<? extends M> copyFactory) {
    this(model, copyFactory, AveragingFunction.equalWeights(), false);
  }

  /**
   * @param model the model whose weights are averaged
   * @param copyFactory builds a fresh model of the same architecture, into which the model's state is loaded
   * @param averagingFunction how each average is updated
   * @param useBuffers average the buffers too (e.g. batch-norm statistics) instead of only the parameters
   * @throws IllegalArgumentException when the factory returns the model itself or a model whose state dict has
   *     other names or shapes
   */
  public AveragedModel(M model, Supplier<? extends M> copyFactory, AveragingFunction averagingFunction,
      boolean useBuffers) {
    checkNotNull(model, "AveragedModel: model must not be null");
    M copy = checkNotNull(copyFactory.get(), "AveragedModel: the copy factory returned null");
    checkArgument(copy != model, "AveragedModel: the copy factory must build a new model, not return the one given");
    copy.loadStateDict(model.stateDict(), true);
    this.module = registerModule("module", copy);
    this.averagingFunction = checkNotNull(averagingFunction, "AveragedModel: averagingFunction must not be null");
    this.useBuffers = useBuffers;
    this.nAveraged = registerBuffer("n_averaged", Tensor.scalar(0f).to(DType.INT64));
  }

  /** The averaged copy of the model. */
  public M module() {
    return module;
  }

  /** How many models have been averaged. */
  public long numAveraged() {
    return (long) nAveraged.item();
  }

  @Override
  public Tensor forward(Tensor input) {
    return module.call(input);
  }

  /**
   * Folds {@code model}'s current weights into the average (the first call copies them).
   *
   * @throws IllegalArgumentException when the model's parameters (or buffers) do not match the copy's in number
   *     or shape
   */
  public void updateParameters(Module model) {
    List<Tensor> averaged = averagedTensors(module);
    List<Tensor> current = averagedTensors(model);
    checkArgument(averaged.size() == current.size(),
        "AveragedModel.updateParameters: the model has %s %s but the average has %s", current.size(),
        useBuffers ? "parameters and buffers" : "parameters", averaged.size());
    for (int i = 0; i < averaged.size(); i++) {
      int[] a = averaged.get(i).shape();
      int[] c = current.get(i).shape();
      checkArgument(Arrays.equals(a, c),
          "AveragedModel.updateParameters: tensor %s of the model has shape %s but the average has %s", i,
          Arrays.toString(c), Arrays.toString(a));
    }
    long n = numAveraged();
    Autograd.noGrad(() -> {
      for (int i = 0; i < averaged.size(); i++) {
        Tensor avg = averaged.get(i).detach();
        Tensor cur = current.get(i).detach();
        avg.copy_(n == 0 ? cur : averagingFunction.apply(avg, cur, n));
      }
      nAveraged.add_(1);
    });
  }

  /**
   * Recomputes the running statistics of every batch-norm layer of {@code model} from one pass over {@code inputs}
   * (PyTorch's {@code torch.optim.swa_utils.update_bn}): the statistics are reset and averaged cumulatively over
   * the batches in training mode without gradients; momentum and the training flag are restored afterwards. Call it
   * with the averaged model after the last {@link #updateParameters}: averaged weights need their own statistics.
   *
   * <pre>{@code
   * AveragedModel.updateBn(trainInputs, swa);     // Iterable<Tensor> of input batches
   * }</pre>
   */
  public static void updateBn(Iterable<Tensor> inputs, Module model) {
    Map<BatchNorm, Double> momenta = new LinkedHashMap<>();
    for (Module m : model.modules()) {
      if (m instanceof BatchNorm bn && bn.runningMean() != null) {
        momenta.put(bn, bn.momentum());
      }
    }
    if (momenta.isEmpty()) {
      return;
    }
    boolean wasTraining = model.isTraining();
    model.train();
    momenta.keySet().forEach(bn -> {
      bn.resetRunningStats();
      bn.setMomentum(null);
    });
    try {
      Autograd.noGrad(() -> {
        for (Tensor input : inputs) {
          model.call(input);
        }
      });
    } finally {
      momenta.forEach(BatchNorm::setMomentum);
      model.train(wasTraining);
    }
  }

  private List<Tensor> averagedTensors(Module m) {
    List<Tensor> out = new ArrayList<>(m.parameters());
    if (useBuffers) {
      for (Map.Entry<String, Tensor> e : m.buffers().entrySet()) {
        if (e.getValue() != null) {
          out.add(e.getValue());
        }
      }
    }
    return out;
  }
}
