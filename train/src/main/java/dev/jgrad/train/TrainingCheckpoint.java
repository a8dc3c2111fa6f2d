package dev.jgrad.train;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file behind {@link Trainer#saveCheckpoint} and {@link Trainer#resume}: one safetensors file (written by nn's
 * {@link Checkpoints}, so a crash mid-write never destroys the previous file, and PyTorch's safetensors can open
 * it) holding
 * <ul>
 *   <li>tensors {@code model.<name>}: the model's state dict (parameters and persistent buffers);</li>
 *   <li>tensors {@code optimizer.state.<i>.<name>} and metadata {@code optimizer.param_groups.<g>.<key>}: the
 *       optimizer's state dict ({@link OptimizerState#toTensors}, {@link OptimizerState#toMetadata});</li>
 *   <li>metadata {@code trainer.epoch}, {@code trainer.step}, {@code trainer.generator} (the global random
 *       generator's state, Base64), {@code trainer.loader} (the training loader's shuffle generator, when saved
 *       during a fit; restored into the loader passed to the next fit), {@code trainer.scheduler} (the scheduler's state map, see
 *       {@link StateCodec}), {@code trainer.history} (the history as CSV) and {@code trainer.format}.</li>
 * </ul>
 */
public final class TrainingCheckpoint {
  /** The value of {@code trainer.format}; a reader refuses other values. */
  public static final String FORMAT = "jgrad-trainer-checkpoint/1";

  static final String MODEL = "model.";
  static final String OPTIMIZER = "optimizer.";

  private TrainingCheckpoint() {}

  /** What {@link #load} restored besides the objects it wrote into. */
  record Restored(int epoch, long step, History history, byte[] loaderState) {}

  static void save(Path file, Trainer trainer) throws IOException {
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    trainer.model().stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
    OptimizerState opt = trainer.optimizer().stateDict();
    tensors.putAll(opt.toTensors(OPTIMIZER));
    LinkedHashMap<String, String> meta = new LinkedHashMap<>(opt.toMetadata(OPTIMIZER));
    meta.put("trainer.format", FORMAT);
    meta.put("trainer.epoch", Integer.toString(trainer.epochsCompleted()));
    meta.put("trainer.step", Long.toString(trainer.globalStep()));
    meta.put("trainer.generator", Base64.getEncoder().encodeToString(Generator.global().getState()));
    if (trainer.scheduler() != null) {
      meta.put("trainer.scheduler", StateCodec.encode(trainer.scheduler().stateDict()));
    }
    byte[] loader = trainer.loaderState();
    if (loader != null) {
      // the next epoch's shuffle is drawn from this state: without it a resumed run would see other batches (also
      // when a resumed trainer is saved again before its next fit)
      meta.put("trainer.loader", Base64.getEncoder().encodeToString(loader));
    }
    meta.put("trainer.history", trainer.history().toCsv());
    Checkpoints.save(file, tensors, meta);
  }

  /**
   * Loads model, optimizer, scheduler and generator state from {@code file} into the trainer's objects.
   *
   * @throws IllegalArgumentException when the file is not a trainer checkpoint, or when it has scheduler state but
   *     the trainer has no scheduler (or the reverse)
   */
  static Restored load(Path file, Trainer trainer) throws IOException {
    Checkpoint ckpt = Checkpoints.load(file);
    Map<String, String> meta = ckpt.metadata();
    String format = meta.get("trainer.format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("Trainer.resume: " + file + " is not a trainer checkpoint (trainer.format is "
          + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "'); to load only weights "
          + "use Checkpoints.load(path, model)");
    }
    boolean hasScheduler = meta.containsKey("trainer.scheduler");
    if (hasScheduler != (trainer.scheduler() != null)) {
      throw new IllegalArgumentException("Trainer.resume: " + file + (hasScheduler
          ? " holds scheduler state but this trainer has no scheduler"
          : " holds no scheduler state but this trainer has a scheduler"));
    }
    LinkedHashMap<String, Tensor> model = new LinkedHashMap<>();
    ckpt.tensors().forEach((k, v) -> {
      if (k.startsWith(MODEL)) {
        model.put(k.substring(MODEL.length()), v);
      }
    });
    trainer.model().loadStateDict(model, true);
    trainer.optimizer().loadStateDict(OptimizerState.fromTensors(ckpt.tensors(), meta, OPTIMIZER));
    if (hasScheduler) {
      @SuppressWarnings("unchecked")
      Map<String, Object> state = (Map<String, Object>) StateCodec.decode(meta.get("trainer.scheduler"));
      trainer.scheduler().loadStateDict(state);
    }
    Generator.global().setState(Base64.getDecoder().decode(meta.get("trainer.generator")));
    String loader = meta.get("trainer.loader");
    return new Restored(Integer.parseInt(meta.get("trainer.epoch")), Long.parseLong(meta.get("trainer.step")),
        History.fromCsv(meta.get("trainer.history")), loader == null ? null : Base64.getDecoder().decode(loader));
  }
}
