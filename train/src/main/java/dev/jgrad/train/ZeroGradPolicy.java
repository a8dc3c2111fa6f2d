package dev.jgrad.train;

/**
 * Whether the {@link Trainer} clears gradients after each optimizer step.
 *
 * <p>{@link #EVERY_STEP} is the only correct choice for training. {@link #NEVER} exists to demonstrate the classic
 * bug of a hand-written loop that forgets {@code optimizer.zero_grad()}: {@code .grad} then holds the sum of every
 * gradient since the start, so step t applies {@code g_1 + ... + g_t}, which acts like momentum 1 with no decay and
 * makes the loss oscillate or diverge (docs/SEMANTICS.md, "Trainer"; see {@link AccumulationDemo}).
 */
public enum ZeroGradPolicy {
  /** {@code optimizer.zeroGrad()} after every optimizer step (and once before training starts). */
  EVERY_STEP,
  /** Never clear gradients: the deliberate pitfall, for demonstrations only. */
  NEVER
}
