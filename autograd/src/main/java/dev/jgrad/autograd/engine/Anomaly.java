package dev.jgrad.autograd.engine;

import static dev.jgrad.autograd.access.TensorAccess.creationTraceOf;

import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Anomaly detection: while enabled on a thread, every node records where its forward op was called, and a
 * backward rule that produces NaN fails naming the node and that place.
 */
public final class Anomaly {
  private Anomaly() {}

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  /** Count of threads with anomaly mode on; lets node creation skip the thread-local read in the common case. */
  private static volatile int activeThreads;

  public static boolean isEnabled() {
    return activeThreads > 0 && DEPTH.get()[0] > 0;
  }

  public static synchronized void enter() {
    if (DEPTH.get()[0]++ == 0) {
      activeThreads++;
    }
  }

  public static synchronized void exit() {
    if (--DEPTH.get()[0] == 0) {
      activeThreads--;
    }
  }

  /** PyTorch checks for NaN only (an infinite gradient, such as sqrt's at 0, is a legitimate value). */
  static void check(Node node, Tensor[] grads) {
    for (int i = 0; i < grads.length; i++) {
      Tensor g = grads[i];
      if (g == null) {
        continue;
      }
      for (float x : g.toArray()) {
        if (Float.isNaN(x)) {
          throw new IllegalStateException(
              "Function '" + node.name() + "' returned nan values in its " + i + "th output." + where(node));
        }
      }
    }
  }

  static String where(Node node) {
    if (creationTraceOf(node) == null) {
      return "";
    }
    String trace = Arrays.stream(creationTraceOf(node))
        .filter(e -> !e.getClassName().startsWith("dev.jgrad.autograd.") || e.getClassName().endsWith("Test"))
        .limit(6)
        .map(e -> "    at " + e)
        .collect(Collectors.joining("\n"));
    return " The forward op that created " + node.name() + " was called from:\n" + trace;
  }
}
