package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Normalises over the last dims, PyTorch's {@code nn.LayerNorm}: y = (x − mean) / √(var + eps) · weight + bias, with
 * the mean and the biased variance taken over {@code normalizedShape}. The same computation runs in training and
 * evaluation. Weight starts at ones and bias at zeros, both of shape {@code normalizedShape}.
 *
 * <pre>{@code
 * LayerNorm norm = new LayerNorm(4);
 * norm.forward(Tensor.randn(3, 4));   // each row: mean 0, variance ≈ 1
 * }</pre>
 */
public class LayerNorm extends Module {
  private final int[] normalizedShape;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  /** Affine layer norm over {@code normalizedShape} with eps 1e-5. */
  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, 1e-5, true);
  }

  /**
   * A size of 0 is allowed, as in PyTorch (the layer then normalises empty inputs to empty outputs).
   *
   * @throws IllegalArgumentException if the shape is empty or has a negative size
   */
  public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
    // PyTorch finds an empty shape only in forward; refusing it here reports it where the layer is built.
    checkArgument(normalizedShape.length > 0, "LayerNorm: Expected normalized_shape to be at least 1-dimensional, "
        + "i.e., containing at least one element, but got normalized_shape = []");
    for (int size : normalizedShape) {
      checkArgument(size >= 0, "LayerNorm: Trying to create tensor with negative dimension %s: %s", size,
          Arrays.toString(normalizedShape));
    }
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    this.weight = registerParameter("weight", elementwiseAffine ? new Parameter(Tensor.ones(normalizedShape)) : null);
    this.bias = registerParameter("bias", elementwiseAffine ? new Parameter(Tensor.zeros(normalizedShape)) : null);
  }

  /** @throws IllegalArgumentException if the input's trailing dims are not {@code normalizedShape} */
  @Override
  public Tensor forward(Tensor input) {
    return Functional.layerNorm(input, normalizedShape, tensor("weight"), tensor("bias"), eps);
  }

  /** The scale, or null without elementwise affine. */
  public Parameter weight() {
    return weight;
  }

  /** The shift, or null without elementwise affine. */
  public Parameter bias() {
    return bias;
  }

  public int[] normalizedShape() {
    return normalizedShape.clone();
  }

  public double eps() {
    return eps;
  }

  @Override
  protected String extraRepr() {
    return PyRepr.tuple(normalizedShape) + ", eps=" + PyRepr.of(eps) + ", elementwise_affine="
        + PyRepr.bool(weight != null);
  }

  @Override
  protected Module blankCopy() {
    return new LayerNorm(normalizedShape, eps, weight != null);
  }
}
