package dev.jgrad.autograd.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.HeapLimitException;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.access.TensorAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op that creates a shape, over shapes whose {@code int} product wraps round: an op that multiplies sizes
 * unchecked would make a tensor of the wrapped count (0, negative, or 2) instead of failing. Nothing here
 * allocates more than a few megabytes: the inputs are small or stride-0 views, and the checks come first.
 */
class SizeLimitsTest {
  private static final String LIMIT = "more than the 2147483639 a tensor can hold";

  /** [65536, 65536] wraps to 0, [46341, 46341] to a negative count, [3, 1431655766] to 2. */
  static Stream<int[]> wrappingShapes() {
    return Stream.of(new int[] {65536, 65536}, new int[] {46341, 46341}, new int[] {3, 1431655766});
  }

  /** What an unchecked {@code int} product of the shape comes to. */
  private static int wrapped(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  /** A small tensor with as many elements as an unchecked product of the shape claims (0 when negative). */
  private static Tensor ofWrappedSize(int[] shape) {
    return Tensor.zeros(Math.max(wrapped(shape), 0));
  }

  /**
   * An op building the shape {@code [a, b]}, after {@code lead} leading sizes of 1 (conv's [1, 1, a, b]), from small
   * or stride-0 inputs.
   */
  record Op(String family, String name, boolean namesLimit, int lead, Function<int[], Object> run) {
    Op(String family, String name, boolean namesLimit, Function<int[], Object> run) {
      this(family, name, namesLimit, 0, run);
    }

    int[] shape(int[] ab) {
      int[] out = new int[lead + 2];
      Arrays.fill(out, 1);
      out[lead] = ab[0];
      out[lead + 1] = ab[1];
      return out;
    }

    @Override
    public String toString() {
      return family + " " + name;
    }
  }

  /** {@code [rows, cols]} as a stride-0 view of one element: no memory behind it. */
  private static Tensor broadcastZeros(int rows, int cols) {
    return Tensor.zeros(1, 1).expand(rows, cols);
  }

  /** Pieces of width at most what a tensor of {@code rows} rows can hold, that add up to {@code cols}. */
  private static List<Tensor> columnsOf(int rows, int cols) {
    List<Tensor> parts = new ArrayList<>();
    int width = SizeLimits.MAX_NUMEL / rows;
    for (int done = 0; done < cols; done += width) {
      parts.add(broadcastZeros(rows, Math.min(width, cols - done)));
    }
    return parts;
  }

  /** conv2d of a [1, 1, h, w] zero input and a 1x1 kernel, padded so the output is [1, 1, a, b]. */
  private static Tensor paddedConv(int a, int b) {
    int h = 2 - a % 2;
    int w = 2 - b % 2;
    return Tensor.zeros(1, 1, h, w).conv2d(Tensor.zeros(1, 1, 1, 1), null, new int[] {1, 1},
        new int[] {(a - h) / 2, (b - w) / 2}, new int[] {1, 1}, 1);
  }

  static List<Op> ops() {
    return List.of(
        new Op("factory", "zeros", true, s -> Tensor.zeros(s)),
        new Op("factory", "ones", true, s -> Tensor.ones(s)),
        new Op("factory", "full", true, s -> Tensor.full(s, 2f)),
        new Op("factory", "rand", true, s -> Tensor.rand(s)),
        new Op("factory", "randn", true, s -> Tensor.randn(s)),
        new Op("factory", "randint", true, s -> Tensor.randint(0, 10, s)),
        new Op("factory", "eye", true, s -> Tensor.eye(s[0], s[1])),
        new Op("factory", "of", true, s -> Tensor.of(new float[Math.max(wrapped(s), 0)], s)),
        new Op("view", "view", false, s -> ofWrappedSize(s).view(s)),
        new Op("view", "reshape", false, s -> ofWrappedSize(s).reshape(s)),
        new Op("view", "unflatten", false, s -> ofWrappedSize(s).unflatten(0, s)),
        new Op("view", "expand", true, s -> Tensor.zeros(1, 1).expand(s)),
        new Op("broadcast", "add", true, s -> Tensor.zeros(s[0], 1).add(broadcastZeros(1, s[1]))),
        new Op("broadcast", "sub", true, s -> Tensor.zeros(s[0], 1).sub(broadcastZeros(1, s[1]))),
        new Op("broadcast", "mul", true, s -> Tensor.zeros(s[0], 1).mul(broadcastZeros(1, s[1]))),
        new Op("broadcast", "div", true, s -> Tensor.zeros(s[0], 1).div(broadcastZeros(1, s[1]))),
        new Op("broadcast", "maximum", true, s -> Tensor.zeros(s[0], 1).maximum(broadcastZeros(1, s[1]))),
        new Op("matmul", "mm", true, s -> Tensor.zeros(s[0], 1).mm(broadcastZeros(1, s[1]))),
        new Op("matmul", "mm", true, s -> Tensor.zeros(s[0], 1).matmul(broadcastZeros(1, s[1]))),
        new Op("matmul", "bmm", true, 1, s -> Tensor.zeros(1, s[0], 1).bmm(Tensor.zeros(1, 1, 1).expand(1, 1, s[1]))),
        new Op("conv", "conv2d", true, 2, s -> paddedConv(s[0], s[1])),
        new Op("join", "cat", true, s -> Tensor.cat(columnsOf(s[0], s[1]), 1)),
        new Op("join", "stack", true, s -> Tensor.stack(java.util.Collections.nCopies(s[0],
            Tensor.zeros(1).expand(s[1])), 0)),
        new Op("join", "repeat", true, s -> Tensor.zeros(1, 1).repeat(s)),
        new Op("join", "pad", true, s -> Tensor.zeros(1, 1).pad(0, s[1] - 1, 0, s[0] - 1)));
  }

  /** Index ops read a real [1, b] weight or [b] index, so they take only the shapes with b = 65536 or 46341. */
  static List<Op> indexOps() {
    return List.of(
        new Op("index", "embedding", true, s -> Tensor.embedding(longs(s[0]), Tensor.zeros(1, s[1]))),
        new Op("index", "indexSelect", true, s -> Tensor.zeros(1, s[1]).indexSelect(0, longs(s[0]))),
        new Op("index", "oneHot", true, s -> longs(s[0]).oneHot(s[1])));
  }

  private static Tensor longs(int n) {
    return Tensor.zeros(n).to(DType.INT64);
  }

  static Stream<Arguments> opsOverWrappingShapes() {
    return Stream.concat(ops().stream().flatMap(op -> wrappingShapes().map(s -> Arguments.of(op, s))),
        indexOps().stream().flatMap(op -> wrappingShapes().filter(s -> s[1] <= 65536).map(s -> Arguments.of(op, s))));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("opsOverWrappingShapes")
  void aShapeWhoseProductWrapsRoundFailsNamingTheOpAndShape(Op op, int[] shape) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.run().apply(shape),
        () -> op + " accepted " + Arrays.toString(shape) + ", whose int product is " + wrapped(shape));
    String m = e.getMessage();
    assertTrue(m.startsWith(op.name() + ": "), m);
    assertTrue(m.contains(Arrays.toString(op.shape(shape))), m);
    if (op.namesLimit()) {
      long count = (long) shape[0] * shape[1];
      assertTrue(m.contains(" has " + count + " elements, " + LIMIT), m);
    } else {
      assertTrue(m.contains("invalid for input of size") || m.contains("don't multiply up to the size"), m);
    }
  }

