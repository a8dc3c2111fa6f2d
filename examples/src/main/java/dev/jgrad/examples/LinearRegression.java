package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.optim.CosineAnnealingLR;
import dev.jgrad.optim.SGD;
import dev.jgrad.train.History;
import dev.jgrad.train.SchedulerStep;
import dev.jgrad.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Fuel economy (auto-mpg) by linear regression trained with mini-batch SGD, checked against the closed-form
 * least-squares solution from commons-math3 ({@link OLSMultipleLinearRegression}, a QR decomposition): gradient
 * descent on the mean squared error must arrive at the same weights.
 *
 * <p>Missing values: the 8 cars without an mpg are dropped (nothing to learn from), the 6 without a horsepower get
 * the training split's median; the numeric columns are standardised with the training split's mean and std, and
 * {@code origin} is one-hot encoded. One one-hot column ({@code origin=USA}) is left out: with a bias, the three
 * origin columns always sum to one, so the least-squares problem would have no unique solution (US cars become the
 * baseline the other two origins are measured against).
 *
 * <p>SGD with momentum 0.9 and a cosine-annealed learning rate: the noise of mini-batches shrinks with the step
 * size, so the last iterate settles on the least-squares optimum instead of hovering around it.
 */
public final class LinearRegression {
  /** Epochs of the full run. */
  public static final int EPOCHS = 150;
  private static final long SEED = 0;
  private static final String BASELINE = "origin=USA";

  private LinearRegression() {}

  /**
   * What the run measured.
   *
   * @param features the names of the weights, in order
   * @param sgdWeights the trained weights
   * @param sgdBias the trained bias
   * @param olsWeights the least-squares weights
   * @param olsBias the least-squares intercept
   * @param maxWeightDifference the largest {@code |sgd - ols|} over weights and bias
   * @param sgdTrainMse training MSE of the SGD model (mpg²)
   * @param olsTrainMse training MSE of the least-squares model, the lowest any linear model can reach
   * @param sgdTestRmse test RMSE of the SGD model (mpg)
   * @param olsTestRmse test RMSE of the least-squares model (mpg)
   * @param history one row per epoch
   */
  public record Result(List<String> features, double[] sgdWeights, double sgdBias, double[] olsWeights,
      double olsBias, double maxWeightDifference, double sgdTrainMse, double olsTrainMse, double sgdTestRmse,
      double olsTestRmse, History history) {}

  public static void main(String[] args) {
    run(System.out, EPOCHS);
  }

  /** The full run. */
  public static Result run(PrintStream out) {
    return run(out, EPOCHS);
  }

