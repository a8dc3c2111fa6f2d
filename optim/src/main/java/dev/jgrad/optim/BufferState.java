package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-parameter state of the built-in optimizers: PyTorch's {@code step} count (when the optimizer keeps one),
 * scalars (ASGD's {@code eta} and {@code mu}, NAdam's {@code mu_product}: one-element float32 tensors in PyTorch)
 * and buffers of the parameter's shape and dtype (float32 or float64). Update code reads the buffers by slot; the names are only PyTorch's
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
  /** The parameter's dtype is float64: the buffers are {@link #doubleBuffers}, else {@link #buffers}. */
  private final boolean doubles;
  private final float[][] buffers;
  private final double[][] doubleBuffers;
  private final double[] scalars;
  /**
   * The scalars are float32 tensors (as PyTorch creates them, {@code torch.tensor(1.)}), so a product kept in one
   * rounds to float; false once restored for a float64 parameter, since {@code load_state_dict} casts floating
   * state other than {@code step} to the parameter's dtype.
   */
  private final boolean floatScalars;
  /** PyTorch keeps {@code step} as a float tensor and reads it back with {@code item()}; counted layouts only. */
  double step;

  private BufferState(Layout layout, Tensor param, boolean floatScalars) {
    this.layout = layout;
    this.shape = param.shape();
    this.numel = param.numel();
    this.doubles = param.dtype() == DType.FLOAT64;
    this.buffers = doubles ? null : new float[layout.names().size()][];
    this.doubleBuffers = doubles ? new double[layout.names().size()][] : null;
    this.scalars = new double[layout.scalars().size()];
    this.floatScalars = floatScalars;
  }

  /** Fresh state for {@code param}: step 0 and the eager buffers zeroed, in the parameter's dtype. */
  static BufferState create(Layout layout, Tensor param) {
    BufferState s = new BufferState(layout, param, true);
    for (int slot = 0; slot < layout.eager(); slot++) {
      s.createBuffer(slot);
    }
    return s;
  }

  /**
   * State rebuilt from a saved entry, checked in the order PyTorch would fail: unknown keys, then {@code step},
   * then the scalars, then the buffers by slot (eager ones required, all of the parameter's shape). Buffers and
   * scalars take the parameter's dtype, as PyTorch's {@code load_state_dict} casts them; {@code step} is kept.
   *
   * @throws IllegalArgumentException naming the parameter, the key and the shapes when the entry does not fit
   */
  static BufferState restore(Optimizer owner, Layout layout, int index, Tensor param, Map<String, Tensor> saved) {
    owner.checkStateKeys(saved, index, layout.keys());
    BufferState s = new BufferState(layout, param, param.dtype() != DType.FLOAT64);
    if (layout.counted()) {
      s.step = owner.savedScalar(saved, "step", index);
    }
    for (int slot = 0; slot < s.scalars.length; slot++) {
      double v = owner.savedScalar(saved, layout.scalars().get(slot), index);
      s.scalars[slot] = s.floatScalars ? (float) v : v;
    }
    for (int slot = 0; slot < layout.names().size(); slot++) {
      String name = layout.names().get(slot);
      boolean required = slot < layout.eager();
      if (s.doubles) {
        s.doubleBuffers[slot] = owner.savedDoubles(saved, name, index, param, required);
      } else {
        s.buffers[slot] = owner.savedTensor(saved, name, index, param, required);
      }
    }
    return s;
  }

  /** Whether the buffers are float64 ({@link #doubleBuffer}) rather than float32 ({@link #buffer}). */
  boolean isDouble() {
    return doubles;
  }

  /** Whether the scalars are float32 tensors, whose products round to float. */
  boolean floatScalars() {
    return floatScalars;
  }

  /** The scalar in {@code slot}. */
  double scalar(int slot) {
    return scalars[slot];
  }

  /** Sets the scalar in {@code slot}, rounded to float while the scalars are float32. */
  void setScalar(int slot, double value) {
    scalars[slot] = floatScalars ? (float) value : value;
  }

  /** The float32 buffer in {@code slot}, or null when a lazy buffer has not been created yet. */
  float[] buffer(int slot) {
    return buffers[slot];
  }

  /** The float32 buffer in {@code slot}, created as zeros if it does not exist yet. */
  float[] bufferOrZeros(int slot) {
    if (buffers[slot] == null) {
      createBuffer(slot);
    }
    return buffers[slot];
  }

  /** The float64 buffer in {@code slot}, or null when a lazy buffer has not been created yet. */
  double[] doubleBuffer(int slot) {
    return doubleBuffers[slot];
  }

  /** The float64 buffer in {@code slot}, created as zeros if it does not exist yet. */
  double[] doubleBufferOrZeros(int slot) {
    if (doubleBuffers[slot] == null) {
      createBuffer(slot);
    }
    return doubleBuffers[slot];
  }

  /** Fills the buffer in {@code slot} with {@code value} in its dtype ({@code torch.full_like(p, value)}). */
  void fill(int slot, double value) {
    if (doubles) {
      Arrays.fill(doubleBufferOrZeros(slot), value);
    } else {
      Arrays.fill(bufferOrZeros(slot), (float) value);
    }
  }

  private void createBuffer(int slot) {
    if (doubles) {
      doubleBuffers[slot] = new double[numel];
    } else {
      buffers[slot] = new float[numel];
    }
  }

  @Override
  public LinkedHashMap<String, Tensor> toTensors() {
    LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
    if (layout.counted()) {
      m.put("step", Tensor.scalar((float) step));
    }
    for (int slot = 0; slot < scalars.length; slot++) {
      m.put(layout.scalars().get(slot), floatScalars ? Tensor.scalar((float) scalars[slot])
          : Tensor.of(new double[] {scalars[slot]}, new int[0], DType.FLOAT64));
    }
    for (int slot = 0; slot < layout.names().size(); slot++) {
      if (doubles && doubleBuffers[slot] != null) {
        m.put(layout.names().get(slot), Tensor.of(doubleBuffers[slot], shape, DType.FLOAT64));
      } else if (!doubles && buffers[slot] != null) {
        m.put(layout.names().get(slot), Tensor.of(buffers[slot], shape));
      }
    }
    return m;
  }
}
