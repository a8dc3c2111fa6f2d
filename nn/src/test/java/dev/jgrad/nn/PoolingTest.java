package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class PoolingTest {
  private static final int[] ONE = {1, 1};

  @Test
  void ceilOverhangFollowsTorchsOutputShapeRule() {
    int[] k = {2, 2};
    // 5 wide, kernel 2, stride 2: floor gives 2 windows, ceil 3, reading one column past the input.
    assertArrayEquals(new int[] {1, 1}, Pooling.ceilOverhang(Tensor.zeros(1, 1, 5, 5), k, k, new int[] {0, 0}, ONE));
    // Evenly divisible: ceil mode changes nothing.
    assertNull(Pooling.ceilOverhang(Tensor.zeros(1, 1, 4, 4), k, k, new int[] {0, 0}, ONE));
    // A last window that would start in the right padding is dropped: 4 wide, padding 1 -> 3 windows, not 4.
    assertNull(Pooling.ceilOverhang(Tensor.zeros(1, 1, 4, 4), k, k, new int[] {1, 1}, ONE));
    // Only the width overhangs.
    assertArrayEquals(new int[] {0, 1}, Pooling.ceilOverhang(Tensor.zeros(2, 4, 5), k, k, new int[] {0, 0}, ONE));
    assertNull(Pooling.ceilOverhang(Tensor.zeros(4, 5), k, k, new int[] {0, 0}, ONE));
  }
}
