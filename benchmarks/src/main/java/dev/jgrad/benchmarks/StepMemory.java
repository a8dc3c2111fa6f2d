package dev.jgrad.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Steady-state allocation per training step of the MLP workloads against the bytes a step cannot avoid: its
 * activations (every Linear and ReLU output and the log-softmax of the logits) and their gradients plus the
 * parameters' gradients, all float32. Measured with the calling thread's allocation counter
 * ({@code com.sun.management.ThreadMXBean}) over many steps after a warm-up; the worker thread that shares large
 * products allocates only its reused pack buffers. JMH's {@code -prof gc} on {@code MlpBenchmarks} gives the same
 * figure as {@code gc.alloc.rate.norm}.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.jgrad.benchmarks.StepMemory</pre>
 */
public final class StepMemory {
  private StepMemory() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long me = Thread.currentThread().getId();
    System.out.println("| workload | allocated per step | activations + gradients | ratio |");
    System.out.println("|---|---:|---:|---:|");
    for (Workload w : new Workload[] {Workload.MID, Workload.LARGE}) {
      MlpBenchmarks.Case c = new MlpBenchmarks.Case() { };
      c.init(w);
      for (int i = 0; i < steps; i++) {
        c.step();
      }
      long before = threads.getThreadAllocatedBytes(me);
      for (int i = 0; i < steps; i++) {
        c.step();
      }
      double perStep = (threads.getThreadAllocatedBytes(me) - before) / (double) steps;
      long needed = necessaryBytes(w);
      System.out.printf(Locale.ROOT, "| %s | %.0f KB | %.0f KB | %.2f× |%n", label(w), perStep / 1024,
          needed / 1024.0, perStep / needed);
    }
  }

  private static String label(Workload w) {
    StringBuilder b = new StringBuilder("MLP ");
    for (int i = 0; i < w.sizes.length; i++) {
      b.append(i == 0 ? "" : "-").append(w.sizes[i]);
    }
    return b.append(" b").append(w.batch).append(w.adam ? " Adam" : " SGD momentum").toString();
  }

  /**
   * Activations (each Linear output, each hidden ReLU output, the log-softmax of the logits), one gradient per
   * activation, and one gradient per parameter, in bytes of float32.
   */
  static long necessaryBytes(Workload w) {
    int[] sizes = w.sizes;
    long floats = 0;
    for (int i = 1; i < sizes.length; i++) {
      // The Linear output and its ReLU (the last layer: the log-softmax of the logits), values and gradients.
      floats += 2 * 2 * (long) w.batch * sizes[i];
      floats += (long) sizes[i - 1] * sizes[i] + sizes[i];   // weight and bias gradients
    }
    return floats * Float.BYTES;
  }
}
