package dev.jgrad.cli;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.io.AtomicFolder;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model folder written by {@code jgrad train}, read back: the MLP rebuilt from the safetensors metadata with its
 * weights loaded (in eval mode), and the preprocessing, checked to belong together
 * ({@link PredictCommand#checkBelongTogether}).
 *
 * @param dir the folder
 * @param spec the architecture
 * @param net the model, in eval mode
 * @param preprocessor the preprocessing fitted with it
 */
record SavedModel(Path dir, MlpSpec spec, Module net, Preprocessor preprocessor) {
  /**
   * Reads the folder {@code model} (or the folder of {@code model}, a model.safetensors file).
   *
   * @throws CliException (usage) for a missing folder or file; (failure) for files that do not belong together
   */
  static SavedModel load(Path model) throws IOException {
    return load(model, DType.FLOAT32);
  }

  /**
   * {@link #load(Path)} with the model's parameters in {@code dtype}: the saved weights are converted as
   * {@code load_state_dict} converts them.
   */
  static SavedModel load(Path model, DType dtype) throws IOException {
    // readable: a `jgrad train` killed while it swapped the folder in leaves it under a temporary name
    Path dir = Files.isRegularFile(model) ? model.toAbsolutePath().getParent() : AtomicFolder.readable(model);
    if (!Files.isDirectory(dir)) {
      throw CliException.usage("--model: no such folder '" + model + "' (write one with 'jgrad train --out DIR')");
    }
    Path weights = dir.resolve("model.safetensors");
    Path prep = dir.resolve("preprocessing.json");
    for (Path p : List.of(weights, prep)) {
      if (!Files.isRegularFile(p)) {
        throw CliException.usage("--model: " + dir + " has no " + p.getFileName()
            + " (is it a folder written by 'jgrad train'?)");
      }
    }
    Checkpoint checkpoint = Checkpoints.load(weights);
    MlpSpec spec = MlpSpec.fromMetadata(checkpoint.metadata(), weights.toString());
    Preprocessor pre = Preprocessor.load(prep);
    PredictCommand.checkBelongTogether(checkpoint, spec, pre, weights, prep);
    Module net = spec.build(dtype);
    net.loadStateDict(checkpoint.tensors(), true);
    net.eval();
    return new SavedModel(dir, spec, net, pre);
  }
}
