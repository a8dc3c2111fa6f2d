package dev.jgrad.spark;

/** How a batch's targets are shaped, as a {@code DataLoader} over a {@code TensorDataset} would give them. */
public enum Targets {
  /** One class index per row: an int64 tensor {@code [B]} (cross-entropy, NLL). */
  CLASS_INDICES,
  /** {@code w} values per row: a float tensor {@code [B, w]} (MSE, L1, BCE). */
  VALUES
}
