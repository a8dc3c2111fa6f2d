package dev.jgrad.autograd.storage;

import java.util.Arrays;

/** Shape arithmetic shared by every op: sizes, strides, broadcasting and dim normalisation. */
public final class Shapes {
  private Shapes() {}

  public static final int[] SCALAR = new int[0];

  /** The element count of an existing tensor's shape (checked like every shape, see {@link SizeLimits}). */
  public static int numel(int[] shape) {
    return SizeLimits.numel("tensor", shape);
  }

  /** The strides of every 1-D contiguous tensor; stride arrays are never written after construction. */
  private static final int[] UNIT = {1};

  public static int[] contiguousStrides(int[] shape) {
    if (shape.length <= 1) {
      return shape.length == 0 ? SCALAR : UNIT;
    }
    int[] strides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return strides;
  }

  /** Formats a shape as {@code [2, 3]}. */
  public static String str(int[] shape) {
    return Arrays.toString(shape);
  }

  /** PyTorch's {@code torch.Size([2, 3])}, used inside messages that quote PyTorch. */
  static String torchSize(int[] shape) {
    return "torch.Size(" + Arrays.toString(shape) + ")";
  }

  /** NumPy broadcasting of two shapes; the message keeps PyTorch's phrase. */
  public static int[] broadcast(int[] a, int[] b, String op) {
    if (Arrays.equals(a, b)) {
      return a;
    }
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int ai = i - (n - a.length);
      int bi = i - (n - b.length);
      int sa = ai >= 0 ? a[ai] : 1;
      int sb = bi >= 0 ? b[bi] : 1;
      if (sa == sb || sb == 1) {
        out[i] = sa;
      } else if (sa == 1) {
        out[i] = sb;
      } else {
        throw new IllegalArgumentException(
            op + ": The size of tensor a (" + sa + ") must match the size of tensor b (" + sb
                + ") at non-singleton dimension " + i + " (shapes " + str(a) + " and " + str(b) + ")");
      }
    }
    SizeLimits.numel(op, out);
    return out;
  }

  /** Wraps a possibly negative dim into [0, ndim); a 0-dim tensor accepts dims -1 and 0 like PyTorch. */
  public static int dim(int dim, int ndim, String op) {
    int range = Math.max(ndim, 1);
    if (dim < -range || dim >= range) {
      throw new IndexOutOfBoundsException(
          op + ": Dimension out of range (expected to be in range of [" + (-range) + ", " + (range - 1)
              + "], but got " + dim + ")");
    }
    return dim < 0 ? dim + range : dim;
  }

  public static boolean isContiguous(int[] shape, int[] strides) {
    int expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1) {
        if (strides[i] != expected) {
          return false;
        }
        expected *= shape[i];
      }
    }
    return true;
  }

  public static int[] withoutDim(int[] shape, int dim) {
    int[] out = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != dim) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  public static int[] insertDim(int[] shape, int dim, int size) {
    int[] out = new int[shape.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = i == dim ? size : shape[j++];
    }
    return out;
  }

  /** Resolves a shape that may hold one -1 against a number of elements, as {@code view}/{@code reshape} do. */
  public static int[] infer(int[] shape, int numel, String op) {
    int inferred = -1;
    long known = 1;   // in long, capped above the largest count, so a product that overflows int cannot match
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1) {
        if (inferred >= 0) {
          throw new IllegalArgumentException(op + ": only one dimension can be inferred, got shape " + str(shape));
        }
        inferred = i;
      } else if (shape[i] < 0) {
        throw new IllegalArgumentException(op + ": invalid shape dimension " + shape[i] + " in " + str(shape));
      } else {
        known = Math.min(known * shape[i], SizeLimits.MAX_NUMEL + 1L);
      }
    }
    int[] out = shape.clone();
    if (inferred >= 0) {
      if (known == 0 || numel % known != 0) {
        throw new IllegalArgumentException(
            op + ": shape '" + str(shape) + "' is invalid for input of size " + numel);
      }
      out[inferred] = (int) (numel / known);
    } else if (known != numel) {
      throw new IllegalArgumentException(op + ": shape '" + str(shape) + "' is invalid for input of size " + numel);
    }
    SizeLimits.numel(op, out);
    return out;
  }
}
