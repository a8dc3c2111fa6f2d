package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One parameter group of an {@link Optimizer}: an ordered list of parameters and the typed options that apply to
 * them (PyTorch's {@code optimizer.param_groups[i]}, with a record instead of a string-keyed dict).
 *
 * <p>Schedulers change {@link #setLr(double) lr}, unchecked as in PyTorch; any option can be replaced with
 * {@link #setOptions}, which validates the new options with PyTorch's messages.
 *
 * <pre>{@code
 * SGD sgd = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
 * ParamGroup<SGD.Options> g = sgd.paramGroup(0);
 * g.setLr(0.01);                                           // what a scheduler does
 * g.setOptions(g.options().withMomentum(0.95));
 * }</pre>
 *
 * @param <O> the optimizer's options record
 */
public final class ParamGroup<O extends ParamGroup.Options> {

  /**
   * The hyperparameters of one group, implemented by an immutable record per optimizer ({@code SGD.Options},
   * {@code Adam.Options}, ...). Records are built freely with withers; {@link #validate()} runs when the options
   * are given to an optimizer or a group.
   */
  public interface Options {
    /** The learning rate. */
    double lr();

    /** A copy with another learning rate (not validated until used). */
    Options withLr(double lr);

    /**
     * Checks every value against PyTorch's rules.
     *
     * @throws IllegalArgumentException with PyTorch's message, e.g. {@code SGD: Invalid learning rate: -0.1}
     */
    void validate();

    /**
     * The options under PyTorch's key names ({@code lr}, {@code momentum}, {@code weight_decay}, {@code betas},
     * ...), as {@code Double}, {@code Boolean} or {@code List<Double>} values: the {@code param_groups} entries of
     * a state dict.
     */
    LinkedHashMap<String, Object> toMap();

    /**
     * How many buffers of its parameter's size the optimizer keeps per parameter under these options (Adam: 2,
     * SGD without momentum: 0); the optimizer checks with it, when built, that its state can fit the heap.
     */
    default int stateBuffers() {
      return 0;
    }
  }

  /**
   * Options with a momentum-like term that {@link OneCycleLR} can cycle: {@code momentum} for SGD and RMSprop,
   * {@code beta1} for Adam and AdamW (PyTorch's {@code use_beta1}).
   */
  public interface MomentumOptions extends Options {
    /** The momentum, or beta1. */
    double cycledMomentum();

    /** A copy with another momentum (or beta1). */
    Options withCycledMomentum(double momentum);
  }

  private final List<Tensor> params;
  private O options;
  private double initialLr = Double.NaN;

  ParamGroup(List<Tensor> params, O options) {
    this.params = List.copyOf(params);
    this.options = options;
  }

  /** The parameters of this group, in order (unmodifiable). */
  public List<Tensor> params() {
    return params;
  }

  /** The current options. */
  public O options() {
    return options;
  }

  /**
   * Replaces the options.
   *
   * @throws IllegalArgumentException if they fail validation or are of another optimizer's type
   */
  public void setOptions(O newOptions) {
    if (newOptions == null || newOptions.getClass() != options.getClass()) {
      throw new IllegalArgumentException(
          "ParamGroup.setOptions: expected " + Optimizer.typeName(options.getClass()) + ", got "
              + (newOptions == null ? "null" : Optimizer.typeName(newOptions.getClass())));
    }
    newOptions.validate();
    this.options = newOptions;
  }

  /** The learning rate, {@code options().lr()}. */
  public double lr() {
    return options.lr();
  }

  /**
   * Sets the learning rate (what a scheduler does), unchecked as PyTorch's {@code group['lr'] = lr} is: a schedule
   * may take it below zero (a linear anneal past its end), and the optimizer steps with it. Only the options an
   * optimizer or group is built with are validated.
   */
  @SuppressWarnings("unchecked")
  public void setLr(double lr) {
    this.options = (O) options.withLr(lr);
  }

  /**
   * The learning rate schedulers start from (PyTorch's {@code group['initial_lr']}), set by the first scheduler
   * built on this optimizer; empty before that.
   */
  public OptionalDouble initialLr() {
    return Double.isNaN(initialLr) ? OptionalDouble.empty() : OptionalDouble.of(initialLr);
  }

  /** Sets {@link #initialLr()} (schedulers do this; {@code OneCycleLR} sets {@code maxLr / divFactor}). */
  public void setInitialLr(double initialLr) {
    this.initialLr = initialLr;
  }

  /** Replaces the options without checks (loadStateDict validates first). */
  @SuppressWarnings("unchecked")
  void replaceOptions(Options newOptions) {
    this.options = (O) newOptions;
  }

  /** Replaces the momentum-like term, unchecked like {@link #setLr}; false when these options have none. */
  @SuppressWarnings("unchecked")
  boolean setCycledMomentum(double momentum) {
    if (!(options instanceof MomentumOptions m)) {
      return false;
    }
    this.options = (O) m.withCycledMomentum(momentum);
    return true;
  }

  @Override
  public String toString() {
    return "ParamGroup" + options.toMap() + " (" + params.size() + " params)";
  }
}
