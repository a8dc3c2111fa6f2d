package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/** Batch normalisation, behind {@link Functional#batchNorm} and {@link BatchNorm1d}. */
final class Normalization {
  private Normalization() {}

  static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps) {
    int[] s = x.shape();
    if (s.length != 2 && s.length != 3) {
      throw new IllegalArgumentException("batchNorm: expected 2D or 3D input (got " + s.length + "D input of shape "
          + Arrays.toString(s) + ")");
    }
    int channels = s[1];
    checkSize("running_mean", runningMean, channels, s);
    checkSize("running_var", runningVar, channels, s);
    checkSize("weight", weight, channels, s);
    checkSize("bias", bias, channels, s);
    int[] dims = s.length == 2 ? new int[] {0} : new int[] {0, 2};
    int[] perChannel = s.length == 2 ? new int[] {1, channels} : new int[] {1, channels, 1};
    Tensor y;
    if (training) {
      int count = x.numel() / channels;
      if (count == 1) {
        throw new IllegalArgumentException("batchNorm: Expected more than 1 value per channel when training, got input "
            + "size " + Arrays.toString(s));
      }
      Tensor mean = x.mean(dims, true);
      Tensor centred = x.sub(mean);
      Tensor var = centred.mul(centred).mean(dims, true); // biased: normalisation uses the batch's own variance
      y = centred.div(var.add(eps).sqrt());
      if (runningMean != null && runningVar != null) {
        updateRunningStats(x, runningMean, runningVar, momentum, count);
      }
    } else {
      if (runningMean == null || runningVar == null) {
        throw new IllegalArgumentException(
            "batchNorm: running_mean and running_var must be given when not training (input " + Arrays.toString(s)
                + ")");
      }
      y = x.sub(runningMean.view(perChannel)).div(runningVar.view(perChannel).add(eps).sqrt());
    }
    if (weight != null) {
      y = y.mul(weight.view(perChannel));
    }
    if (bias != null) {
      y = y.add(bias.view(perChannel));
    }
    return y;
  }

  private static void checkSize(String what, Tensor t, int channels, int[] inputShape) {
    if (t != null && t.numel() != channels) {
      throw new IllegalArgumentException("batchNorm: " + what + " should contain " + channels + " elements not "
          + t.numel() + " (input shape " + Arrays.toString(inputShape) + ", channels = dim 1)");
    }
  }

  /**
   * ATen's batch_norm_cpu_update_stats: per channel the mean and the sum of squared deviations are accumulated in
   * double and stored as float, then running = momentum·stat + (1 − momentum)·running in double, with the unbiased
   * variance var_sum / (n − 1).
   */
  private static void updateRunningStats(Tensor x, Tensor runningMean, Tensor runningVar, double momentum, int n) {
    int[] s = x.shape();
    int channels = s[1];
    int inner = s.length == 3 ? s[2] : 1;
    float[] v = x.detach().toArray();
    float[] rm = runningMean.toArray();
    float[] rv = runningVar.toArray();
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int b = 0; b < s[0]; b++) {
        for (int l = 0; l < inner; l++) {
          sum += v[(b * channels + c) * inner + l];
        }
      }
      double mean = sum / n;
      double varSum = 0;
      for (int b = 0; b < s[0]; b++) {
        for (int l = 0; l < inner; l++) {
          double d = v[(b * channels + c) * inner + l] - mean;
          varSum += d * d;
        }
      }
      float meanF = (float) mean;
      float varSumF = (float) varSum;
      rm[c] = (float) (momentum * meanF + (1 - momentum) * rm[c]);
      rv[c] = (float) (momentum * ((double) varSumF / (n - 1)) + (1 - momentum) * rv[c]);
    }
    try (Autograd.Scope g = Autograd.noGrad()) {
      runningMean.copy_(Tensor.of(rm, runningMean.shape()));
      runningVar.copy_(Tensor.of(rv, runningVar.shape()));
    }
  }
}
