package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * PyTorch's {@code nn.HuberLoss}: 0.5·d² where |d| &lt; δ, else δ·(|d| − 0.5·δ) (d = x − y).
 *
 * <pre>{@code
 * new HuberLoss(Reduction.NONE, 2.0).forward(Tensor.of(0f, 0.5f, 2f, -3f), Tensor.zeros(4));
 * // tensor([0.0000, 0.1250, 2.0000, 4.0000])
 * }</pre>
 */
public class HuberLoss extends Loss {
  private final double delta;

  public HuberLoss() {
    this(Reduction.MEAN, 1.0);
  }

  public HuberLoss(double delta) {
    this(Reduction.MEAN, delta);
  }

  /** @throws IllegalArgumentException if {@code delta <= 0} */
  public HuberLoss(Reduction reduction, double delta) {
    super(reduction);
    checkArgument(delta > 0,
        "HuberLoss: huber_loss does not support non-positive values for delta, got delta=%s", delta);
    this.delta = delta;
  }

  public double delta() {
    return delta;
  }

  /** @throws IllegalArgumentException if the shapes differ or the target is not floating point */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.huber(input, target, reduction(), delta);
  }
}
