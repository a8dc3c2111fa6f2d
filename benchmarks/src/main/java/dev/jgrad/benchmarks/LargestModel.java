package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The widest MLP 784-H-H-10 (batch 256, cross-entropy, SGD with momentum: the large workload's shape with wider
 * hidden layers) that trains in a given heap: each width runs three training steps in a child JVM with
 * {@code -Xmx<heap>} and the project's launch options, and a bisection over H finds the largest that completes.
 * The parameters, their gradients and the momentum buffers take 12 bytes per weight, so 1 GB bounds H near 9,000
 * before any activation; what the step needs beyond that is what this measures.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.jgrad.benchmarks.LargestModel [heap, default 1g]</pre>
 */
public final class LargestModel {
  private LargestModel() {}

  private static final int BATCH = 256;
  private static final int STEPS = 3;

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--train")) {
      train(Integer.parseInt(args[1]));
      return;
    }
    String heap = args.length > 0 ? args[0] : "1g";
    int fits = 512;
    int fails = 16384;
    if (!trains(heap, fits)) {
      System.out.println("784-" + fits + "-" + fits + "-10 does not train in " + heap);
      return;
    }
    while (fails - fits > 64) {
      int mid = (fits + fails) / 2;
      if (trains(heap, mid)) {
        fits = mid;
      } else {
        fails = mid;
      }
    }
    long weights = 784L * fits + (long) fits * fits + fits * 10L;
    System.out.printf(Locale.ROOT, "largest MLP trained in -Xmx%s: 784-%d-%d-10 (%.1f M weights, %.0f MB of "
        + "parameters + gradients + momentum); 784-%d-%d-10 fails%n", heap, fits, fits, weights / 1e6,
        12.0 * weights / 1048576, fails, fails);
  }

  /** Whether the child JVM trains width {@code h} in {@code heap}. */
  private static boolean trains(String heap, int h) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        LargestModel.class.getName(), "--train", Integer.toString(h)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    boolean ok = p.waitFor() == 0;
    System.out.printf(Locale.ROOT, "784-%d-%d-10: %s%n", h, h, ok ? "trains" : "does not fit");
    return ok;
  }

  private static void train(int h) {
    Tensor.manualSeed(0);
    Module model = new Sequential(new Linear(784, h), new ReLU(), new Linear(h, h), new ReLU(), new Linear(h, 10));
    Optimizer optimizer = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9));
    CrossEntropyLoss loss = new CrossEntropyLoss();
    Generator g = new Generator(0);
    Tensor x = Tensor.randn(g, BATCH, 784);
    Tensor y = Tensor.randint(g, 0, 10, BATCH);
    for (int i = 0; i < STEPS; i++) {
      optimizer.zeroGrad();
      loss.forward(model.forward(x), y).backward();
      optimizer.step();
    }
  }
}
