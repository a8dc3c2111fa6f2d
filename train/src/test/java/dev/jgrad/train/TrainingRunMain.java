package dev.jgrad.train;

import dev.jgrad.nn.Checkpoints;
import dev.jgrad.train.TrainingRun.Config;
import java.nio.file.Path;
import java.util.Map;

/**
 * A child JVM that trains runs without a break under the kernel settings it was started with: for each run it prints
 * {@code DIGEST <arch> <digest>} and saves the run's tensors to {@code <folder>/<arch>.safetensors}.
 *
 * <p>Arguments: the output folder, the number of epochs, then one or more {@link Config#args()}.
 */
final class TrainingRunMain {
  private TrainingRunMain() {}

  /** The arguments for training {@code configs} for {@code epochs} epochs, saving to {@code folder}. */
  static String[] args(Path folder, int epochs, Config... configs) {
    String[] args = new String[2 + 6 * configs.length];
    args[0] = folder.toString();
    args[1] = Integer.toString(epochs);
    for (int i = 0; i < configs.length; i++) {
      System.arraycopy(configs[i].args(), 0, args, 2 + 6 * i, 6);
    }
    return args;
  }

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWithParent();
    Path folder = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    for (int at = 2; at < args.length; at += 6) {
      Config config = Config.parse(args, at);
      TrainingRun run = new TrainingRun(config).fit(epochs);
      Checkpoints.save(folder.resolve(config.arch() + ".safetensors"), run.tensors(), Map.of());
      System.out.println("DIGEST " + config.arch() + " " + run.digest());
    }
  }
}
