package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-parameter state of the built-in optimizers: PyTorch's {@code step} count (when the optimizer keeps one),
 * float32 scalars (ASGD's {@code eta} and {@code mu}, NAdam's {@code mu_product}: one-element tensors in PyTorch)
 * and float32 buffers of the parameter's shape. Update code reads the buffers by slot; the names are only PyTorch's
 * state-dict keys, so creating, saving and restoring state is written once here instead of once per optimizer.
 *
 * <pre>{@code
 * static final BufferState.Layout LAYOUT = BufferState.Layout.counted(2, "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
 * float[] expAvg = state.buffer(0);                 // created with the state
 * float[] maxExpAvgSq = state.bufferOrZeros(2);     // created on first use
 * }</pre>
 */
final class BufferState implements Optimizer.ParamState {

  /**
   * Which entries a state has, in PyTorch's order.
   *
   * @param counted whether the state has a {@code step} count (saved first)
   * @param scalars the one-element scalars' state-dict keys, by slot (saved after {@code step}, required on load)
   * @param names the buffers' state-dict keys, by slot
   * @param eager the first {@code eager} slots are created (zeroed) with the state and required on load; the
   *     others are created when the update first needs them and are optional on load
   */
  record Layout(boolean counted, List<String> scalars, List<String> names, int eager) {
    Layout {
      scalars = List.copyOf(scalars);
      names = List.copyOf(names);
      checkArgument(eager >= 0 && eager <= names.size(),
          "BufferState.Layout: eager must be in [0, %s], got %s", names.size(), eager);
    }

    /** A layout with a {@code step} count. */
    static Layout counted(int eager, String... names) {
      return new Layout(true, List.of(), List.of(names), eager);
    }

    /** A layout without a {@code step} count. */
    static Layout uncounted(int eager, String... names) {
      return new Layout(false, List.of(), List.of(names), eager);
    }

    /** This layout with scalar entries (zero until the optimizer's {@code initState} sets them). */
    Layout withScalars(String... scalarNames) {
      return new Layout(counted, List.of(scalarNames), names, eager);
    }

    /** Every key a saved entry may have. */
    Set<String> keys() {
      Set<String> keys = new HashSet<>(names);
      keys.addAll(scalars);
      if (counted) {
        keys.add("step");
      }
      return keys;
    }
  }

  private final Layout layout;
  private final int[] shape;
  private final int numel;
  private final float[][] buffers;
  private final float[] scalars;
  /** PyTorch keeps {@code step} as a float tensor and reads it back with {@code item()}; counted layouts only. */
  double step;

  private BufferState(Layout layout, Tensor param) {
    this.layout = layout;
    this.shape = param.shape();
    this.numel = param.numel();
    this.buffers = new float[layout.names().size()][];
    this.scalars = new float[layout.scalars().size()];
  }

  /** Fresh state for {@code param}: step 0 and the eager buffers zeroed. */
  static BufferState create(Layout layout, Tensor param) {
    BufferState s = new BufferState(layout, param);
    for (int slot = 0; slot < layout.eager(); slot++) {
      s.buffers[slot] = new float[s.numel];
    }
    return s;
  }

  /**
   * State rebuilt from a saved entry, checked in the order PyTorch would fail: unknown keys, then {@code step},
   * then the scalars, then the buffers by slot (eager ones required, all of the parameter's shape).
   *
   * @throws IllegalArgumentException naming the parameter, the key and the shapes when the entry does not fit
   */
  static BufferState restore(Optimizer owner, Layout layout, int index, Tensor param, Map<String, Tensor> saved) {
    owner.checkStateKeys(saved, index, layout.keys());
    BufferState s = new BufferState(layout, param);
    if (layout.counted()) {
      s.step = owner.savedScalar(saved, "step", index);
    }
    for (int slot = 0; slot < s.scalars.length; slot++) {
      s.scalars[slot] = (float) owner.savedScalar(saved, layout.scalars().get(slot), index);
    }
    for (int slot = 0; slot < s.buffers.length; slot++) {
      s.buffers[slot] = owner.savedTensor(saved, layout.names().get(slot), index, param, slot < layout.eager());
    }
    return s;
  }

  /** The scalar in {@code slot}. */
  float scalar(int slot) {
    return scalars[slot];
  }

  void setScalar(int slot, float value) {
    scalars[slot] = value;
  }

  /** The buffer in {@code slot}, or null when a lazy buffer has not been created yet. */
  float[] buffer(int slot) {
    return buffers[slot];
  }

  /** The buffer in {@code slot}, created as zeros if it does not exist yet. */
  float[] bufferOrZeros(int slot) {
    if (buffers[slot] == null) {
      buffers[slot] = new float[numel];
    }
    return buffers[slot];
  }

  @Override
  public LinkedHashMap<String, Tensor> toTensors() {
    LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
    if (layout.counted()) {
      m.put("step", Tensor.scalar((float) step));
    }
    for (int slot = 0; slot < scalars.length; slot++) {
      m.put(layout.scalars().get(slot), Tensor.scalar(scalars[slot]));
    }
    for (int slot = 0; slot < buffers.length; slot++) {
      if (buffers[slot] != null) {
        m.put(layout.names().get(slot), Tensor.of(buffers[slot], shape));
      }
    }
    return m;
  }
}
