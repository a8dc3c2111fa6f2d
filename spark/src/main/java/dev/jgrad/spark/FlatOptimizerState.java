package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.train.parallel.ShardGradients;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer's state dict in a form Java serialization ships: the named tensors of {@link
 * OptimizerState#toTensors} as arrays and shapes, and its metadata strings.
 */
record FlatOptimizerState(LinkedHashMap<String, float[]> values, LinkedHashMap<String, int[]> shapes,
    LinkedHashMap<String, String> metadata) implements Serializable {

  static FlatOptimizerState of(OptimizerState state) {
    LinkedHashMap<String, float[]> values = new LinkedHashMap<>();
    LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
    state.toTensors("").forEach((k, t) -> {
      values.put(k, t.toArray());
      shapes.put(k, t.shape());
    });
    return new FlatOptimizerState(values, shapes, state.toMetadata(""));
  }

  OptimizerState toState() {
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    values.forEach((k, v) -> tensors.put(k, Tensor.of(v, shapes.get(k))));
    return OptimizerState.fromTensors(tensors, metadata, "");
  }

  /**
   * The element-wise mean of states with the same tensors, summed in list order ({@code ((s0 + s1) + s2) / 3});
   * the metadata (hyperparameters, equal in all) is the first state's.
   *
   * @throws IllegalArgumentException when the states hold different tensors
   */
  static FlatOptimizerState mean(List<FlatOptimizerState> states) {
    FlatOptimizerState first = states.get(0);
    LinkedHashMap<String, float[]> values = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : first.values.entrySet()) {
      List<float[]> parts = new ArrayList<>();
      for (FlatOptimizerState s : states) {
        float[] v = s.values.get(e.getKey());
        checkArgument(v != null && s.values.size() == first.values.size(), "Sync.localSgd: the workers' optimizer "
            + "states hold different tensors (%s and %s)", first.values.keySet(), s.values.keySet());
        parts.add(v);
      }
      values.put(e.getKey(), meanOf(parts));
    }
    return new FlatOptimizerState(values, first.shapes, first.metadata);
  }

  /** The element-wise mean of equally long vectors, summed in list order by the data-parallel reduction. */
  static float[] meanOf(List<float[]> vectors) {
    float[] sum = new float[vectors.get(0).length];
    ShardGradients.sumRange(vectors, sum, 0, sum.length);
    float n = vectors.size();
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= n;
    }
    return sum;
  }
}
