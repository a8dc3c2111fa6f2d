package dev.jgrad.autograd.kernels;

/** How an elementwise op's result dtype follows from its inputs' (PyTorch's promotion over jgrad's three dtypes). */
public enum ResultType {
  /** Binary: float if any input is float, otherwise int64. Unary: the input's dtype, with bool becoming int64. */
  PROMOTE,
  /** Always float, like true division. */
  FLOAT,
  /** Always bool: comparisons and predicates, which have no gradient. */
  BOOL
}
