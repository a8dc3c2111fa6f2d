package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Float64 datasets: values that float32 would round stay exact through TensorDataset (get, batch, subset, copies),
 * Collate and the Preprocessor's dtype option; labels stay int64; the default dtype is the default.
 */
class Float64DatasetTest {
  /** Not float32 values: each would round. */
  private static final double[] X = {0.1, 1 + 1e-12, -1.0 / 3, 2.5e-10, 7, 1e20 + 1e5};

  @Test
  void tensorDatasetKeepsFloat64FeaturesAndTargetsExact() {
    Tensor features = Tensor.of(X, new int[] {3, 2}, DType.FLOAT64);
    Tensor targets = Tensor.of(new double[] {0.1, 0.2, 0.3}, new int[] {3}, DType.FLOAT64);
    TensorDataset ds = new TensorDataset(features, targets);
    assertEquals(DType.FLOAT64, ds.featureType());
    assertArrayEquals(X, ds.features().toDoubleArray());
    assertArrayEquals(new double[] {0.1, 0.2, 0.3}, ds.targets().toDoubleArray());

    Batch one = ds.get(1);
    assertEquals(DType.FLOAT64, one.features().dtype());
    assertArrayEquals(new double[] {X[2], X[3]}, one.features().toDoubleArray());
    assertEquals(0.2, one.targets().doubleValue());

    Batch b = ds.batch(2, 0);
    assertArrayEquals(new int[] {2, 2}, b.features().shape());
    assertArrayEquals(new double[] {X[4], X[5], X[0], X[1]}, b.features().toDoubleArray());
    assertArrayEquals(new double[] {0.3, 0.1}, b.targets().toDoubleArray());

    TensorDataset sub = ds.subset(1);
    assertEquals(DType.FLOAT64, sub.featureType());
    assertArrayEquals(new double[] {X[2], X[3]}, sub.features().toDoubleArray());
  }

  @Test
  void float64FeaturesWithInt64LabelsBatchThroughTheLoader() {
    TensorDataset ds = new TensorDataset(Tensor.of(X, new int[] {3, 2}, DType.FLOAT64), Tensor.ofLongs(2, 0, 1));
    Batch b = ds.batch(0, 1, 2);
    assertEquals(DType.INT64, b.targets().dtype());
    assertArrayEquals(new long[] {2, 0, 1}, b.targets().toLongArray());
    assertArrayEquals(X, b.features().toDoubleArray());
  }

  @Test
  void collateStacksFloat64SamplesExactly() {
    Batch b = Collate.stack().collate(List.of(
        new Batch(Tensor.of(new double[] {X[0], X[1]}, new int[] {2}, DType.FLOAT64), Tensor.ofLongs(1).view()),
        new Batch(Tensor.of(new double[] {X[2], X[3]}, new int[] {2}, DType.FLOAT64), Tensor.ofLongs(0).view())));
    assertEquals(DType.FLOAT64, b.features().dtype());
    assertArrayEquals(new double[] {X[0], X[1], X[2], X[3]}, b.features().toDoubleArray());
  }

  private static final Schema SCHEMA = Schema.builder()
      .numeric("a", "b")
      .categorical("c")
      .target("y", Task.REGRESSION)
      .scaling(Scaling.STANDARDIZE)
      .build();

  private static Table table() {
    return PreprocessorTest.csv(SCHEMA, "a,b,c,y\n0.1,3,u,1.1\n0.2,5,v,2.2\n0.7,11,u,3.3\n");
  }

  @Test
  void preprocessorBuildsFloat64FeaturesAndTargetsInDouble() {
    Table t = table();
    Preprocessor pre = Preprocessor.fit(t, SCHEMA);
    TensorDataset ds = pre.transform(t, DType.FLOAT64);
    assertEquals(DType.FLOAT64, ds.featureType());
    assertEquals(DType.FLOAT64, ds.targetType());
    double[] x = ds.features().toDoubleArray();
    int width = pre.numFeatures();
    double[] a = {0.1, 0.2, 0.7};
    for (int k = 0; k < 3; k++) {
      assertEquals((a[k] - pre.center("a")) / pre.scale("a"), x[k * width], 0.0, "row " + k);
    }
    Tensor f32 = pre.transformFeatures(t);
    assertEquals(DType.FLOAT32, f32.dtype());
    double[] x64 = pre.transformFeatures(t, DType.FLOAT64).toDoubleArray();
    float[] x32 = f32.toArray();
    for (int i = 0; i < x32.length; i++) {
      assertEquals((float) x64[i], x32[i], 0f, "float32 is the float64 value rounded once, element " + i);
    }
    assertEquals(DType.FLOAT32, pre.transform(t).featureType());
  }

  @Test
  void classificationLabelsStayInt64InFloat64() {
    Schema s = Schema.builder().numeric("a").target("y", Task.CLASSIFICATION).build();
    Table t = PreprocessorTest.csv(s, "a,y\n0.1,cat\n0.3,dog\n0.2,cat\n");
    TensorDataset ds = Preprocessor.fit(t, s).transform(t, DType.FLOAT64);
    assertEquals(DType.FLOAT64, ds.featureType());
    assertEquals(DType.INT64, ds.targetType());
  }

  @Test
  void theDefaultDtypeIsTheDefault() {
    Table t = table();
    Preprocessor pre = Preprocessor.fit(t, SCHEMA);
    DType before = Tensor.defaultDtype();
    try {
      Tensor.setDefaultDtype(DType.FLOAT64);
      assertEquals(DType.FLOAT64, pre.transform(t).featureType());
      assertEquals(DType.FLOAT64, pre.transformFeatures(t).dtype());
    } finally {
      Tensor.setDefaultDtype(before);
    }
  }

  @Test
  void idxDoublesConvertExactlyToFloat64() {
    IdxArray a = new IdxArray(IdxArray.Type.DOUBLE, new int[] {2},
        java.nio.ByteBuffer.allocate(16).putDouble(0.1).putDouble(-1.0 / 3).array());
    Tensor t = a.toTensor(DType.FLOAT64);
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new double[] {0.1, -1.0 / 3}, t.toDoubleArray());
    assertArrayEquals(new float[] {0.1f, (float) (-1.0 / 3)}, a.toTensor().toArray());
  }

  @Test
  void anIntegerFeatureDtypeIsRefusedByName() {
    Table t = table();
    Preprocessor pre = Preprocessor.fit(t, SCHEMA);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pre.transform(t, DType.INT64));
    assertTrue(e.getMessage().contains("features are float32 or float64, got dtype torch.int64"), e.getMessage());
  }
}
