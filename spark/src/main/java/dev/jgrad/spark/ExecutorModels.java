package dev.jgrad.spark;

import dev.jgrad.autograd.Generator;
import dev.jgrad.nn.Module;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The models an executor JVM computes with, kept between tasks: one per concurrently running task of a run, built
 * once by the run's factory and overwritten with the broadcast weights by every task, so a task's result depends
 * only on its inputs and not on which model it borrowed.
 */
final class ExecutorModels {
  private static final Map<String, ConcurrentLinkedDeque<Module>> POOLS = new ConcurrentHashMap<>();

  private ExecutorModels() {}

  /**
   * A model of run {@code runId}, built by {@code factory} when none is free. The first task of a new run drops the
   * models of earlier runs: an executor outlives many fits, and a dropped model is only rebuilt, never wrong.
   */
  static Module borrow(String runId, SerializableSupplier<? extends Module> factory) {
    ConcurrentLinkedDeque<Module> pool = POOLS.get(runId);
    if (pool == null) {
      POOLS.keySet().removeIf(k -> !k.equals(runId));
      pool = POOLS.computeIfAbsent(runId, k -> new ConcurrentLinkedDeque<>());
    }
    Module m = pool.pollFirst();
    return m != null ? m : build(factory);
  }

  static void giveBack(String runId, Module model) {
    POOLS.computeIfAbsent(runId, k -> new ConcurrentLinkedDeque<>()).addFirst(model);
  }

  /** Drops this JVM's models of a finished run. */
  static void forget(String runId) {
    POOLS.remove(runId);
  }

  /**
   * Builds a model without moving the global generator: its initial weights are overwritten anyway, and in
   * {@code local[n]} mode the executors share the driver's JVM and so its global generator. Holding the
   * generator's lock keeps other threads' draws out of the window.
   */
  static Module build(SerializableSupplier<? extends Module> factory) {
    Generator g = Generator.global();
    synchronized (g) {
      byte[] state = g.getState();
      try {
        return factory.get();
      } finally {
        g.setState(state);
      }
    }
  }
}
