package dev.jgrad.train;

import dev.jgrad.nn.Checkpoints;
import dev.jgrad.train.TrainingRun.Arch;
import dev.jgrad.train.TrainingRun.Config;
import dev.jgrad.train.TrainingRun.Optim;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child JVM of {@link DeterminismTest}: trains {@link #RUNS} for {@link #EPOCHS} epochs each under the kernel
 * settings it was started with, prints {@code DIGEST <arch> <digest>} per run and saves each run's tensors to
 * {@code <folder>/<arch>.safetensors}.
 *
 * <p>Argument: the output folder.
 */
final class TrainingRunMain {
  /** The runs compared across JVMs: an MLP whose products split across gemm threads, and a small CNN. */
  static final Config[] RUNS = {Config.of(Arch.WIDE_MLP, Optim.ADAM, 21), Config.of(Arch.CNN, Optim.SGD_MOMENTUM, 22)};
  static final int EPOCHS = 2;

  private TrainingRunMain() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    for (Config config : RUNS) {
      TrainingRun run = new TrainingRun(config).fit(EPOCHS);
      Checkpoints.save(folder.resolve(config.arch() + ".safetensors"), run.tensors(), Map.of());
      System.out.println("DIGEST " + config.arch() + " " + run.digest());
    }
  }
}
