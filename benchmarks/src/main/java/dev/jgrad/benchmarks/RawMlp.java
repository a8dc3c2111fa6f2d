package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A multi-layer perceptron written with raw {@link Tensor} ops, the way {@code nn.Sequential(Linear, ReLU, ...)}
 * computes it: {@code h = relu(h @ w.t() + b)} for every layer but the last. Weights and biases are initialised
 * like PyTorch's {@code nn.Linear}, uniform in {@code [-1/sqrt(in), 1/sqrt(in))}, from a seeded generator.
 *
 * <p>It is the library-level reference for the MLP benchmarks: the same graph as the nn module builds, without
 * the module layer, so the two can be compared.
 *
 * <pre>{@code
 * RawMlp mlp = new RawMlp(new Generator(0), 4, 16, 16, 3);
 * Tensor loss = RawMlp.crossEntropy(mlp.forward(x), oneHot);
 * }</pre>
 */
final class RawMlp {
  private final List<Tensor> weights = new ArrayList<>();
  private final List<Tensor> biases = new ArrayList<>();
  private final List<Tensor> params = new ArrayList<>();

  /**
   * @param sizes layer widths, input first, e.g. {@code 4, 16, 16, 3}
   * @throws IllegalArgumentException when fewer than two sizes are given
   */
  RawMlp(Generator generator, int... sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("RawMlp: need at least an input and an output size, got " + sizes.length);
    }
    for (int i = 0; i + 1 < sizes.length; i++) {
      double bound = 1.0 / Math.sqrt(sizes[i]);
      Tensor w = uniform(generator, bound, sizes[i + 1], sizes[i]).requiresGrad_(true);
      Tensor b = uniform(generator, bound, sizes[i + 1]).requiresGrad_(true);
      weights.add(w);
      biases.add(b);
      params.add(w);
      params.add(b);
    }
  }

  private static Tensor uniform(Generator generator, double bound, int... shape) {
    return Tensor.rand(generator, shape).mul(2 * bound).sub(bound);
  }

  /** Parameters in {@code nn.Sequential} order: weight then bias of each layer. */
  List<Tensor> parameters() {
    return Collections.unmodifiableList(params);
  }

  /** Logits of shape {@code [batch, out]} for input {@code [batch, in]}. */
  Tensor forward(Tensor x) {
    Tensor h = x;
    int last = weights.size() - 1;
    for (int i = 0; i <= last; i++) {
      h = h.matmul(weights.get(i).t()).add(biases.get(i));
      if (i < last) {
        h = h.relu();
      }
    }
    return h;
  }

  /** Mean cross-entropy of {@code logits [n, c]} against one-hot targets {@code [n, c]}. */
  static Tensor crossEntropy(Tensor logits, Tensor oneHot) {
    return logits.logSoftmax(1).mul(oneHot).sum().mul(-1.0 / logits.size(0));
  }

  /** A {@code [labels.length, classes]} one-hot float tensor. */
  static Tensor oneHot(long[] labels, int classes) {
    float[] data = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      data[i * classes + (int) labels[i]] = 1f;
    }
    return Tensor.of(data, labels.length, classes);
  }
}
