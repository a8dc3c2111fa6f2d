package dev.jgrad.autograd;

/**
 * The thread-local switch that decides whether ops record a graph. A new thread always starts enabled, whatever
 * the thread that started it was doing (as in PyTorch).
 */
public final class GradMode {
  private GradMode() {}

  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Sets the mode and returns the previous one. */
  public static boolean set(boolean enabled) {
    boolean[] cell = ENABLED.get();
    boolean previous = cell[0];
    cell[0] = enabled;
    return previous;
  }
}
