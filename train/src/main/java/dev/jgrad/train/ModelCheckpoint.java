package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves the whole training state (model, optimizer, scheduler, random generator, epoch, history) at the end of
 * epochs, so {@link Trainer#resume(Path)} can continue exactly where it left off. The file is replaced atomically,
 * so a crash while saving keeps the previous checkpoint.
 *
 * <pre>{@code
 * Path ckpt = Path.of("run/last.safetensors");
 * Trainer trainer = Trainer.builder()...callbacks(new ModelCheckpoint(ckpt)).build();
 * if (Files.exists(ckpt)) {
 *   trainer.resume(ckpt);            // continues after the saved epoch
 * }
 * trainer.fit(train, 20, test);      // an interrupted run, restarted, gives the same weights as one without a break
 * }</pre>
 *
 * <p>A {@code {epoch}} in the file name is replaced by the epoch number ({@code "ckpt-{epoch}.safetensors"}) to
 * keep one file per epoch; otherwise each save overwrites the last.
 */
public final class ModelCheckpoint implements Callback {
  private final Path file;
  private int every = 1;
  private Path lastSaved;

  /** Saves to {@code file} after every epoch. */
  public ModelCheckpoint(Path file) {
    this.file = file;
  }

  /**
   * Saves only after epochs divisible by {@code n}, and after the epoch in which training stops.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public ModelCheckpoint everyEpochs(int n) {
    checkArgument(n >= 1, "ModelCheckpoint: everyEpochs must be at least 1, got %s", n);
    this.every = n;
    return this;
  }

  /** The path written last, or null before the first save. */
  public Path lastSaved() {
    return lastSaved;
  }

  /** The path for a given epoch. */
  public Path pathFor(int epoch) {
    String name = file.getFileName().toString();
    return name.contains("{epoch}") ? file.resolveSibling(name.replace("{epoch}", Integer.toString(epoch))) : file;
  }

  /** @throws UncheckedIOException when the file cannot be written */
  @Override
  public void onEpochEnd(Trainer trainer, EpochEnd event) {
    boolean last = event.epoch() == event.epochs() || trainer.stopRequested();
    if (event.epoch() % every != 0 && !last) {
      return;
    }
    Path target = pathFor(event.epoch());
    try {
      trainer.saveCheckpoint(target);
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint: " + e.getMessage(), e); // names target and reason
    }
    lastSaved = target;
  }
}
