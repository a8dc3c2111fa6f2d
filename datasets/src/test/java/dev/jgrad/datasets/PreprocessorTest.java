package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class PreprocessorTest {
  @TempDir
  Path dir;

  static Table csv(Schema schema, String text) {
    try {
      return new CsvLoader(schema).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected <" + part + "> in: " + message);
    }
  }

  private static final Schema NUMERIC = Schema.builder()
      .numeric("a", "b", "k")
      .target("y", Task.REGRESSION)
      .scaling(Scaling.STANDARDIZE)
      .scaling(Scaling.MIN_MAX, "b")
      .build();

  @Test
  void scalingIsFittedOnTheTrainingRowsOnlyAndReusedForOthers() {
    Table train = csv(NUMERIC, "a,b,k,y\n1,2,5,0\n2,4,5,0\n3,6,5,0\n");
    Table test = csv(NUMERIC, "a,b,k,y\n5,8,7,1\n");
    Preprocessor pre = Preprocessor.fit(train, NUMERIC);
    double std = Math.sqrt(2.0 / 3); // population std of 1, 2, 3
    assertEquals(2.0, pre.center("a"));
    assertEquals(std, pre.scale("a"), 1e-15);
    assertEquals(2.0, pre.center("b"));
    assertEquals(4.0, pre.scale("b"));
    assertEquals(5.0, pre.center("k"));
    assertEquals(1.0, pre.scale("k"), "a constant column keeps scale 1");
    float[] x = pre.transform(test).features().toArray();
    assertEquals((float) ((5 - 2) / std), x[0], 1e-6);
    assertEquals(1.5f, x[1], "min-max uses the training range: test values can leave [0, 1]");
    assertEquals(2f, x[2]);
    float[] trainX = pre.transform(train).features().toArray();
    assertEquals(0f, trainX[1]);
    assertEquals(1f, trainX[7]);
  }

  @Test
  void fixedScalingAndRegressionTargetScaling() {
    Schema s = Schema.builder().integer("p").target("y", Task.REGRESSION).scaling(Scaling.fixed(0, 255))
        .targetScaling(Scaling.STANDARDIZE).build();
    Preprocessor pre = Preprocessor.fit(csv(s, "p,y\n0,10\n255,20\n51,30\n"), s);
    TensorDataset ds = pre.transform(csv(s, "p,y\n0,10\n255,20\n51,30\n"));
    assertArrayEquals(new float[] {0f, 1f, 0.2f}, ds.features().toArray(), 1e-7f);
    assertArrayEquals(new int[] {3, 1}, ds.targets().shape());
    assertEquals(DType.FLOAT32, ds.targets().dtype());
    assertEquals(20.0, pre.center("y"));
    float[] back = pre.inverseTargets(ds.targets()).toArray();
    assertArrayEquals(new float[] {10, 20, 30}, back, 1e-4f);
  }

  @Test
  void fillPoliciesUseTrainingStatistics() {
    Schema s = Schema.builder().numeric("mean", "median", "mode").categorical("cat").target("y", Task.REGRESSION)
        .missing(MissingPolicy.FILL_MEAN, "mean").missing(MissingPolicy.FILL_MEDIAN, "median")
        .missing(MissingPolicy.FILL_MODE, "mode", "cat").build();
    Table train = csv(s, "mean,median,mode,cat,y\n1,1,3,b,0\n2,2,3,b,0\nNA,10,1,a,0\n6,NA,1,a,0\n,4,NA,,0\n");
    Preprocessor pre = Preprocessor.fit(train, s);
    assertEquals(3.0, pre.fillValue("mean"), "mean of 1, 2, 6");
    assertEquals(3.0, pre.fillValue("median"), "median of 1, 2, 10, 4 is (2 + 4) / 2");
    assertEquals(1.0, pre.fillValue("mode"), "1 and 3 tie: the smaller wins");
    assertEquals("a", pre.fillValue("cat"), "a and b tie: the first in sorted order wins");
    Table test = csv(s, "mean,median,mode,cat,y\nNA,NA,NA,NA,0\n");
    assertArrayEquals(new float[] {3, 3, 1, 1, 0}, pre.transform(test).features().toArray());
  }

  @Test
  void dropRowLeavesRowsOutAndFailRejects() {
    Schema s = Schema.builder().numeric("a", "b").target("y", Task.CLASSIFICATION)
        .missing(MissingPolicy.DROP_ROW, "a", "y").build();
    Table t = Table.create("t", DoubleColumn.create("a", 1, Double.NaN, 3, 4),
        DoubleColumn.create("b", 1, 2, 3, 4), StringColumn.create("y", "p", "q", "", "p"));
    Preprocessor pre = Preprocessor.fit(t, s);
    TensorDataset ds = pre.transform(t);
    assertEquals(2, ds.size());
    assertArrayEquals(new float[] {1, 1, 4, 4}, ds.features().toArray());
    assertEquals(List.of("p"), pre.classNames(), "rows 1 and 2 are dropped before the classes are fitted");
    Table withNaN = Table.create("p", DoubleColumn.create("a", Double.NaN), DoubleColumn.create("b", 1.0));
    IllegalArgumentException predict = assertThrows(IllegalArgumentException.class,
        () -> pre.transformFeatures(withNaN));
    assertContains(predict.getMessage(), "Preprocessor.transform", "column 'a'", "table row 0");

    Table failing = Table.create("f", DoubleColumn.create("a", 1, 2), DoubleColumn.create("b", 1, Double.NaN),
        StringColumn.create("y", "p", "q"));
    IllegalArgumentException fit = assertThrows(IllegalArgumentException.class, () -> Preprocessor.fit(failing, s));
    assertContains(fit.getMessage(), "Preprocessor.fit", "column 'b'", "table row 1 (0-based)");
    assertThrows(IllegalArgumentException.class, () -> pre.transform(failing));
  }

  @Test
  void oneHotAndIndexEncodingsInSortedCategoryOrder() {
    Schema s = Schema.builder().categorical("color").categorical(Encoding.INDEX, "size")
        .target("y", Task.CLASSIFICATION).build();
    Table train = csv(s, "color,size,y\nred,M,a\nblue,S,b\ngreen,L,a\nred,S,a\n");
    Preprocessor pre = Preprocessor.fit(train, s);
    assertEquals(List.of("blue", "green", "red"), pre.categories("color"));
    assertEquals(List.of("L", "M", "S"), pre.categories("size"));
    assertEquals(List.of("color=blue", "color=green", "color=red", "size"), pre.featureNames());
    assertEquals(4, pre.numFeatures());
    float[] x = pre.transform(train).features().toArray();
    assertArrayEquals(new float[] {0, 0, 1, 1, 1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 1, 2}, x);
  }

  @Test
  void unseenCategoryFailsUnlessAnUnknownBucketIsDeclared() {
    Schema strict = Schema.builder().categorical("island").target("y", Task.CLASSIFICATION).build();
    Preprocessor pre = Preprocessor.fit(csv(strict, "island,y\nDream,a\nBiscoe,b\n"), strict);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pre.transform(csv(strict, "island,y\nBiscoe,a\nAtlantis,a\n")));
    assertContains(e.getMessage(), "column 'island'", "table row 1", "category 'Atlantis' was not seen",
        "[Biscoe, Dream]", "unknownBucket(\"island\")");

    Schema bucket = Schema.builder().categorical("island").categorical(Encoding.INDEX, "i")
        .target("y", Task.CLASSIFICATION).unknownBucket("island", "i").build();
    Preprocessor b = Preprocessor.fit(csv(bucket, "island,i,y\nDream,x,a\nBiscoe,y,b\n"), bucket);
    assertEquals(List.of("island=Biscoe", "island=Dream", "island=<unknown>", "i"), b.featureNames());
    float[] x = b.transform(csv(bucket, "island,i,y\nAtlantis,z,a\nDream,y,b\n")).features().toArray();
    assertArrayEquals(new float[] {0, 0, 1, 2, 0, 1, 0, 1}, x);
  }

  @Test
  void classLabelsMapInSortedOrderStringsAndIntegers() {
    Schema s = Schema.builder().numeric("a").target("species", Task.CLASSIFICATION).build();
    Preprocessor pre = Preprocessor.fit(csv(s, "a,species\n1,dog\n2,cat\n3,ant\n4,cat\n"), s);
    assertEquals(List.of("ant", "cat", "dog"), pre.classNames());
    TensorDataset ds = pre.transform(csv(s, "a,species\n1,dog\n2,cat\n3,ant\n"));
    assertEquals(DType.INT64, ds.targets().dtype());
    assertArrayEquals(new int[] {3}, ds.targets().shape());
    assertArrayEquals(new long[] {2, 1, 0}, ds.targets().toLongArray());
    assertEquals("dog", pre.className(2));
    assertThrows(IndexOutOfBoundsException.class, () -> pre.className(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pre.transform(csv(s, "a,species\n1,eel\n")));
    assertContains(e.getMessage(), "class label 'eel' was not seen", "[ant, cat, dog]");

    Schema ints = Schema.builder().numeric("a").integerTarget("label").build();
    Preprocessor p = Preprocessor.fit(csv(ints, "a,label\n1,10\n2,2\n3,1\n"), ints);
    assertEquals(List.of("1", "2", "10"), p.classNames(), "numeric order, not 1, 10, 2");
    assertArrayEquals(new long[] {2, 1, 0}, p.transform(csv(ints, "a,label\n0,10\n0,2\n0,1\n")).targets()
        .toLongArray());
  }

  @Test
  void saveAndLoadReproduceTheTransformAndWriteAtomically() throws IOException {
    Schema s = Schema.builder().numeric("a").categorical("c").target("y", Task.CLASSIFICATION)
        .missing(MissingPolicy.FILL_MEDIAN, "a").scaling(Scaling.STANDARDIZE).unknownBucket("c").build();
    Table train = csv(s, "a,c,y\n1,x,p\n2,y,q\nNA,x,p\n10,\"q\"\"uote\",q\n");
    Preprocessor pre = Preprocessor.fit(train, s);
    Path file = dir.resolve("pre.json");
    Files.writeString(file, "old content");
    pre.save(file);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
    Preprocessor loaded = Preprocessor.load(file);
    assertEquals(pre, loaded);
    assertEquals(pre.toJson(), loaded.toJson());
    Table test = csv(s, "a,c,y\nNA,zzz,q\n3,q\"uote,p\n");
    assertArrayEquals(pre.transform(test).features().toArray(), loaded.transform(test).features().toArray());
    assertArrayEquals(pre.transform(test).targets().toLongArray(), loaded.transform(test).targets().toLongArray());
    assertEquals(pre.featureNames(), loaded.featureNames());
    String json = Files.readString(file);
    assertContains(json, "\"format\": \"jgrad.Preprocessor\"", "\"missing\": \"fill_median\"",
        "\"categories\": [\"q\\\"uote\", \"x\", \"y\"]", "\"classes\": [\"p\", \"q\"]");
  }

  @Test
  void loadRejectsBadFilesNamingTheField() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"format\": \"other\"}");
    IOException e = assertThrows(IOException.class, () -> Preprocessor.load(file));
    assertContains(e.getMessage(), "Preprocessor.load", "bad.json", "\"format\" is \"other\"");
    Files.writeString(file, "{\"format\": \"jgrad.Preprocessor\", \"version\": 1, \"missing_values\": [],"
        + " \"separator\": \",\", \"features\": [{\"name\": \"a\", \"kind\": \"numeric\", \"missing\": \"fail\","
        + " \"scaling\": \"none\", \"center\": 0}]}");
    e = assertThrows(IOException.class, () -> Preprocessor.load(file));
    assertContains(e.getMessage(), "missing field \"features[0].scale\"");
    Files.writeString(file, "{\"format\": ");
    e = assertThrows(IOException.class, () -> Preprocessor.load(file));
    assertContains(e.getMessage(), "not valid JSON: Unexpected end-of-input", "at line 1, column 12");
    Files.writeString(file, "{\"format\": \"jgrad.Preprocessor\", \"version\": 2}");
    e = assertThrows(IOException.class, () -> Preprocessor.load(file));
    assertContains(e.getMessage(), "\"version\" 2.0 is not supported");
  }

  @Test
  void schemaRoundTripsForReadingPredictionFiles() {
    Schema s = Schema.builder().numeric("a").integer("n").categorical(Encoding.INDEX, "c")
        .target("y", Task.REGRESSION).missing(MissingPolicy.FILL_MEAN, "a").scaling(Scaling.MIN_MAX, "n")
        .targetScaling(Scaling.STANDARDIZE).build();
    Preprocessor pre = Preprocessor.fit(csv(s, "a,n,c,y\n1,2,x,3\n4,6,y,5\n"), s);
    Schema back = pre.schema();
    assertEquals(s.features(), back.features());
    assertEquals(s.target(), back.target());
    Table toPredict = csv(back.withoutTarget(), "a,n,c\nNA,4,y\n");
    Tensor x = pre.transformFeatures(toPredict);
    assertArrayEquals(new float[] {2.5f, 0.5f, 1f}, x.toArray());
    assertNull(Preprocessor.fit(csv(back.withoutTarget(), "a,n,c\n1,2,x\n"), back.withoutTarget()).task());
  }

  @Test
  void wrongTablesFailClearly() {
    Schema s = Schema.builder().numeric("a").target("y", Task.CLASSIFICATION).build();
    Table noColumn = Table.create("t", DoubleColumn.create("b", 1.0), StringColumn.create("y", "p"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocessor.fit(noColumn, s));
    assertContains(e.getMessage(), "table 't' has no column 'a'", "[b, y]");
    Table wrongType = Table.create("t", StringColumn.create("a", "1"), StringColumn.create("y", "p"));
    e = assertThrows(IllegalArgumentException.class, () -> Preprocessor.fit(wrongType, s));
    assertContains(e.getMessage(), "column 'a' is declared numeric", "STRING");
    Table ok = Table.create("t", IntColumn.create("a", 1, 2), StringColumn.create("y", "p", "q"));
    Preprocessor pre = Preprocessor.fit(ok, s);
    assertThrows(IllegalStateException.class, () -> pre.inverseTargets(Tensor.zeros(1)));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Preprocessor.fit(ok.emptyCopy(), s));
    assertContains(empty.getMessage(), "no rows left to fit on");
  }
}
