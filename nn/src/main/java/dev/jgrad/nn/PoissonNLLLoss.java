package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Negative log-likelihood of a Poisson target, PyTorch's {@code nn.PoissonNLLLoss}: e^x − y·x when the input is the
 * log-rate ({@code logInput}, the default), else x − y·log(x + ε); {@code full} adds the Stirling approximation
 * y·log y − y + ½·log(2πy) of log(y!) where y > 1.
 *
 * <pre>{@code
 * new PoissonNLLLoss().forward(logRates, counts);
 * }</pre>
 */
public class PoissonNLLLoss extends Loss {
  private final boolean logInput;
  private final boolean full;
  private final double eps;

  public PoissonNLLLoss() {
    this(true, false, 1e-8, Reduction.MEAN);
  }

  /** PyTorch's positional order: log_input, full, eps (size_average and reduce are deprecated), reduction. */
  public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
    super(reduction);
    this.logInput = logInput;
    this.full = full;
    this.eps = eps;
  }

  public boolean logInput() {
    return logInput;
  }

  public boolean full() {
    return full;
  }

  public double eps() {
    return eps;
  }

  /** @throws IllegalArgumentException for shapes that do not broadcast, or BATCHMEAN */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return ProbabilisticLosses.poissonNll(input, target, logInput, full, eps, reduction());
  }
}
