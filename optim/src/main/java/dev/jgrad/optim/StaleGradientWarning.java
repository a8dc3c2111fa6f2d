package dev.jgrad.optim;

/**
 * What the stale-gradient check reports when {@link Optimizer#step()} applies a gradient accumulated over more
 * backward passes than expected (usually a forgotten {@code zeroGrad()}); see {@link
 * Optimizer#enableStaleGradientCheck(int)}.
 *
 * @param optimizer the optimizer's class name, e.g. {@code "SGD"}
 * @param paramIndex the parameter's index across all groups
 * @param paramName its name from {@link Optimizer#setParameterNames}, or {@code "param <index>"}
 * @param backwardPasses backward passes that reached the parameter since the last {@code zeroGrad()}
 * @param accumulationSteps the configured maximum
 * @param step the optimizer step (1-based) that applied the gradient
 * @param staleParams how many parameters were over the limit at that step (this one included)
 */
public record StaleGradientWarning(String optimizer, int paramIndex, String paramName, int backwardPasses,
    int accumulationSteps, long step, int staleParams) {

  /** The text that is logged. */
  public String message() {
    return optimizer + ".step: the gradient of parameter '" + paramName + "' (index " + paramIndex
        + ") was accumulated over " + backwardPasses + " backward passes since the last zeroGrad(), but at most "
        + accumulationSteps + " " + (accumulationSteps == 1 ? "is" : "are") + " expected (step " + step + ", "
        + staleParams + (staleParams == 1 ? " parameter" : " parameters") + " affected). Gradients add up across "
        + "backward() calls: call optimizer.zeroGrad() after every step(), or every " + accumulationSteps
        + " backward passes when accumulating gradients on purpose. This warning is shown once.";
  }
}
