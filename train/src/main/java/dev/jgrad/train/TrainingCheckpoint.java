package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.io.Json;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.optim.LRScheduler;
import dev.jgrad.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
 *       during a fit; restored into the loader passed to the next fit), {@code trainer.scheduler} (the scheduler's
 *       state map as JSON; a NaN or infinity, such as ReduceLROnPlateau's initial best, is the string {@code
 *       "Infinity"}, which the schedulers read back as the number), {@code trainer.history} (the history as CSV)
 *       and {@code trainer.format}.</li>
 * </ul>
 *
 * <p>Format 1 files, which wrote the scheduler's state in a private notation ({@code {s:"last_epoch"=i:3,...}}),
 * still resume: that notation is translated to JSON and read the same way.
 *
 * <p>Resuming reads and checks the whole file before it changes anything; if the model, optimizer or scheduler then
 * refuses its part (different architecture, optimizer type, group sizes, shapes), the parts already loaded are put
 * back, so a failed resume leaves every object as it was.
 */
public final class TrainingCheckpoint {
  /** The value of {@code trainer.format} written now. */
  public static final String FORMAT = "jgrad-trainer-checkpoint/2";
  /** The format before the scheduler state was JSON; still read. */
  static final String FORMAT_1 = "jgrad-trainer-checkpoint/1";

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
      meta.put("trainer.scheduler", Json.compact(nonFiniteAsText(trainer.scheduler().stateDict())));
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

  /** {@code value} with every NaN and infinity replaced by its {@link Double#toString} text. */
  private static Object nonFiniteAsText(Object value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      return d.toString();
    }
    if (value instanceof Float f && !Float.isFinite(f)) {
      return f.toString();
    }
    if (value instanceof double[] a) {
      List<Object> out = new ArrayList<>();
      for (double d : a) {
        out.add(nonFiniteAsText(d));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(x -> out.add(nonFiniteAsText(x)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, nonFiniteAsText(v)));
      return out;
    }
    return value;
  }

  /** Everything a checkpoint holds, read and checked, before any of it is applied. */
  private record Parsed(Map<String, Tensor> model, OptimizerState optimizer, Map<String, Object> scheduler,
      byte[] generator, Restored restored) {}

  /**
   * Loads model, optimizer, scheduler and generator state from {@code file} into the trainer's objects, all or
   * nothing.
   *
   * @throws IOException when the file cannot be read or is not a valid safetensors file
   * @throws IllegalArgumentException naming the file when it is not a trainer checkpoint, when its parts do not
   *     fit the trainer (keys, shapes, optimizer type or groups, scheduler), or when it has scheduler state but the
   *     trainer has no scheduler (or the reverse)
   */
  static Restored load(Path file, Trainer trainer) throws IOException {
    Checkpoint ckpt = Checkpoints.load(file);
    String where = "Trainer.resume: " + file + ": ";
    Parsed p;
    try {
      p = parse(ckpt, trainer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
    apply(p, trainer, where);
    return p.restored();
  }

  private static Parsed parse(Checkpoint ckpt, Trainer trainer) {
    Map<String, String> meta = ckpt.metadata();
    String format = meta.get("trainer.format");
    if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
      throw new IllegalArgumentException("is not a trainer checkpoint (trainer.format is "
          + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "'); to load only weights "
          + "use Checkpoints.load(path, model)");
    }
    boolean hasScheduler = meta.containsKey("trainer.scheduler");
    checkArgument(hasScheduler == (trainer.scheduler() != null), hasScheduler
        ? "holds scheduler state but this trainer has no scheduler"
        : "holds no scheduler state but this trainer has a scheduler");
    LinkedHashMap<String, Tensor> model = new LinkedHashMap<>();
    ckpt.tensors().forEach((k, v) -> {
      if (k.startsWith(MODEL)) {
        model.put(k.substring(MODEL.length()), v);
      }
    });
    OptimizerState optimizer = OptimizerState.fromTensors(ckpt.tensors(), meta, OPTIMIZER);
    Map<String, Object> scheduler = null;
    if (hasScheduler) {
      String text = meta.get("trainer.scheduler");
      scheduler = schedulerState(FORMAT_1.equals(format) ? LegacySchedulerState.toJson(text) : text);
    }
    byte[] generator = generatorState(meta.get("trainer.generator"), "trainer.generator", true);
    byte[] loader = generatorState(meta.get("trainer.loader"), "trainer.loader", false);
    int epoch;
    long step;
    try {
      epoch = Integer.parseInt(required(meta, "trainer.epoch"));
      step = Long.parseLong(required(meta, "trainer.step"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("trainer.epoch and trainer.step must be integers, got '"
          + meta.get("trainer.epoch") + "' and '" + meta.get("trainer.step") + "'", e);
    }
    History history = History.fromCsv(required(meta, "trainer.history"));
    return new Parsed(model, optimizer, scheduler, generator, new Restored(epoch, step, history, loader));
  }

  private static String required(Map<String, String> meta, String key) {
    String v = meta.get(key);
    checkArgument(v != null, "the metadata has no '%s'", key);
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schedulerState(String json) {
    Object v;
    try {
      v = Json.parseValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("trainer.scheduler is not valid JSON: " + e.getOriginalMessage(), e);
    }
    checkArgument(v instanceof Map<?, ?>, "trainer.scheduler must be a JSON object");
    return (Map<String, Object>) v;
  }

  /** Decodes and checks a generator state (by loading it into a throw-away generator). */
  private static byte[] generatorState(String base64, String key, boolean required) {
    if (base64 == null) {
      checkArgument(!required, "the metadata has no '%s'", key);
      return null;
    }
    try {
      byte[] state = Base64.getDecoder().decode(base64);
      new Generator(0).setState(state);
      return state;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " is not a generator state: " + e.getMessage(), e);
    }
  }

  /** Applies the parsed parts; when one refuses, puts back the ones already applied. */
  private static void apply(Parsed p, Trainer trainer, String where) {
    LinkedHashMap<String, Tensor> modelBefore = new LinkedHashMap<>();
    trainer.model().stateDict().forEach((k, v) -> modelBefore.put(k, v.detach().clone()));
    OptimizerState optimizerBefore = trainer.optimizer().stateDict();
    LRScheduler scheduler = trainer.scheduler();
    Map<String, Object> schedulerBefore = scheduler == null ? null : scheduler.stateDict();
    int applied = 0;
    try {
      trainer.model().loadStateDict(p.model(), true);
      applied = 1;
      trainer.optimizer().loadStateDict(p.optimizer());
      applied = 2;
      if (scheduler != null) {
        scheduler.loadStateDict(p.scheduler());
      }
      applied = 3;
    } catch (RuntimeException e) {
      if (applied >= 2) {
        trainer.optimizer().loadStateDict(optimizerBefore);
      }
      if (applied >= 1) {
        trainer.model().loadStateDict(modelBefore, true);
      }
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
    Generator.global().setState(p.generator());
  }
}
