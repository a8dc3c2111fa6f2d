package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** A result set larger than a chunk, streamed: every row, in order, as the same tensors as the CSV path gives. */
class JdbcDatasetTest {
  private static final int ROWS = 1000;
  private static final int CHUNK = 64;
  private static final String QUERY = "SELECT * FROM readings ORDER BY id";
  private static String url;
  private static Table csv;

  private static Schema schema() {
    return Schema.builder()
        .numeric("temp", "load")
        .integer("floor")
        .categorical("zone")
        .target("state", Task.CLASSIFICATION)
        .missing(MissingPolicy.FILL_MEAN, "temp")
        .missing(MissingPolicy.DROP_ROW, "load")
        .scaling(Scaling.STANDARDIZE)
        .extra(tech.tablesaw.api.ColumnType.INTEGER, "id")
        .build();
  }

  /** The same 1000 rows written as CSV text and inserted into H2; NULLs in temp (filled) and load (dropped). */
  @BeforeAll
  static void readings() throws Exception {
    String[] zones = {"north", "south", "east"};
    String[] states = {"ok", "warn", "fail"};
    StringBuilder text = new StringBuilder("id,temp,load,floor,zone,state\n");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Double temp = i % 17 == 3 ? null : 20 + Math.sin(i) * 7.3;
      Double load = i % 101 == 50 ? null : (i * 37 % 113) / 7.0;
      int floor = i % 9 - 2;
      String zone = zones[i * 7 % 3];
      String state = states[(i * 5 + i / 3) % 3];
      rows.add(new Object[] {i, temp, load, floor, zone, state});
      text.append(i).append(',').append(temp == null ? "" : temp.toString()).append(',')
          .append(load == null ? "" : load.toString()).append(',').append(floor).append(',').append(zone).append(',')
          .append(state).append('\n');
    }
    csv = new CsvLoader(schema()).read(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
        "readings.csv");
    url = H2Tables.newUrl();
    H2Tables.execute(url, "CREATE TABLE readings (id INT PRIMARY KEY, temp DOUBLE, load DOUBLE, floor INT, "
        + "zone VARCHAR(10), state VARCHAR(10))");
    H2Tables.insert(url, "readings", rows);
  }

  @Test
  void streamsEveryRowInOrderAsTheCsvPathsTensors() throws Exception {
    Preprocessor pre = Preprocessor.fit(csv, schema());
    TensorDataset expected = pre.transform(csv);
    assertEquals(ROWS - 10, expected.size(), "rows with a NULL load are dropped");
    try (JdbcDataset stream = Datasets.fromJdbc(url, QUERY).fetchSize(CHUNK).stream(pre, CHUNK)) {
      for (int pass = 0; pass < 2; pass++) {
        int i = 0;
        for (Batch sample : stream) {
          Batch want = expected.get(i);
          assertArrayEquals(want.features().toArray(), sample.features().toArray(), "sample " + i);
          assertEquals(want.targets().item(), sample.targets().item(), "sample " + i);
          i++;
        }
        assertEquals(expected.size(), i, "pass " + pass);
      }
      assertEquals(expected.size(), stream.size(), "exact after a complete pass");
    }
  }

  @Test
  void aDataLoaderBatchesTheStreamAsItBatchesTheTensorDataset() throws Exception {
    Preprocessor pre = Preprocessor.fit(csv, schema());
    TensorDataset expected = pre.transform(csv);
    try (JdbcDataset stream = Datasets.fromJdbc(url, QUERY).stream(pre, CHUNK)) {
      for (boolean dropLast : new boolean[] {false, true}) {
        DataLoader streamed = DataLoader.builder(stream, Collate.stack()).batchSize(48).dropLast(dropLast).build();
        DataLoader indexed = DataLoader.builder(expected).batchSize(48).dropLast(dropLast).build();
        Iterator<Batch> want = indexed.iterator();
        int batches = 0;
        for (Batch b : streamed) {
          Batch w = want.next();
          assertArrayEquals(w.features().shape(), b.features().shape());
          assertArrayEquals(w.features().toArray(), b.features().toArray());
          assertArrayEquals(w.targets().toLongArray(), b.targets().toLongArray());
          batches++;
        }
        assertFalse(want.hasNext());
        assertEquals(indexed.numBatches(), batches);
        assertEquals(dropLast ? 20 : 21, streamed.numBatches(), "990 samples in batches of 48");
      }
    }
  }

  @Test
  void theSizeIsTheQuerysRowCountUntilAPassCountsTheSamples() throws Exception {
    try (JdbcDataset stream = Datasets.fromJdbc(url, QUERY).stream(Preprocessor.fit(csv, schema()), CHUNK)) {
      assertEquals(ROWS, stream.size(), "SELECT COUNT(*) over the query");
      DataLoader loader = DataLoader.builder(stream, Collate.stack()).batchSize(100).build();
      assertEquals(10, loader.numBatches());
      loader.forEach(b -> { });
      assertEquals(ROWS - 10, stream.size());
    }
  }

  @Test
  void thePreprocessorIsFittedOnTheFirstRowsOfTheResult() throws Exception {
    JdbcQuery q = Datasets.fromJdbc(url, QUERY);
    try (JdbcDataset all = q.stream(schema(), CHUNK, 5 * ROWS); JdbcDataset firstChunk = q.stream(schema(), CHUNK, CHUNK)) {
      assertEquals(Preprocessor.fit(csv, schema()), all.preprocessor());
      Table head = csv.first(CHUNK);
      assertEquals(Preprocessor.fit(head, schema()), firstChunk.preprocessor());
      assertNotEquals(all.preprocessor(), firstChunk.preprocessor());
      assertEquals(ROWS - 10, all.size(), "a sample holding every row counts them");
    }
  }

  @Test
  void aStreamIsNotShuffledAndAnAbandonedPassIsClosed() throws Exception {
    JdbcDataset stream = Datasets.fromJdbc(url, QUERY).stream(Preprocessor.fit(csv, schema()), CHUNK);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(stream, Collate.stack()).shuffle(true).build());
    assertEquals("DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true",
        e.getMessage());
    Iterator<Batch> abandoned = stream.iterator();
    abandoned.next();
    stream.close();
    assertFalse(abandoned.hasNext(), "closed");
  }

  @Test
  void aCategoryAfterTheFittedRowsAndABadChunkFailThePassNamingThem() throws Exception {
    String db = H2Tables.newUrl();
    H2Tables.execute(db, "CREATE TABLE t (id INT, x DOUBLE, c VARCHAR(5), y VARCHAR(5))");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(new Object[] {i, i == 90 ? null : (double) i, i < 80 ? "a" : "b", i % 2 == 0 ? "p" : "q"});
    }
    H2Tables.insert(db, "t", rows);
    Schema s = Schema.builder().numeric("x").categorical("c").target("y", Task.CLASSIFICATION)
        .missing(MissingPolicy.FILL_MEAN, "x").build();
    try (JdbcDataset stream = Datasets.fromJdbc(db, "SELECT * FROM t ORDER BY id").stream(s, 32, 32)) {
      IllegalArgumentException unseen = assertThrows(IllegalArgumentException.class, () -> stream.forEach(b -> { }));
      assertTrue(unseen.getMessage().contains("'b'"), unseen.getMessage());
    }
    Schema known = Schema.builder().numeric("x").categorical("c").unknownBucket("c")
        .target("y", Task.CLASSIFICATION).build();
    try (JdbcDataset stream = Datasets.fromJdbc(db, "SELECT * FROM t ORDER BY id").stream(known, 32, 32)) {
      fail(stream);
    }
  }

  private static void fail(JdbcDataset stream) {
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> stream.forEach(b -> { }));
    assertTrue(e.getCause() instanceof MalformedDataException);
    assertTrue(e.getMessage().contains("row 91, column 'x': missing value (NULL"), e.getMessage());
  }

  @Test
  void aStreamReadsFromTheCallersConnection() throws Exception {
    Preprocessor pre = Preprocessor.fit(csv, schema());
    try (Connection c = DriverManager.getConnection(url);
        JdbcDataset stream = Datasets.fromJdbc(c, QUERY).stream(pre, CHUNK)) {
      int n = 0;
      for (Batch b : stream) {
        n++;
      }
      assertEquals(ROWS - 10, n);
      assertFalse(c.isClosed());
    }
  }
}
