package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The shared body of the elementwise built-in optimizers (SGD, Adam, AdamW, RMSprop, Adagrad, Adamax, NAdam, RAdam,
 * Adadelta, ASGD, Rprop), whose update is a loop over the parameter, its gradient and {@link BufferState} buffers,
 * in float32 ({@link UpdateRules}) or float64 ({@link DoubleUpdateLoops}) as the parameter's dtype. It supplies
 * what {@link Optimizer} asks of a subclass (state creation and restoration, the read-update-write of one
 * parameter, options from a saved map) and the typed accessors, so each optimizer states only its options, its
 * state layout and its maths.
 *
 * @param <O> the optimizer's options record
 */
abstract class ElementwiseOptimizer<O extends ParamGroup.Options> extends Optimizer {
  private final BufferState.Layout layout;
  private final Function<Map<String, ?>, O> fromMap;

  /**
   * @param layout the per-parameter state: step count or not, buffers by slot
   * @param fromMap the options record's {@code fromMap}, for {@link #loadStateDict}
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  ElementwiseOptimizer(List<? extends Tensor> params, O options, BufferState.Layout layout,
      Function<Map<String, ?>, O> fromMap) {
    super(params, options);
    this.layout = Objects.requireNonNull(layout, "layout");
    this.fromMap = Objects.requireNonNull(fromMap, "fromMap");
  }

  /**
   * Updates one parameter in place from its gradient, through {@link dev.jgrad.autograd.ops.Fused} (no copies of
   * contiguous tensors; the parameter's version is bumped once); {@code state.step} has already been incremented
   * when the layout counts steps.
   *
   * @param param the parameter, updated in place (the step runs under no-grad)
   * @param grad its gradient (read only), of the parameter's shape
   */
  abstract void updateValues(O options, Tensor param, Tensor grad, BufferState state);

  /**
   * {@link #updateValues} for a float64 parameter and gradient, through {@link
   * dev.jgrad.autograd.ops.Fused#updateDoubles} and the {@link DoubleUpdateLoops}; the state's buffers are float64.
   */
  abstract void updateDoubles(O options, Tensor param, Tensor grad, BufferState state);

  /** Sets up a fresh state's buffers beyond zeros (Adagrad's initial accumulator); nothing by default. */
  void initState(O options, BufferState state) {}

  @Override
  @SuppressWarnings("unchecked")
  public O defaults() {
    return (O) super.defaults();
  }

  /** Group {@code index}, typed. */
  @SuppressWarnings("unchecked")
  public ParamGroup<O> paramGroup(int index) {
    return (ParamGroup<O>) paramGroups().get(index);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected ParamState newState(ParamGroup<?> group, Tensor param) {
    BufferState s = BufferState.create(layout, param);
    initState((O) group.options(), s);
    return s;
  }

  @Override
  protected ParamState restoreState(ParamGroup<?> group, int index, Tensor param, Map<String, Tensor> saved) {
    return BufferState.restore(this, layout, index, param, saved);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state) {
    BufferState s = (BufferState) state;
    if (layout.counted()) {
      s.step += 1;
    }
    if (s.isDouble()) {
      updateDoubles((O) group.options(), param, grad, s);
    } else {
      updateValues((O) group.options(), param, grad, s);
    }
  }

  @Override
  protected ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters) {
    return fromMap.apply(hyperparameters);
  }
}
