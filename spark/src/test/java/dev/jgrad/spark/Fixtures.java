package dev.jgrad.spark;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.ParameterVectors;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import dev.jgrad.train.DataParallel;
import dev.jgrad.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** A small classification problem, its model and the single-machine data-parallel run it is compared with. */
final class Fixtures {
  static final int FEATURES = 3;

  private Fixtures() {}

  /** Two noisy classes split by x0 + x1 - x2 > 0, from a fixed seed. */
  static List<Example> examples(int rows) {
    Random random = new Random(42);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      float[] x = new float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = (float) random.nextGaussian();
      }
      float label = x[0] + x[1] - x[2] + 0.3f * (float) random.nextGaussian() > 0 ? 1 : 0;
      out.add(new Example(x, new float[] {label}));
    }
    return out;
  }

  static JavaRDD<Example> rdd(JavaSparkContext jsc, List<Example> examples, int partitions) {
    return jsc.parallelize(examples, partitions);
  }

  static TensorDataset tensors(List<Example> examples) {
    float[] x = new float[examples.size() * FEATURES];
    float[] y = new float[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      System.arraycopy(examples.get(i).features(), 0, x, i * FEATURES, FEATURES);
      y[i] = examples.get(i).target()[0];
    }
    return new TensorDataset(Tensor.of(x, examples.size(), FEATURES), Tensor.of(y, examples.size()).to(DType.INT64));
  }

  /** A model with dropout, so the per-row random stream is part of what must agree. */
  static Module net() {
    return new Sequential(new Linear(FEATURES, 8), new ReLU(), new Dropout(0.25), new Linear(8, 2));
  }

  static Optimizer sgd(List<Parameter> params) {
    return new SGD(params, SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
  }

  static SparkTrainer.Builder<Module> trainer(int batchSize, int workers, long seed) {
    return SparkTrainer.<Module>builder(Fixtures::net)
        .optimizer(Fixtures::sgd)
        .loss(CrossEntropyLoss::new)
        .targets(Targets.CLASS_INDICES)
        .globalBatchSize(batchSize)
        .workers(workers)
        .seed(seed);
  }

  static float[] weights(Module model) {
    return ParameterVectors.parametersToVector(model.parameters()).toArray();
  }

  /**
   * The same training on one machine: the Trainer with {@code DataParallel.emulated(W)} over a DataLoader with the
   * same batch size and seed, the model built right after seeding the global generator.
   */
  static float[] emulated(List<Example> examples, int batchSize, int workers, long seed, int epochs) {
    Generator.global().manualSeed(seed);
    Module model = net();
    Trainer trainer = Trainer.builder().model(model).optimizer(sgd(model.parameters())).loss(new CrossEntropyLoss())
        .dataParallel(DataParallel.emulated(workers)).seed(seed).build();
    trainer.fit(DataLoader.builder(tensors(examples)).batchSize(batchSize).shuffle(true).seed(seed).build(), epochs);
    return weights(model);
  }
}
