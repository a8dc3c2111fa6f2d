package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Large work gives the same bits on one thread as on several: each op through the public API with
 * {@link ParallelBlocks#setThreads} 1 and then the machine's count, at sizes that cross {@link
 * ParallelBlocks#MIN_PARALLEL} and end in a partial block.
 */
class ParallelBlocksTest {

  private static final int N = (int) (ParallelBlocks.MIN_PARALLEL + 3 * ParallelBlocks.BLOCK / 2 + 37);
  private final int saved = ParallelBlocks.threads();

  @AfterEach
  void restore() {
    ParallelBlocks.setThreads(saved);
  }

  /** The flattened values of every tensor {@code op} returns, on 1 thread and on max(2, cpus) threads. */
  private static void assertSameOnAnyThreadCount(String what, Supplier<List<Tensor>> op) {
    ParallelBlocks.setThreads(1);
    List<float[]> one = values(op.get());
    ParallelBlocks.setThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
    for (int run = 0; run < 2; run++) {
      List<float[]> many = values(op.get());
      assertEquals(one.size(), many.size(), what);
      for (int i = 0; i < one.size(); i++) {
        assertArrayEquals(bits(one.get(i)), bits(many.get(i)), what + ": result " + i + " differs");
      }
    }
  }

  private static List<float[]> values(List<Tensor> ts) {
    List<float[]> out = new ArrayList<>();
    for (Tensor t : ts) {
      out.add(t.contiguous().toArray());
    }
    return out;
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  @Test
  void elementwiseOpsAreBitIdenticalOnAnyThreadCount() {
    Generator g = new Generator(7);
    Tensor a = Tensor.randn(g, N).mul(4);
    Tensor b = Tensor.randn(g, N);
    assertSameOnAnyThreadCount("add", () -> List.of(a.add(b), a.sub(b), a.mul(b), a.div(b), a.mul(0.5), a.pow(3)));
    assertSameOnAnyThreadCount("unary", () -> List.of(a.relu(), a.exp(), a.sigmoid(), a.tanh(), a.gelu(),
        a.gelu("tanh"), a.abs().add(0.01).log(), a.neg()));
  }

  @Test
  void reductionsSoftmaxAndLayerNormAreBitIdenticalOnAnyThreadCount() {
    Generator g = new Generator(11);
    Tensor a = Tensor.randn(g, N);
    Tensor rows = Tensor.randn(g, 80, 997).mul(3);
    Tensor w = Tensor.randn(g, 997);
    Tensor bias = Tensor.randn(g, 997);
    assertSameOnAnyThreadCount("sum", () -> List.of(a.sum(), a.mean()));
    assertSameOnAnyThreadCount("softmax", () -> List.of(rows.softmax(1), rows.logSoftmax(1), rows.softmax(0)));
    assertSameOnAnyThreadCount("layerNorm", () -> List.of(rows.layerNorm(new int[] {997}, w, bias, 1e-5),
        rows.layerNorm(new int[] {997}, null, null, 1e-5)));
  }

  @Test
  void backwardIsBitIdenticalOnAnyThreadCount() {
    Generator g = new Generator(13);
    Tensor x = Tensor.randn(g, 80, 997).requiresGrad_(true);
    Tensor w = Tensor.randn(g, 997).requiresGrad_(true);
    Tensor bias = Tensor.randn(g, 997).requiresGrad_(true);
    Tensor gOut = Tensor.randn(g, 80, 997);
    assertSameOnAnyThreadCount("layerNorm backward", () -> Autograd.grad(
        List.of(x.layerNorm(new int[] {997}, w, bias, 1e-5)), List.of(x, w, bias), List.of(gOut), false, false,
        false));
    assertSameOnAnyThreadCount("activation backward", () -> Autograd.grad(
        List.of(x.relu().add(x.gelu()).add(x.gelu("tanh")).softmax(1)), List.of(x), List.of(gOut), false, false,
        false));
    assertSameOnAnyThreadCount("sum backward", () -> Autograd.grad(x.exp().sum(), x));
  }

  @Test
  void runCoversEveryBlockOnceAndSharesLargeWork() {
    ParallelBlocks.setThreads(2);
    int blocks = 64;
    AtomicInteger[] seen = new AtomicInteger[blocks];
    for (int i = 0; i < blocks; i++) {
      seen[i] = new AtomicInteger();
    }
    ParallelBlocks.run(blocks, ParallelBlocks.MIN_PARALLEL, b -> seen[b].incrementAndGet());
    for (AtomicInteger s : seen) {
      assertEquals(1, s.get());
    }
    // Small work never leaves the calling thread.
    Thread caller = Thread.currentThread();
    ParallelBlocks.run(blocks, ParallelBlocks.MIN_PARALLEL - 1,
        b -> assertTrue(Thread.currentThread() == caller, "block " + b + " ran on " + Thread.currentThread()));
  }

  @Test
  void blocksDependOnlyOnTheSize() {
    assertEquals(0, ParallelBlocks.blocks(0));
    assertEquals(1, ParallelBlocks.blocks(1));
    assertEquals(1, ParallelBlocks.blocks(ParallelBlocks.BLOCK));
    assertEquals(2, ParallelBlocks.blocks(ParallelBlocks.BLOCK + 1));
    assertEquals(1 << 17, ParallelBlocks.blocks(Integer.MAX_VALUE));
    assertEquals(ParallelBlocks.BLOCK, ParallelBlocks.rowsPerBlock(1));
    assertEquals(1, ParallelBlocks.rowsPerBlock(ParallelBlocks.BLOCK * 2));
    assertEquals(3, ParallelBlocks.rowBlocks(2 * ParallelBlocks.rowsPerBlock(100) + 1, 100));
  }

  @Test
  void threadCountFollowsThePropertyAndRejectsNonsense() {
    assertEquals(1, ParallelBlocks.threadsFromProperty("1", 8));
    assertEquals(8, ParallelBlocks.threadsFromProperty(null, 8));
    assertEquals(8, ParallelBlocks.threadsFromProperty("2", 8));
    assertEquals(1, ParallelBlocks.threadsFromProperty(null, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParallelBlocks.setThreads(0));
    assertTrue(e.getMessage().contains("ParallelBlocks.setThreads") && e.getMessage().contains("got 0"),
        e.getMessage());
  }
}