  @Test
  void theMessageOfTheBriefExample() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(65536, 65536));
    assertEquals("zeros: shape [65536, 65536] has 4294967296 elements, more than the 2147483639 a tensor can hold",
        e.getMessage());
  }

  static Stream<Arguments> factoriesOfNegativeSize() {
    return Stream.of(
        Arguments.of("zeros", (Runnable) () -> Tensor.zeros(-1, 3)),
        Arguments.of("ones", (Runnable) () -> Tensor.ones(-1, 3)),
        Arguments.of("full", (Runnable) () -> Tensor.full(new int[] {-1, 3}, 1f)),
        Arguments.of("rand", (Runnable) () -> Tensor.rand(-1, 3)),
        Arguments.of("randn", (Runnable) () -> Tensor.randn(-1, 3)),
        Arguments.of("randint", (Runnable) () -> Tensor.randint(0, 5, -1, 3)),
        Arguments.of("eye", (Runnable) () -> Tensor.eye(-1, 3)),
        Arguments.of("of", (Runnable) () -> Tensor.of(new float[3], -1, 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("factoriesOfNegativeSize")
  void aNegativeSizeKeepsPyTorchsMessage(String op, Runnable factory) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, factory::run);
    assertEquals(op + ": Trying to create tensor with negative dimension -1: [-1, 3]", e.getMessage());
  }

  @Test
  void oneDimensionalCountsAboveTheLimit() {
    assertMessage(() -> Tensor.arange(0L, 1L << 32, 1L), "arange: shape [4294967296] has 4294967296 elements, "
        + LIMIT);
    assertMessage(() -> Tensor.arange(0L, Long.MAX_VALUE, 1L), "arange: shape [9223372036854775807]");
    assertMessage(() -> Tensor.arange(Long.MIN_VALUE, Long.MAX_VALUE, 1L), "arange: shape [9223372036854775807]");
    assertMessage(() -> Tensor.arange(0.0, 1e10, 1.0), "arange: shape [10000000000] has 10000000000 elements, "
        + LIMIT);
    assertMessage(() -> Tensor.arange(0.0, Double.POSITIVE_INFINITY, 1.0), "arange: unsupported range: 0.0 -> "
        + "Infinity");
    assertMessage(() -> Tensor.linspace(0, 1, Integer.MAX_VALUE), "linspace: shape [2147483647] has 2147483647 "
        + "elements, " + LIMIT);
    assertMessage(() -> Tensor.randperm(Integer.MAX_VALUE), "randperm: shape [2147483647] has 2147483647 elements");
    // the largest count itself is fine: it is refused only for the heap, never for its size
    assertEquals(SizeLimits.MAX_NUMEL, SizeLimits.numel("zeros", SizeLimits.MAX_NUMEL));
  }

  @Test
  void sizesThatOverflowIntInOneDimension() {
    Tensor max = Tensor.zeros(1).expand(SizeLimits.MAX_NUMEL);
    assertMessage(() -> Tensor.cat(List.of(max, max), 0), "cat: shape [4294967278] has 4294967278 elements, "
        + LIMIT);
    assertMessage(() -> Tensor.zeros(65536).repeat(65536), "repeat: shape [4294967296] has 4294967296 elements, "
        + LIMIT);
    assertMessage(() -> Tensor.zeros(1).pad(Integer.MAX_VALUE, Integer.MAX_VALUE), "pad: shape [4294967295] has "
        + "4294967295 elements, " + LIMIT);
    assertMessage(() -> Tensor.zeros(1, 1, 1, 1).conv2d(Tensor.zeros(1, 1, 1, 1), null, new int[] {1, 1},
        new int[] {Integer.MAX_VALUE / 2, 0}, new int[] {1, 1}, 1), "conv2d: shape [1, 1, 2147483647, 1]");
  }

  @Test
  void anEmptyShapeWhoseOtherSizesOverflowCannotBeStrided() {
    assertMessage(() -> Tensor.zeros(0).view(-1, 65536, 65536), "view: shape [0, 65536, 65536] has no elements, "
        + "but its non-empty sizes multiply to 4294967296, more than the 2147483639 positions");
    assertMessage(() -> Tensor.zeros(0, 65536, 65536), "zeros: shape [0, 65536, 65536] has no elements");
    // an empty shape whose other sizes fit is fine, as in PyTorch
    assertArrayEquals(new int[] {0, 46340, 46340}, Tensor.zeros(0, 46340, 46340).shape());
  }

  @Test
  void poolingOutputSizesAreComputedWithoutWrappingRound() {
    // dilation 4 x (kernel 2^30 + 1 - 1) is 2^32, 0 in int: an int computation gives a 2^30 + 1 high output
    assertMessage(() -> Tensor.zeros(1, 1, 1, 1).maxPool2d(new int[] {(1 << 30) + 1, 1}, new int[] {1, 1},
        new int[] {1 << 29, 0}, new int[] {4, 1}), "Output size is too small");
  }

  @Test
  void anUncheckedSiteIsStillCaughtWhereTheTensorIsMade() {
    assertMessage(() -> TensorAccess.fresh(new float[0], new int[] {65536, 65536}, DType.FLOAT32),
        "tensor: shape [65536, 65536] has 4294967296 elements, " + LIMIT);
  }

  // ---------------------------------------------------------------- memory

  /** A shape of at most {@link SizeLimits#MAX_NUMEL} elements whose float32 storage exceeds the heap limit. */
  private static int[] largerThanTheHeap() {
    long max = Runtime.getRuntime().maxMemory();
    long elements = max / Float.BYTES + 1;
    int cols = 1 << 16;
    assumeTrue(elements + cols <= SizeLimits.MAX_NUMEL, "the heap limit is above 8 GiB");
    return new int[] {(int) (elements / cols + 1), cols};
  }

  @Test
  void anAllocationLargerThanTheHeapFailsAtOnceWithOneLine() {
    int[] shape = largerThanTheHeap();
    long bytes = (long) shape[0] * shape[1] * Float.BYTES;
    long max = Runtime.getRuntime().maxMemory();
    HeapLimitException e = assertThrows(HeapLimitException.class, () -> Tensor.zeros(shape));
    String m = e.getMessage();
    assertTrue(m.startsWith("zeros: shape " + Arrays.toString(shape) + " needs " + HeapLimitException.human(bytes)
        + ", more than the Java heap limit of " + HeapLimitException.human(max) + "; raise the limit with -Xmx (e.g. "
        + "java -Xmx"), m);
    assertTrue(m.contains("JGRAD_JAVA_OPTS=-Xmx"), m);
    assertTrue(!m.contains("\n"), m);
    assertEquals(bytes, e.bytes());
    assertEquals(max, e.heapLimit());
  }

  @Test
  void aHugeBatchThroughALayerFailsNamingTheOp() {
    int[] shape = largerThanTheHeap();
    Tensor batch = Tensor.zeros(1, 1).expand(shape[0], 1);
    HeapLimitException e = assertThrows(HeapLimitException.class, () -> batch.mm(Tensor.zeros(1, shape[1])));
    assertTrue(e.getMessage().startsWith("mm: shape " + Arrays.toString(shape) + " needs "), e.getMessage());
    HeapLimitException copy = assertThrows(HeapLimitException.class,
        () -> Tensor.zeros(1, 1).expand(shape).contiguous());
    assertTrue(copy.getMessage().startsWith("copy of a strided view: shape " + Arrays.toString(shape)),
        copy.getMessage());
  }

  @Test
  void anOutOfMemoryErrorBecomesTheSameOneLine() {
    OutOfMemoryError cause = new OutOfMemoryError("Java heap space");
    HeapLimitException e = new HeapLimitException("add: shape [4096, 4096]", 64L << 20, 1L << 30, cause);
    assertSame(cause, e.getCause());
    assertTrue(e.getMessage().startsWith("add: shape [4096, 4096] needs 64.0 MiB, but the Java heap ran out (limit "
        + "1.0 GiB, "), e.getMessage());
    assertTrue(e.getMessage().contains(" in use); raise the limit with -Xmx (e.g. java -Xmx"), e.getMessage());
  }

  @Test
  void anyOtherOutOfMemoryErrorReadsAsOneLineToo() {
    OutOfMemoryError cause = new OutOfMemoryError("Java heap space");
    HeapLimitException e = HeapLimitException.ranOut("train", cause);
    assertSame(cause, e.getCause());
    assertEquals(-1, e.bytes());
    assertTrue(e.getMessage().startsWith("train: the Java heap ran out (limit "
        + HeapLimitException.human(Runtime.getRuntime().maxMemory()) + ", "), e.getMessage());
    assertTrue(e.getMessage().contains(" in use); raise the limit with -Xmx (e.g. java -Xmx"), e.getMessage());
    assertTrue(e.getMessage().contains("JGRAD_JAVA_OPTS=-Xmx"), e.getMessage());
  }

  @Test
  void bytesReadAsBinaryUnits() {
    assertEquals("0 B", HeapLimitException.human(0));
    assertEquals("1023 B", HeapLimitException.human(1023));
    assertEquals("1.5 KiB", HeapLimitException.human(1536));
    assertEquals("16.0 GiB", HeapLimitException.human(4L * 65536 * 65536));
    assertEquals("8.0 EiB", HeapLimitException.human(Long.MAX_VALUE));
  }

  private static void assertMessage(Runnable op, String expected) {
    RuntimeException e = assertThrows(RuntimeException.class, op::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
