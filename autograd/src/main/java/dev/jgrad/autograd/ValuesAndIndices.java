package dev.jgrad.autograd;

/** The result of {@code max(dim)}/{@code min(dim)}: the values and their int64 indices along the dim. */
public record ValuesAndIndices(Tensor values, Tensor indices) {}
