package dev.jgrad.autograd;

/**
 * Element type of a tensor, named as in PyTorch. float32 is the default ({@link Tensor#setDefaultDtype} changes
 * it); float64 tensors hold doubles; int64 and bool tensors hold their values as exact floats (integers below 2^24,
 * booleans as 0 and 1).
 *
 * <p>Example: {@code DType.INT64.torchName()} returns {@code "torch.int64"}.
 */
public enum DType {
  /** 32-bit IEEE float, PyTorch's default dtype ({@code torch.float32}). */
  FLOAT32("torch.float32", "Float", 4),
  /** 64-bit IEEE float ({@code torch.float64}, a.k.a. {@code torch.double}). */
  FLOAT64("torch.float64", "Double", 8),
  /** 64-bit signed integer ({@code torch.int64}, a.k.a. {@code torch.long}). */
  INT64("torch.int64", "Long", 8),
  /** Boolean ({@code torch.bool}). */
  BOOL("torch.bool", "Bool", 1);

  private final String torchName;
  private final String scalarTypeName;
  private final int itemSize;

  DType(String torchName, String scalarTypeName, int itemSize) {
    this.torchName = torchName;
    this.scalarTypeName = scalarTypeName;
    this.itemSize = itemSize;
  }

  /**
   * The name PyTorch's error messages use for this dtype ({@code c10::ScalarType}'s): {@code "Float"},
   * {@code "Double"}, {@code "Long"}, {@code "Bool"}, as in "expected scalar type Double but found Float".
   *
   * @return the scalar type's name
   */
  public String scalarTypeName() {
    return scalarTypeName;
  }

  /**
   * Bytes per element in PyTorch ({@code Tensor.element_size()}): 4, 8, 8 and 1.
   *
   * @return the element size in bytes
   */
  public int itemSize() {
    return itemSize;
  }

  /**
   * The name PyTorch prints for this dtype, e.g. in {@code tensor([], dtype=torch.int64)}.
   *
   * @return {@code "torch.float32"}, {@code "torch.float64"}, {@code "torch.int64"} or {@code "torch.bool"}
   */
  public String torchName() {
    return torchName;
  }

  /**
   * True for FLOAT32 and FLOAT64, the dtypes that can require gradients and that print with a decimal point.
   *
   * @return {@code this == FLOAT32 || this == FLOAT64}
   */
  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }
}
