package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.autograd.HeapLimitException;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers whose weight has more elements than a tensor holds, or more bytes than the heap, fail naming the layer
 * before allocating anything (the sizes below would need 8 GiB and more).
 */
class LayerSizeLimitsTest {
  /** A layer built from the sizes {@code [a, b]} of its weight, and the name its errors start with. */
  record Layer(String name, Function<int[], Module> make, Function<int[], int[]> weight) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Layer> layers() {
    return Stream.of(
        new Layer("Linear(in_features=", s -> new Linear(s[1], s[0]), s -> s),
        new Layer("Conv2d(", s -> new Conv2d(s[1], s[0], 1), s -> new int[] {s[0], s[1], 1, 1}),
        new Layer("Embedding(", s -> new Embedding(s[0], s[1]), s -> s));
  }

  /** [65536, 65536] wraps to 0 in int, [46341, 46341] to a negative count, [3, 1431655766] to 2. */
  static Stream<Arguments> layersOverWrappingShapes() {
    return layers().flatMap(l -> Stream.of(new int[] {65536, 65536}, new int[] {46341, 46341},
        new int[] {3, 1431655766}).map(s -> Arguments.of(l, s)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layersOverWrappingShapes")
  void aWeightWithMoreElementsThanATensorHoldsFailsNamingTheLayer(Layer layer, int[] sizes) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.make().apply(sizes));
    String m = e.getMessage();
    assertTrue(m.startsWith(layer.name()), m);
    assertTrue(m.contains("shape " + Arrays.toString(layer.weight().apply(sizes)) + " has "
        + (long) sizes[0] * sizes[1] + " elements, more than the 2147483639 a tensor can hold"), m);
  }

  @Test
  void aLayerLargerThanTheHeapFailsBeforeAllocating() {
    long max = Runtime.getRuntime().maxMemory();
    int side = 46340;   // the largest square weight a tensor holds: 8 GiB of float32
    assumeTrue((long) side * side * Float.BYTES > max, "the heap limit is above 8 GiB");
    HeapLimitException e = assertThrows(HeapLimitException.class, () -> new Linear(side, side));
    assertTrue(e.getMessage().startsWith("Linear(in_features=46340, out_features=46340): parameters [46340, 46340] "
        + "and [46340] needs 8.0 GiB, more than the Java heap limit of " + HeapLimitException.human(max)),
        e.getMessage());
    assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
    HeapLimitException emb = assertThrows(HeapLimitException.class, () -> new Embedding(side, side));
    assertTrue(emb.getMessage().startsWith("Embedding(46340, 46340): parameters [46340, 46340] needs"),
        emb.getMessage());
    assertTrue(SizeLimits.MAX_NUMEL >= side * side);
  }
}
