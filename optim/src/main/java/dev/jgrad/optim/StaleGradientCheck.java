package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.ObservingHook;
import dev.jgrad.autograd.Tensor;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Catches the classic forgotten {@code zeroGrad()}: a tensor hook on every parameter counts the backward passes
 * that reached it since the last reset, and {@link #beforeStep} warns once (a WARNING log line on
 * {@code dev.jgrad.optim} and a {@link StaleGradientWarning} to the listeners) when a gradient about to be applied
 * was accumulated over more passes than allowed. Off until {@link #enable}d. {@link Optimizer} owns one and
 * exposes it through its {@code enableStaleGradientCheck}, {@code backwardPassesSinceZeroGrad}, ... methods.
 *
 * <p>The hooks hold the check weakly, so a dropped optimizer does not stay reachable from its parameters (the hook
 * itself stays registered and does nothing).
 */
final class StaleGradientCheck {
  private static final System.Logger LOG = System.getLogger("dev.jgrad.optim");

  private final String optimizer;
  private final List<Tensor> params = new ArrayList<>();
  private final List<Consumer<StaleGradientWarning>> listeners = new CopyOnWriteArrayList<>();
  private int[] counts = new int[0];
  private List<String> names = List.of();
  private int limit;
  private boolean warned;

  /** @param optimizer the optimizer's class name, which starts messages ({@code "SGD"}) */
  StaleGradientCheck(String optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
  }

  /**
   * Starts counting the backward passes that reach {@code param}, the next parameter in position order. A
   * parameter that does not require grad (frozen) takes no hook and keeps a count of 0.
   */
  void track(Tensor param) {
    int index = params.size();
    params.add(param);
    counts = Arrays.copyOf(counts, index + 1);
    if (param.requiresGrad()) {
      param.registerHook(new Counter(new WeakReference<>(this), index));
    }
  }

  /**
   * Warns when a gradient was accumulated over more than {@code accumulationSteps} backward passes; re-arms the
   * once-only warning.
   *
   * @throws IllegalArgumentException when {@code accumulationSteps < 1}
   */
  void enable(int accumulationSteps) {
    checkArgument(accumulationSteps >= 1, "%s.enableStaleGradientCheck: accumulationSteps must be at least 1, got %s",
        optimizer, accumulationSteps);
    this.limit = accumulationSteps;
    this.warned = false;
  }

  void disable() {
    this.limit = 0;
  }

  void addListener(Consumer<StaleGradientWarning> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(Consumer<StaleGradientWarning> listener) {
    listeners.remove(listener);
  }

  /**
   * Names for the parameters in position order, used in the warning.
   *
   * @throws IllegalArgumentException when the count differs from the number of parameters
   */
  void setNames(List<String> parameterNames) {
    checkArgument(parameterNames.size() == params.size(),
        "%s.setParameterNames: expected %s names (one per parameter), got %s", optimizer, params.size(),
        parameterNames.size());
    this.names = List.copyOf(parameterNames);
  }

  /** The name from {@link #setNames}, or {@code "param <index>"}. */
  String name(int paramIndex) {
    Objects.checkIndex(paramIndex, params.size());
    return paramIndex < names.size() ? names.get(paramIndex) : "param " + paramIndex;
  }

  /** Backward passes that reached the parameter since the last {@link #reset()}. */
  int backwardPasses(int paramIndex) {
    Objects.checkIndex(paramIndex, params.size());
    return counts[paramIndex];
  }

  /** The gradients were cleared: every count restarts at 0. */
  void reset() {
    Arrays.fill(counts, 0);
  }

  /**
   * Called by the optimizer at the start of step {@code step} (1-based): warns, once, naming the first parameter
   * whose non-null gradient was accumulated over too many backward passes.
   */
  void beforeStep(long step) {
    if (limit == 0 || warned) {
      return;
    }
    int first = -1;
    int stale = 0;
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).grad() != null && counts[i] > limit) {
        stale++;
        if (first < 0) {
          first = i;
        }
      }
    }
    if (first < 0) {
      return;
    }
    warned = true;
    StaleGradientWarning w =
        new StaleGradientWarning(optimizer, first, name(first), counts[first], limit, step, stale);
    LOG.log(System.Logger.Level.WARNING, w.message());
    for (Consumer<StaleGradientWarning> listener : listeners) {
      listener.accept(w);
    }
  }

  /**
   * One backward pass reached parameter {@code index}. A gradient found null or all zero when it arrives (cleared
   * elsewhere, e.g. by a module's zeroGrad) restarts the count.
   */
  private void onBackward(int index) {
    Tensor current = params.get(index).grad();
    if (current == null || isAllZero(current)) {
      counts[index] = 0;
    }
    counts[index]++;
  }

  /** Cheap in the usual case: a live accumulated gradient almost never has an exact zero first element. */
  private static boolean isAllZero(Tensor t) {
    if (t.numel() == 0) {
      return true;
    }
    if (t.get(new int[t.dim()]) != 0f) {
      return false;
    }
    for (float v : t.toArray()) {
      if (v != 0f) {
        return false;
      }
    }
    return true;
  }

  // An ObservingHook: it keeps no reference to the gradient, so the engine may hand .grad the gradient it made.
  private record Counter(WeakReference<StaleGradientCheck> owner, int index) implements ObservingHook {
    @Override
    public Tensor apply(Tensor incoming) {
      StaleGradientCheck c = owner.get();
      if (c != null) {
        c.onBackward(index);
      }
      return null;           // observe only: the gradient passes through unchanged
    }
  }
}
