package dev.jgrad.autograd;

/**
 * Element type of a tensor, named as in PyTorch. float32 is the default; int64 and bool tensors hold their
 * values as exact floats (integers below 2^24, booleans as 0 and 1).
 *
 * <p>Example: {@code DType.INT64.torchName()} returns {@code "torch.int64"}.
 */
public enum DType {
  /** 32-bit IEEE float, PyTorch's default dtype ({@code torch.float32}). */
  FLOAT32("torch.float32"),
  /** 64-bit signed integer ({@code torch.int64}, a.k.a. {@code torch.long}). */
  INT64("torch.int64"),
  /** Boolean ({@code torch.bool}). */
  BOOL("torch.bool");

  private final String torchName;

  DType(String torchName) {
    this.torchName = torchName;
  }

  /**
   * The name PyTorch prints for this dtype, e.g. in {@code tensor([], dtype=torch.int64)}.
   *
   * @return {@code "torch.float32"}, {@code "torch.int64"} or {@code "torch.bool"}
   */
  public String torchName() {
    return torchName;
  }

  /**
   * True for FLOAT32, the only dtype here that can require gradients and that prints with a decimal point.
   *
   * @return {@code this == FLOAT32}
   */
  public boolean isFloatingPoint() {
    return this == FLOAT32;
  }
}