  /** Trains for {@code epochs} epochs from seed 0 and compares with least squares, printing to {@code out}. */
  public static Result run(PrintStream out, int epochs) {
    long start = System.nanoTime();
    BundledDataset mpg = Datasets.autoMpg();
    int rows = mpg.table().rowCount();
    int noTarget = mpg.table().column("mpg").countMissing();
    int noHorsepower = mpg.table().column("horsepower").countMissing();
    out.println(Format.f("auto-mpg: %d cars; %d without mpg dropped, %d without horsepower filled with the training "
        + "median (%s hp);", rows, noTarget, noHorsepower, Format.g4((Double) mpg.preprocessor()
        .fillValue("horsepower"))));
    out.println(Format.f("          %d for training, %d for testing; numeric columns standardised, origin one-hot "
        + "(%s is the baseline).", mpg.train().size(), mpg.test().size(), BASELINE));

    List<String> names = new ArrayList<>(mpg.featureNames());
    int baseline = names.indexOf(BASELINE);
    names.remove(baseline);
    TensorDataset train = withoutColumn(mpg.train(), baseline);
    TensorDataset test = withoutColumn(mpg.test(), baseline);

    // The closed form: minimise ||y - b - Xw||² exactly (QR decomposition of the design matrix).
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(column(train.targets()), rows(train.features()));
    double[] beta = ols.estimateRegressionParameters(); // intercept first
    double olsBias = beta[0];
    double[] olsWeights = java.util.Arrays.copyOfRange(beta, 1, beta.length);

    Tensor.manualSeed(SEED);
    Linear model = new Linear(names.size(), 1);
    SGD sgd = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.03).withMomentum(0.9));
    out.println(Format.f("Model: %s; loss: MSE; optimizer: SGD lr 0.03, momentum 0.9, cosine-annealed over %d "
        + "epochs; batches of 32.", model, epochs));
    DataLoader loader = DataLoader.builder(train).batchSize(32).shuffle(true).seed(SEED).build();
    Trainer trainer = Trainer.builder().model(model).loss(new MSELoss()).optimizer(sgd)
        .scheduler(new CosineAnnealingLR(sgd, epochs), SchedulerStep.PER_EPOCH)
        .callbacks(new EpochLog(out, false)).seed(SEED).build();
    History history = trainer.fit(loader, epochs);

    float[] w = model.weight().detach().toArray();
    double bias = model.bias().detach().item();
    double maxDiff = Math.abs(bias - olsBias);
    List<List<String>> table = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(w[i] - olsWeights[i]));
      table.add(List.of(names.get(i), Format.f("%.4f", w[i]), Format.f("%.4f", olsWeights[i]),
          Format.f("%.4f", w[i] - olsWeights[i])));
    }
    table.add(List.of("(bias)", Format.f("%.4f", bias), Format.f("%.4f", olsBias), Format.f("%.4f", bias - olsBias)));
    out.println();
    out.println("Weights (mpg per standard deviation, or per origin vs USA):");
    out.print(Format.table(List.of("feature", "SGD", "least squares", "difference"), table));

    double[] wd = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      wd[i] = w[i];
    }
    double sgdTrainMse = mse(train, wd, bias);
    double olsTrainMse = mse(train, olsWeights, olsBias);
    double sgdTestRmse = Math.sqrt(mse(test, wd, bias));
    double olsTestRmse = Math.sqrt(mse(test, olsWeights, olsBias));
    out.println(Format.f("Largest weight difference: %.4f.  Training MSE: SGD %.4f, least squares %.4f (the "
        + "minimum).", maxDiff, sgdTrainMse, olsTrainMse));
    out.println(Format.f("Test RMSE: SGD %.3f mpg, least squares %.3f mpg  [%s]", sgdTestRmse, olsTestRmse,
        Format.seconds(start)));
    return new Result(List.copyOf(names), wd, bias, olsWeights, olsBias, maxDiff, sgdTrainMse, olsTrainMse,
        sgdTestRmse, olsTestRmse, history);
  }

  /** The dataset without feature column {@code drop}. */
  static TensorDataset withoutColumn(TensorDataset data, int drop) {
    int n = data.features().size(1);
    long[] keep = new long[n - 1];
    for (int i = 0, k = 0; i < n; i++) {
      if (i != drop) {
        keep[k++] = i;
      }
    }
    try (var g = Autograd.noGrad()) {
      return new TensorDataset(data.features().indexSelect(1, Tensor.ofLongs(keep)).contiguous(), data.targets());
    }
  }

  /** Mean squared error of {@code b + Xw}, in double precision. */
  private static double mse(TensorDataset data, double[] w, double b) {
    double[][] x = rows(data.features());
    double[] y = column(data.targets());
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double p = b;
      for (int j = 0; j < w.length; j++) {
        p += w[j] * x[i][j];
      }
      sum += (p - y[i]) * (p - y[i]);
    }
    return sum / y.length;
  }

  private static double[][] rows(Tensor features) {
    int n = features.size(0);
    int d = features.size(1);
    float[] flat = features.contiguous().toArray();
    double[][] out = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i][j] = flat[i * d + j];
      }
    }
    return out;
  }

  private static double[] column(Tensor targets) {
    float[] flat = targets.contiguous().toArray();
    double[] out = new double[flat.length];
    for (int i = 0; i < flat.length; i++) {
      out[i] = flat[i];
    }
    return out;
  }
}
