package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.Optimizer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Memory of a training step, for the three MLP workloads and the LeNet-style step ({@link ConvBenchmarks}):
 * <ul>
 *   <li>allocated per step: steady-state bytes allocated by the training thread per step (after a warm-up), with the
 *       thread's allocation counter ({@code com.sun.management.ThreadMXBean}); JMH's {@code -prof gc} gives the
 *       same figure as {@code gc.alloc.rate.norm};</li>
 *   <li>against the bytes a step cannot avoid: every layer's output (a flatten is a view and counts nothing) and
 *       the log-softmax of the logits, one gradient per such activation, and one gradient per parameter, all
 *       float32;</li>
 *   <li>the live heap (used after a full collection) between steps, which holds the model, the optimizer's state
 *       and the batch, and at the peak of the step, after forward, when the graph holds every saved
 *       activation (backward frees them as it goes, so gradients never coexist with all of them).</li>
 * </ul>
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.jgrad.benchmarks.StepMemory [steps]</pre>
 */
public final class StepMemory {
  private StepMemory() {}

  /** One training step's parts. */
  private record Step(String label, Module model, CrossEntropyLoss loss, Optimizer optimizer, Tensor x, Tensor y) {
    Tensor forward() {
      optimizer.zeroGrad();
      return loss.forward(model.forward(x), y);
    }

    void run() {
      forward().backward();
      optimizer.step();
    }
  }

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    System.out.println("| workload | allocated per step | activations + gradients | ratio | live heap between "
        + "steps | live heap after forward |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Workload w : new Workload[] {Workload.TINY, Workload.MID, Workload.LARGE}) {
      MlpBenchmarks.Case c = new MlpBenchmarks.Case() { };
      c.init(w);
      report(new Step(label(w), c.model, c.loss, c.optimizer, c.x, c.y), steps);
    }
    ConvBenchmarks.LeNet lenet = new ConvBenchmarks.LeNet();
    lenet.setup();
    report(new Step("LeNet-style conv step b64, SGD momentum", lenet.model, lenet.loss, lenet.optimizer, lenet.x,
        lenet.y), Math.max(20, steps / 4));
  }

  private static void report(Step s, int steps) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long me = Thread.currentThread().getId();
    for (int i = 0; i < steps; i++) {
      s.run();
    }
    long before = threads.getThreadAllocatedBytes(me);
    for (int i = 0; i < steps; i++) {
      s.run();
    }
    double perStep = (threads.getThreadAllocatedBytes(me) - before) / (double) steps;
    long needed = necessaryBytes(s);
    long between = liveHeap();
    Tensor loss = s.forward();
    long afterForward = liveHeap();
    loss.backward();
    s.optimizer().step();
    System.out.printf(Locale.ROOT, "| %s | %.0f KB | %.0f KB | %.2f× | %.1f MB | %.1f MB |%n", s.label(),
        perStep / 1024, needed / 1024.0, perStep / needed, between / 1048576.0, afterForward / 1048576.0);
  }

  /** Heap in use after a full collection (asked twice: one request may leave finalisable garbage). */
  private static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static String label(Workload w) {
    StringBuilder b = new StringBuilder("MLP ");
    for (int i = 0; i < w.sizes.length; i++) {
      b.append(i == 0 ? "" : "-").append(w.sizes[i]);
    }
    return b.append(" b").append(w.batch).append(w.adam ? " Adam" : " SGD momentum").toString();
  }

  /**
   * Every layer's output except views (flatten), the log-softmax of the logits, one gradient for each, and one
   * gradient per parameter, in bytes of float32: walked through the model's layers on the step's batch.
   */
  static long necessaryBytes(Step s) {
    long floats = 0;
    Tensor h = s.x();
    for (Module layer : s.model().children()) {
      h = layer.forward(h);
      if (!(layer instanceof Flatten)) {
        floats += 2L * h.numel();
      }
    }
    floats += 2L * h.numel();                                   // the loss's log-softmax and its gradient
    for (Tensor p : s.model().parameters()) {
      floats += p.numel();
    }
    return floats * Float.BYTES;
  }
}
