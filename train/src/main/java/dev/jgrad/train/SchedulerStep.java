package dev.jgrad.train;

/**
 * When the {@link Trainer} steps its learning-rate scheduler.
 *
 * <p>With gradient accumulation a "step" is an optimizer step (once every k micro-batches), never a micro-batch:
 * PyTorch's schedulers count optimizer steps (docs/SEMANTICS.md, "optim").
 */
public enum SchedulerStep {
  /** After every {@code optimizer.step()}: warm-up, OneCycleLR, per-iteration cosine schedules. */
  PER_STEP,
  /** Once at the end of every epoch, after validation: StepLR, ExponentialLR, ReduceLROnPlateau. */
  PER_EPOCH
}
