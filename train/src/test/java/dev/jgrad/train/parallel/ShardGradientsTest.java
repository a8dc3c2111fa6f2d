package dev.jgrad.train.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardGradientsTest {
  private static final int B = 10;

  private static Module mlp(boolean dropout) {
    Tensor.manualSeed(3);
    return dropout
        ? new Sequential(new Linear(5, 16), new ReLU(), new Dropout(0.3), new Linear(16, 4))
        : new Sequential(new Linear(5, 16), new ReLU(), new Linear(16, 4));
  }

  private static Tensor features() {
    return Tensor.randn(new Generator(1), B, 5);
  }

  private static Tensor targets() {
    return Tensor.randint(new Generator(2), 0, 4, B);
  }

  /** The flat sum of the shards' gradients, reduced in replica order. */
  private static float[] reduced(Module model, int replicas) {
    List<Parameter> params = ShardGradients.trainableParameters(model);
    List<float[]> grads = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      int lo = ShardGradients.shardStart(B, replicas, i);
      int hi = ShardGradients.shardStart(B, replicas, i + 1);
      grads.add(ShardGradients.compute(model, new CrossEntropyLoss(), features().narrow(0, lo, hi - lo),
          targets().narrow(0, lo, hi - lo), lo, B, 7, 0).gradients());
    }
    params.forEach(p -> p.setGrad(null));
    ShardGradients.reduceInto(params, grads);
    return flatGrads(params);
  }

  private static float[] flatGrads(List<Parameter> params) {
    float[] out = new float[ShardGradients.flatSize(params)];
    int at = 0;
    for (Parameter p : params) {
      float[] g = p.grad().toArray();
      System.arraycopy(g, 0, out, at, g.length);
      at += g.length;
    }
    return out;
  }

  @Test
  void shardBoundsAreTheFloorOfTheReplicasShare() {
    List<Integer> bounds = new ArrayList<>();
    for (int i = 0; i <= 5; i++) {
      bounds.add(ShardGradients.shardStart(7, 5, i));
    }
    assertEquals(List.of(0, 1, 2, 4, 5, 7), bounds);
    assertEquals(0, ShardGradients.shardStart(2, 3, 1));   // a batch smaller than W leaves shard 0 empty
    assertEquals(1, ShardGradients.shardStart(2, 3, 2));
    assertThrows(IllegalArgumentException.class, () -> ShardGradients.shardStart(7, 5, 6));
  }

  @Test
  void shardGradientsAddUpToTheWholeBatchGradient() {
    Module model = mlp(false);
    float[] whole = reduced(model, 1);
    for (int w : new int[] {2, 3, 4, 7}) {
      float[] sum = reduced(model, w);
      for (int j = 0; j < whole.length; j++) {
        assertEquals(whole[j], sum[j], 1e-6 + 1e-5 * Math.abs(whole[j]), "W=" + w + " element " + j);
      }
    }
  }

  @Test
  void dropoutMasksDoNotDependOnTheReplicaCount() {
    Module model = mlp(true);
    float[] two = reduced(model, 2);
    float[] five = reduced(model, 5);
    for (int j = 0; j < two.length; j++) {
      assertEquals(two[j], five[j], 1e-6 + 1e-5 * Math.abs(two[j]), "element " + j);
    }
    assertArrayEquals(two, reduced(model, 2));
  }

  @Test
  void reductionSumsInReplicaOrderOntoAnExistingGrad() {
    Parameter p = new Parameter(Tensor.of(new float[] {0, 0}, 2));
    p.setGrad(Tensor.of(new float[] {1f, 0f}, 2));
    float big = 1e8f;
    ShardGradients.reduceInto(List.of(p), List.of(new float[] {big, 1f}, new float[] {1f, 1f},
        new float[] {-big, 1f}));
    // ((1e8 + 1) + -1e8) rounds to 0 in float, then grad 1 + 0 = 1
    assertArrayEquals(new float[] {1f, 3f}, p.grad().toArray());
  }

  @Test
  void emptyShardContributesNothing() {
    Module model = mlp(false);
    ShardGradients.Result r = ShardGradients.compute(model, new CrossEntropyLoss(), features().narrow(0, 0, 0),
        targets().narrow(0, 0, 0), 0, B, 7, 0);
    assertEquals(0, r.rows());
    assertNull(r.output());
    for (float g : r.gradients()) {
      assertEquals(0f, g);
    }
  }

  @Test
  void parametersOfMixedDtypesAreRefusedNamingShapeAndDtypes() {
    Module model = new Module() {
      private final Parameter w = registerParameter("w", new Parameter(Tensor.zeros(2, 3)));
      private final Parameter v = registerParameter("v", new Parameter(Tensor.zeros(DType.FLOAT64, 4)));

      @Override
      public Tensor forward(Tensor input) {
        return input;
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardGradients.compute(model,
        new CrossEntropyLoss(), features().narrow(0, 0, 0), targets().narrow(0, 0, 0), 0, B, 7, 0));
    assertTrue(e.getMessage().contains("sums the gradients of one dtype, but the parameters are torch.float32 and "
        + "torch.float64 (shape [4])"), e.getMessage());
  }

  @Test
  void float64ShardsSumInDoubleToTheWholeBatchsGradient() {
    Module model = mlp(false);
    model.to(DType.FLOAT64);
    List<Parameter> params = ShardGradients.trainableParameters(model);
    Tensor x = features().to(DType.FLOAT64);
    List<double[]> grads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int lo = ShardGradients.shardStart(B, 3, i);
      int hi = ShardGradients.shardStart(B, 3, i + 1);
      ShardGradients.Result r = ShardGradients.compute(model, new CrossEntropyLoss(), x.narrow(0, lo, hi - lo),
          targets().narrow(0, lo, hi - lo), lo, B, 7, 0);
      assertNull(r.gradients());
      grads.add(r.doubleGradients());
    }
    double[] sum = new double[ShardGradients.flatSize(params)];
    ShardGradients.sumRange(grads, sum, 0, sum.length);
    params.forEach(p -> p.setGrad(null));
    ShardGradients.addToGrads(params, sum);
    List<Tensor> reduced = new ArrayList<>();
    for (Parameter p : params) {
      assertEquals(DType.FLOAT64, p.grad().dtype());
      reduced.add(p.grad());
      p.setGrad(null);
    }
    new CrossEntropyLoss().forward(model.call(x), targets()).backward();
    for (int i = 0; i < params.size(); i++) {
      double[] whole = params.get(i).grad().toDoubleArray();
      double[] shards = reduced.get(i).toDoubleArray();
      for (int j = 0; j < whole.length; j++) {
        assertEquals(whole[j], shards[j], 1e-15, "parameter " + i + " element " + j);
      }
    }
  }

  @Test
  void batchNormInTrainingModeIsRefusedForAPartialShard() {
    Tensor.manualSeed(3);
    Module model = new Sequential(new Linear(5, 8), new BatchNorm1d(8), new Linear(8, 4));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ShardGradients.compute(model,
        new CrossEntropyLoss(), features().narrow(0, 0, 5), targets().narrow(0, 0, 5), 0, B, 7, 0));
    assertTrue(e.getMessage().contains("BatchNorm1d '1' is in training mode"), e.getMessage());
    assertTrue(e.getMessage().contains("eval mode") && e.getMessage().contains("replicas(1)"), e.getMessage());
    model.eval();
    ShardGradients.compute(model, new CrossEntropyLoss(), features().narrow(0, 0, 5), targets().narrow(0, 0, 5), 0,
        B, 7, 0);
  }
}
