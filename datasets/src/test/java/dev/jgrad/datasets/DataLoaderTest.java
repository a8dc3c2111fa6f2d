package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** Features [n, 1] holding the row index, targets int64 [n] holding 100 + the row index. */
  static TensorDataset indexed(int n) {
    float[] x = new float[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = 100 + i;
    }
    return new TensorDataset(Tensor.of(x, n, 1), Tensor.ofLongs(y));
  }

  /** The row indices of each batch of one epoch (checking that targets travel with their features). */
  static List<int[]> epoch(DataLoader loader) {
    List<int[]> out = new ArrayList<>();
    for (Batch b : loader) {
      float[] x = b.features().toArray();
      long[] y = b.targets().toLongArray();
      int[] idx = new int[x.length];
      for (int i = 0; i < x.length; i++) {
        idx[i] = (int) x[i];
        assertEquals(100 + idx[i], y[i], "target of row " + idx[i]);
      }
      out.add(idx);
    }
    return out;
  }

  @Test
  void shuffledEpochsMatchTorchDataLoaderWithASeededGenerator() {
    List<String[]> cases = Golden.records("loader");
    assertTrue(cases.size() >= 15);
    DataLoader loader = null;
    String key = "";
    for (String[] c : cases) {
      int n = Integer.parseInt(c[1]);
      int bs = Integer.parseInt(c[2]);
      boolean drop = c[3].equals("1");
      long seed = Long.parseLong(c[4]);
      String k = c[1] + c[2] + c[3] + c[4];
      if (!k.equals(key)) { // epochs 1, 2, 3 come from one loader, in order
        loader = DataLoader.builder(indexed(n)).batchSize(bs).shuffle(true).dropLast(drop).seed(seed).build();
        key = k;
      }
      int[][] expected = Golden.groups(c[6]);
      List<int[]> got = epoch(loader);
      assertEquals(expected.length, got.size(), String.join(" ; ", c));
      for (int b = 0; b < expected.length; b++) {
        assertArrayEquals(expected[b], got.get(b), String.join(" ; ", c) + " batch " + b);
      }
    }
  }

  @Test
  void sameSeedSameBatchesAndEachEpochANewOrder() {
    DataLoader a = DataLoader.of(indexed(50), 8, true, 7);
    DataLoader b = DataLoader.of(indexed(50), 8, true, 7);
    List<int[]> a1 = flatten(epoch(a));
    List<int[]> a2 = flatten(epoch(a));
    List<int[]> b1 = flatten(epoch(b));
    List<int[]> b2 = flatten(epoch(b));
    assertArrayEquals(a1.get(0), b1.get(0));
    assertArrayEquals(a2.get(0), b2.get(0));
    assertFalse(java.util.Arrays.equals(a1.get(0), a2.get(0)), "epoch 2 must reshuffle");
    assertEquals(2, a.epochsStarted());
    int[] sorted = a1.get(0).clone();
    java.util.Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) {
      assertEquals(i, sorted[i], "every sample exactly once per epoch");
    }
    assertFalse(java.util.Arrays.equals(a1.get(0), flatten(epoch(DataLoader.of(indexed(50), 8, true, 8))).get(0)));
  }

  private static List<int[]> flatten(List<int[]> batches) {
    int n = batches.stream().mapToInt(x -> x.length).sum();
    int[] all = new int[n];
    int k = 0;
    for (int[] b : batches) {
      System.arraycopy(b, 0, all, k, b.length);
      k += b.length;
    }
    return List.of(all);
  }

  @Test
  void sequentialBatchesDropLastAndCounts() {
    DataLoader keep = DataLoader.builder(indexed(10)).batchSize(4).build();
    assertEquals(3, keep.numBatches());
    List<int[]> batches = epoch(keep);
    assertArrayEquals(new int[] {0, 1, 2, 3}, batches.get(0));
    assertArrayEquals(new int[] {4, 5, 6, 7}, batches.get(1));
    assertArrayEquals(new int[] {8, 9}, batches.get(2));
    DataLoader drop = DataLoader.builder(indexed(10)).batchSize(4).dropLast(true).build();
    assertEquals(2, drop.numBatches());
    assertEquals(2, epoch(drop).size());
    assertEquals(1, DataLoader.builder(indexed(3)).build().batchSize());
    assertEquals(3, DataLoader.builder(indexed(3)).build().numBatches());
    assertEquals(0, DataLoader.builder(indexed(3)).batchSize(4).dropLast(true).build().numBatches());
  }

  @Test
  void aBatchSizeFarAboveTheDataSizeGivesOneBatch() {
    DataLoader all = DataLoader.builder(indexed(10)).batchSize(Integer.MAX_VALUE).build();
    assertEquals(1, all.numBatches());
    List<int[]> batches = epoch(all);
    assertEquals(1, batches.size());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, batches.get(0));
  }

  @Test
  void batchTensorsHaveBatchShapesAndDtypes() {
    Tensor x = Tensor.arange(30.0).reshape(10, 3);
    Tensor y = Tensor.of(new float[10], 10, 1);
    DataLoader loader = DataLoader.of(new TensorDataset(x, y), 4, false, 0);
    Iterator<Batch> it = loader.iterator();
    Batch first = it.next();
    assertArrayEquals(new int[] {4, 3}, first.features().shape());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, first.features().toArray());
    assertArrayEquals(new int[] {4, 1}, first.targets().shape());
    assertEquals(DType.FLOAT32, first.targets().dtype());
    it.next();
    Batch last = it.next();
    assertArrayEquals(new int[] {2, 3}, last.features().shape());
    assertFalse(it.hasNext());
    NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
    assertTrue(e.getMessage().contains("3 in all"), e.getMessage());
  }

  @Test
  void genericDatasetsUseTheirCollate() {
    Dataset<String> words = new Dataset<>() {
      final String[] w = {"a", "bb", "ccc", "dddd", "eeeee"};

      @Override
      public int size() {
        return w.length;
      }

      @Override
      public String get(int index) {
        return w[index];
      }
    };
    Collate<String> lengths = ws -> {
      float[] x = new float[ws.size()];
      long[] y = new long[ws.size()];
      for (int i = 0; i < ws.size(); i++) {
        x[i] = ws.get(i).length();
        y[i] = ws.get(i).charAt(0) - 'a';
      }
      return new Batch(Tensor.of(x, ws.size(), 1), Tensor.ofLongs(y));
    };
    DataLoader loader = DataLoader.builder(words, lengths).batchSize(2).build();
    List<Batch> batches = new ArrayList<>();
    loader.forEach(batches::add);
    assertEquals(3, batches.size());
    assertArrayEquals(new float[] {3, 4}, batches.get(1).features().toArray());
    assertArrayEquals(new long[] {4}, batches.get(2).targets().toLongArray());
    assertSame(words, loader.source());
    IllegalStateException e = assertThrows(IllegalStateException.class, loader::dataset);
    assertTrue(e.getMessage().contains("source()"), e.getMessage());
  }

  @Test
  void genericPathWithStackCollateGivesTheSameBatchesAsTheFastPath() {
    TensorDataset ds = indexed(23);
    DataLoader fast = DataLoader.builder(ds).batchSize(5).shuffle(true).seed(3).build();
    DataLoader generic = DataLoader.builder((Dataset<Batch>) ds, Collate.stack()).batchSize(5).shuffle(true).seed(3)
        .build();
    Iterator<Batch> g = generic.iterator();
    for (Batch f : fast) {
      Batch b = g.next();
      assertArrayEquals(f.features().shape(), b.features().shape());
      assertArrayEquals(f.features().toArray(), b.features().toArray());
      assertArrayEquals(f.targets().toLongArray(), b.targets().toLongArray());
      assertEquals(DType.INT64, b.targets().dtype());
    }
    assertFalse(g.hasNext());
    assertSame(ds, fast.dataset());
  }

  @Test
  void badBatchSizeUsesPyTorchsMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(indexed(3)).batchSize(0));
    assertTrue(e.getMessage().contains("batch_size should be a positive integer value, but got batch_size=0"),
        e.getMessage());
  }

  @Test
  void withoutASeedTheGlobalGeneratorMakesRunsRepeatable() {
    Tensor.manualSeed(11);
    List<int[]> a = epoch(DataLoader.builder(indexed(20)).batchSize(20).shuffle(true).build());
    Tensor.manualSeed(11);
    List<int[]> b = epoch(DataLoader.builder(indexed(20)).batchSize(20).shuffle(true).build());
    assertArrayEquals(a.get(0), b.get(0));
  }

  @Test
  void withoutASeedEveryEpochReseedsFromTheGlobalGeneratorAsTorchDoes() {
    List<String[]> cases = Golden.records("global_loader");
    assertTrue(cases.size() >= 16);
    DataLoader loader = null;
    String key = "";
    for (String[] c : cases) {
      String where = String.join(" ; ", c);
      int n = Integer.parseInt(c[1]);
      String k = c[1] + c[2] + c[3] + c[4];
      if (!k.equals(key)) { // epochs 1 to 4 come from one loader, in order
        Tensor.manualSeed(Long.parseLong(c[4]));
        loader = DataLoader.builder(indexed(n)).batchSize(Integer.parseInt(c[2])).shuffle(true)
            .dropLast(c[3].equals("1")).build();
        key = k;
      }
      if (!c[7].equals("-")) { // the seed RandomSampler is about to draw, after the base seed
        byte[] state = Generator.global().getState();
        Generator.global().randomLong();
        assertEquals(Long.parseLong(c[7]), Generator.global().randomLong(), where + " sampler seed");
        Generator.global().setState(state);
      }
      int taken = c[6].equals("all") ? Integer.MAX_VALUE : Integer.parseInt(c[6]);
      Iterator<Batch> it = loader.iterator();
      List<int[]> got = new ArrayList<>();
      while (got.size() < taken && it.hasNext()) { // taken == 0: created and never advanced
        got.add(rowsOf(it.next()));
      }
      int[][] expected = c.length > 8 && !c[8].isEmpty() ? Golden.groups(c[8]) : new int[0][];
      assertEquals(expected.length, got.size(), where);
      for (int b = 0; b < expected.length; b++) {
        assertArrayEquals(expected[b], got.get(b), where + " batch " + b);
      }
    }
  }

  private static int[] rowsOf(Batch b) {
    float[] x = b.features().toArray();
    int[] rows = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      rows[i] = (int) x[i];
    }
    return rows;
  }

  @Test
  void anUnshuffledLoaderLeavesTheGlobalGeneratorAlone() {
    Tensor.manualSeed(5);
    byte[] before = Generator.global().getState();
    DataLoader loader = DataLoader.builder(indexed(9)).batchSize(4).build();
    epoch(loader);
    assertArrayEquals(before, Generator.global().getState());
  }

  @Test
  void generatorStateResumesTheSequenceOfEpochs() {
    DataLoader a = DataLoader.of(indexed(30), 30, true, 99);
    epoch(a);
    byte[] state = a.generator().getState();
    List<int[]> second = epoch(a);
    DataLoader resumed = DataLoader.of(indexed(30), 30, true, 0);
    resumed.generator().setState(state);
    assertArrayEquals(second.get(0), epoch(resumed).get(0));
    Generator shared = new Generator(99);
    DataLoader viaGenerator = DataLoader.builder(indexed(30)).batchSize(30).shuffle(true).generator(shared).build();
    assertArrayEquals(epoch(DataLoader.of(indexed(30), 30, true, 99)).get(0), epoch(viaGenerator).get(0));
    assertSame(shared, viaGenerator.generator());
  }

  @Test
  void emptyDatasetHasNoBatches() {
    DataLoader loader = DataLoader.of(indexed(5).subset(), 4, true, 1);
    assertEquals(0, loader.numBatches());
    assertFalse(loader.iterator().hasNext());
    assertNotEquals("", loader.toString());
    assertEquals("DataLoader(size=10, batchSize=4, shuffle=false, dropLast=true, numBatches=2)",
        DataLoader.builder(indexed(10)).batchSize(4).dropLast(true).build().toString());
  }

  /** A stream of the numbers 0..n-1 as (feature, label) samples, counting its passes. */
  private static final class Numbers implements IterableDataset<Batch> {
    private final int n;
    private int passes;

    Numbers(int n) {
      this.n = n;
    }

    @Override
    public Iterator<Batch> iterator() {
      passes++;
      return java.util.stream.IntStream.range(0, n)
          .mapToObj(i -> new Batch(Tensor.of(new float[] {i}, 1), Tensor.ofLongs(new long[] {i % 2}).reshape()))
          .iterator();
    }

    @Override
    public int size() {
      return n;
    }
  }

  @Test
  void anIterableDatasetIsBatchedInStreamOrderOnePassPerEpoch() {
    Numbers numbers = new Numbers(10);
    DataLoader loader = DataLoader.builder(numbers, Collate.stack()).batchSize(4).build();
    assertEquals(3, loader.numBatches());
    for (int epoch = 1; epoch <= 2; epoch++) {
      List<float[]> batches = new ArrayList<>();
      for (Batch b : loader) {
        batches.add(b.features().toArray());
      }
      assertEquals(3, batches.size());
      assertArrayEquals(new float[] {0, 1, 2, 3}, batches.get(0));
      assertArrayEquals(new float[] {8, 9}, batches.get(2));
      assertEquals(epoch, numbers.passes);
    }
    DataLoader dropLast = DataLoader.builder(numbers, Collate.stack()).batchSize(4).dropLast(true).build();
    assertEquals(2, dropLast.numBatches());
    Iterator<Batch> it = dropLast.iterator();
    it.next();
    it.next();
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    IllegalStateException e = assertThrows(IllegalStateException.class, loader::source);
    assertTrue(e.getMessage().contains("reads an IterableDataset (Numbers), not a Dataset"), e.getMessage());
  }
}
