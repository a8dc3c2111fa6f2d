package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link SparkTrainer} checkpoint: one safetensors file {@code step-<n>.safetensors} per saved step, written
 * atomically by nn's {@link Checkpoints} (a crash mid-write leaves the previous files intact), in the layout of the
 * Trainer's checkpoints: tensors {@code model.<name>} (the state dict) and {@code optimizer.state.<i>.<name>},
 * metadata {@code optimizer.param_groups.*}, and {@code spark.*}: the epoch in progress, the next batch in it, the
 * global step, the epoch order's generator state at the epoch's start, the global generator, the loss so far and
 * the settings a resume must share (workers, global batch size, sync).
 */
final class SparkCheckpoint {
  static final String FORMAT = "jgrad-spark-checkpoint/1";
  private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.safetensors");
  private static final String MODEL = "model.";
  private static final String OPTIMIZER = "optimizer.";

  private SparkCheckpoint() {}

  /**
   * Where a run stands between jobs.
   *
   * @param epoch the epoch in progress (1-based)
   * @param nextBatch the first batch of that epoch not yet trained
   * @param globalStep the global batches trained in all
   * @param orderState the epoch order's generator state before the epoch was drawn
   * @param lossSum the epoch's summed per-row loss so far
   * @param lossRows the rows behind {@code lossSum}
   * @param epochLosses the mean loss of each completed epoch
   * @param settings workers, global batch size and sync, which a resume must match
   */
  record Progress(int epoch, int nextBatch, long globalStep, byte[] orderState, double lossSum, long lossRows,
      List<Double> epochLosses, String settings) {}

  static void save(CheckpointFolder folder, Module model, Optimizer optimizer, Progress p) throws IOException {
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    model.stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
    OptimizerState opt = optimizer.stateDict();
    tensors.putAll(opt.toTensors(OPTIMIZER));
    LinkedHashMap<String, String> meta = new LinkedHashMap<>(opt.toMetadata(OPTIMIZER));
    meta.put("spark.format", FORMAT);
    meta.put("spark.epoch", Integer.toString(p.epoch()));
    meta.put("spark.next_batch", Integer.toString(p.nextBatch()));
    meta.put("spark.step", Long.toString(p.globalStep()));
    meta.put("spark.order", Base64.getEncoder().encodeToString(p.orderState()));
    meta.put("spark.generator", Base64.getEncoder().encodeToString(Generator.global().getState()));
    meta.put("spark.loss_sum", Double.toString(p.lossSum()));
    meta.put("spark.loss_rows", Long.toString(p.lossRows()));
    meta.put("spark.epoch_losses", String.join(",", p.epochLosses().stream().map(d -> Double.toString(d)).toList()));
    meta.put("spark.settings", p.settings());
    folder.write("step-" + p.globalStep() + ".safetensors", file -> Checkpoints.save(file, tensors, meta));
  }

  private static String required(Map<String, String> meta, String key, String where) {
    String v = meta.get(key);
    checkArgument(v != null, "%sthe metadata has no '%s'", where, key);
    return v;
  }

  /** The name of the checkpoint of the highest step in {@code folder}, if any. */
  static Optional<String> latest(CheckpointFolder folder) {
    List<String> names;
    try {
      names = folder.names();
    } catch (IOException e) {
      throw new UncheckedIOException("SparkTrainer: cannot list the checkpoint folder " + folder, e);
    }
    String best = null;
    long bestStep = -1;
    for (String name : names) {
      Matcher m = NAME.matcher(name);
      if (m.matches() && Long.parseLong(m.group(1)) > bestStep) {
        bestStep = Long.parseLong(m.group(1));
        best = name;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Reads {@code name} in {@code folder} and, once all of it is read and checked, loads model, optimizer and global generator.
   *
   * @throws IllegalArgumentException naming the file when it is not a Spark trainer checkpoint, was written with
   *     other settings, or does not fit the model or optimizer (which are then left as they were)
   */
  static Progress load(CheckpointFolder folder, String name, Module model, Optimizer optimizer, String settings)
      throws IOException {
    Checkpoint ckpt = folder.read(name, Checkpoints::load);
    Map<String, String> meta = ckpt.metadata();
    String where = "SparkTrainer: resuming from " + folder + "/" + name + ": ";
    checkArgument(FORMAT.equals(meta.get("spark.format")), "%sspark.format is %s, expected '%s'", where,
        meta.get("spark.format"), FORMAT);
    checkArgument(settings.equals(meta.get("spark.settings")), "%sthe checkpoint was written with %s, this trainer "
        + "has %s; resume with the same settings or use another checkpoint folder", where, meta.get("spark.settings"),
        settings);
    LinkedHashMap<String, Tensor> weights = new LinkedHashMap<>();
    ckpt.tensors().forEach((k, v) -> {
      if (k.startsWith(MODEL)) {
        weights.put(k.substring(MODEL.length()), v);
      }
    });
    OptimizerState opt = OptimizerState.fromTensors(ckpt.tensors(), meta, OPTIMIZER);
    byte[] generator;
    Progress p;
    try {
      generator = Base64.getDecoder().decode(required(meta, "spark.generator", where));
      List<Double> losses = new ArrayList<>();
      String text = required(meta, "spark.epoch_losses", where);
      if (!text.isEmpty()) {
        for (String s : text.split(",")) {
          losses.add(Double.parseDouble(s));
        }
      }
      p = new Progress(Integer.parseInt(required(meta, "spark.epoch", where)),
          Integer.parseInt(required(meta, "spark.next_batch", where)),
          Long.parseLong(required(meta, "spark.step", where)),
          Base64.getDecoder().decode(required(meta, "spark.order", where)),
          Double.parseDouble(required(meta, "spark.loss_sum", where)),
          Long.parseLong(required(meta, "spark.loss_rows", where)), losses, settings);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + "a spark.* number cannot be read: " + e.getMessage(), e);
    }
    LinkedHashMap<String, Tensor> before = new LinkedHashMap<>();
    model.stateDict().forEach((k, v) -> before.put(k, v.detach().clone()));
    try {
      model.loadStateDict(weights, true);
      optimizer.loadStateDict(opt);
    } catch (RuntimeException e) {
      model.loadStateDict(before, true);
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
    Generator.global().setState(generator);
    return p;
  }
}
