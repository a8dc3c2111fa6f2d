package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.Collate;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.datasets.JdbcDataset;
import dev.jgrad.datasets.JdbcQuery;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.train.History;
import dev.jgrad.train.Metrics;
import dev.jgrad.train.Trainer;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Training from a relational database: the bundled Palmer penguins CSV is written into an in-memory H2 database
 * (NULLs where the CSV has NA), then the model trains on a SQL query's rows streamed a chunk at a time through JDBC
 * ({@link JdbcDataset}, an {@code IterableDataset}), as it would on a table too large for memory. The PyTorch
 * program it mirrors reads a cursor in an {@code IterableDataset}:
 *
 * <pre>{@code
 * class Rows(IterableDataset):
 *     def __iter__(self):
 *         for chunk in pd.read_sql(query, engine, chunksize=64):
 *             yield from zip(encode(chunk), labels(chunk))
 * }</pre>
 *
 * <p>A stream is not shuffled, and the CSV is sorted by species, so the training query orders the rows by a fixed
 * permutation of their ids. Every fifth penguin is held out by the test query; the test rows go through the
 * preprocessing fitted on the training rows.
 */
public final class DatabaseClassifier {
  /** Epochs of the full run. */
  public static final int EPOCHS = 30;
  /** Rows per chunk read from the result set. */
  public static final int CHUNK_ROWS = 64;
  private static final long SEED = 0;
  private static final AtomicInteger RUNS = new AtomicInteger();

  private DatabaseClassifier() {}

  /**
   * What the run measured.
   *
   * @param testAccuracy accuracy on the held-out penguins
   * @param trainSamples the samples one pass over the training query yields
   * @param testSamples the held-out samples
   * @param history one row per epoch
   */
  public record Result(double testAccuracy, int trainSamples, int testSamples, History history) {}

  public static void main(String[] args) {
    run(System.out, EPOCHS);
  }

  /** The full run. */
  public static Result run(PrintStream out) {
    return run(out, EPOCHS);
  }

  /** Writes the database, trains for {@code epochs} epochs from seed 0 and scores the test rows. */
  public static Result run(PrintStream out, int epochs) {
    long start = System.nanoTime();
    BundledDataset penguins = Datasets.penguins();
    // DB_CLOSE_DELAY=-1 keeps the in-memory database alive between connections.
    String url = "jdbc:h2:mem:penguins" + RUNS.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    try {
      int rows = writeTable(url, penguins.table());
      out.println(Format.f("Wrote %d penguins to the H2 table PENGUINS at %s (NA cells as NULL).", rows, url));

      JdbcQuery trainRows = Datasets.fromJdbc(url,
          "SELECT * FROM penguins WHERE MOD(id, 5) <> 0 ORDER BY MOD(id * 89, 344)");
      JdbcQuery testRows = Datasets.fromJdbc(url, "SELECT * FROM penguins WHERE MOD(id, 5) = 0 ORDER BY id");
      try (JdbcDataset train = trainRows.stream(penguins.schema(), CHUNK_ROWS, JdbcDataset.DEFAULT_FIT_ROWS);
          JdbcDataset test = testRows.stream(train.preprocessor(), CHUNK_ROWS)) {
        Preprocessor pre = train.preprocessor();
        out.println(Format.f("Training query: %s", trainRows.query()));
        out.println(Format.f("  streamed %d rows at a time; preprocessing fitted on its first %,d rows: %d "
            + "features %s", CHUNK_ROWS, JdbcDataset.DEFAULT_FIT_ROWS, pre.numFeatures(), pre.featureNames()));

        Tensor.manualSeed(SEED);
        Sequential model = new Sequential(new Linear(pre.numFeatures(), 16), new ReLU(),
            new Linear(16, pre.numClasses()));
        DataLoader trainLoader = DataLoader.builder(train, Collate.stack()).batchSize(16).build();
        DataLoader testLoader = DataLoader.builder(test, Collate.stack()).batchSize(128).build();
        out.println(Format.f("Model: Linear(%d, 16) -> ReLU -> Linear(16, %d); Adam lr 0.01; batches of 16; %d "
            + "epochs.", pre.numFeatures(), pre.numClasses(), epochs));
        Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss())
            .optimizer(new Adam(model.parameters(), 0.01)).metrics(Metrics.accuracy())
            .callbacks(new EpochLog(out, false).validationName("test")).seed(SEED).build();
        History history = trainer.fit(trainLoader, epochs, testLoader);
        double accuracy = trainer.evaluate(testLoader).get("accuracy");
        out.println(Format.f("Test accuracy: %.3f (%d of %d penguins)  [%s]", accuracy,
            Math.round(accuracy * test.size()), test.size(), Format.seconds(start)));
        return new Result(accuracy, train.size(), test.size(), history);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DatabaseClassifier: " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");   // frees the in-memory database
      } catch (SQLException e) {
        // already gone
      }
    }
  }

  /** CREATE TABLE and one batch of INSERTs: the table's rows with an {@code id}, missing cells as NULL. */
  private static int writeTable(String url, Table table) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE penguins (id INT PRIMARY KEY, species VARCHAR(16), island VARCHAR(16), "
          + "bill_length_mm DOUBLE PRECISION, bill_depth_mm DOUBLE PRECISION, flipper_length_mm DOUBLE PRECISION, "
          + "body_mass_g DOUBLE PRECISION, sex VARCHAR(8), \"YEAR\" INT)");   // YEAR is a keyword in H2: quoted
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO penguins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < table.rowCount(); i++) {
          insert.setInt(1, i);
          for (int j = 0; j < table.columnCount(); j++) {
            Column<?> column = table.column(j);
            insert.setObject(j + 2, column.isMissing(i) ? null : column.get(i));
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return table.rowCount();
    }
  }
}
