package dev.jgrad.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import tech.tablesaw.api.Table;

/**
 * The rows of a database query as a stream of samples, PyTorch's {@code IterableDataset}: each pass
 * ({@link #iterator()}) executes the query and reads its result a chunk of {@link #chunkRows()} rows at a time (the
 * JDBC fetch size sets the rows per round trip, see {@link JdbcQuery#fetchSize}); each chunk is converted as
 * {@link JdbcLoader} converts a table and turned into tensors by the {@link #preprocessor()}, and its samples are
 * yielded in order. Memory holds one chunk, so a table larger than memory can be trained on:
 *
 * <pre>{@code
 * JdbcDataset rows = Datasets.fromJdbc(url, "SELECT * FROM readings ORDER BY id").stream(schema);
 * DataLoader loader = DataLoader.builder(rows, Collate.stack()).batchSize(64).build();
 * trainer.fit(loader, 10);
 * rows.close();
 * }</pre>
 *
 * <p><b>Preprocessing.</b> {@link JdbcQuery#stream(Schema, int, int)} fits the preprocessor once, on the first
 * {@code fitRows} rows of the result (a bounded sample read before the first pass; by default
 * {@value #DEFAULT_FIT_ROWS}): fill values, standardisation, categories and classes come from those rows. A category
 * or class that first appears later fails the pass naming it, unless its column has an unknown bucket; order the
 * query (or raise {@code fitRows}) so that the sample is representative. {@link JdbcQuery#stream(Preprocessor, int)}
 * takes one fitted elsewhere instead. Rows with a NULL in a {@link MissingPolicy#DROP_ROW} column are left out.
 *
 * <p><b>Order and size.</b> Samples come in the query's order, every pass the same when the query has an
 * {@code ORDER BY}; a {@link DataLoader} does not shuffle a stream. {@link #size()} is the query's row count
 * (counted when first asked, with {@code SELECT COUNT(*)}), and exact (rows dropped for missing values left out)
 * after a complete pass.
 *
 * <p><b>Resources and failures.</b> A pass holds a connection and a cursor until its iterator ends; one abandoned
 * part-way is closed by {@link #close()}. Database failures during a pass are thrown as
 * {@link UncheckedIOException} whose cause is the {@link SQLException} or {@link MalformedDataException}.
 */
public final class JdbcDataset implements IterableDataset<Batch>, AutoCloseable {
  /** Rows per chunk by default. */
  public static final int DEFAULT_CHUNK_ROWS = 1024;
  /** Rows the preprocessor is fitted on by default. */
  public static final int DEFAULT_FIT_ROWS = 10_000;

  private final JdbcQuery query;
  private final Preprocessor preprocessor;
  private final int chunkRows;
  private final List<Pass> open = new ArrayList<>();
  private int size;

  JdbcDataset(JdbcQuery query, Preprocessor preprocessor, int chunkRows, int knownRows) {
    this.query = query;
    this.preprocessor = preprocessor;
    this.chunkRows = chunkRows;
    this.size = knownRows;
  }

  /** The preprocessing every chunk goes through (save it with the model to predict on new rows alike). */
  public Preprocessor preprocessor() {
    return preprocessor;
  }

  /** Rows read and turned into tensors at a time. */
  public int chunkRows() {
    return chunkRows;
  }

  /** The query this dataset reads. */
  public JdbcQuery query() {
    return query;
  }

  /**
   * The samples a pass yields: the query's row count before the first complete pass, the samples it yielded after.
   *
   * @throws UncheckedIOException if the rows cannot be counted
   */
  @Override
  public synchronized int size() {
    if (size < 0) {
      try {
        size = Math.toIntExact(query.countRows());
      } catch (SQLException e) {
        throw new UncheckedIOException(new IOException("JdbcDataset: cannot count the rows of " + query.source()
            + ": " + e.getMessage(), e));
      }
    }
    return size;
  }

  /**
   * A new pass: executes the query. Passes abandoned before their end stay open until {@link #close()}.
   *
   * @throws UncheckedIOException if the query cannot be executed
   */
  @Override
  public synchronized Iterator<Batch> iterator() {
    try {
      Pass pass = new Pass(query.open());
      open.add(pass);
      return pass;
    } catch (SQLException e) {
      throw unchecked(e);
    }
  }

  /** Closes the cursors and connections of passes not read to their end. */
  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    for (Pass p : List.copyOf(open)) {
      try {
        p.abandon();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static UncheckedIOException unchecked(Exception e) {
    return new UncheckedIOException(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
  }

  /** One pass over the rows: the open cursor and the current chunk's samples. */
  private final class Pass implements Iterator<Batch> {
    private final JdbcQuery.Cursor cursor;
    private final JdbcLoader loader = query.loader(preprocessor.schema());
    private TensorDataset chunk;
    private int next;
    private long rowsRead;
    private int samples;
    private boolean ended;

    Pass(JdbcQuery.Cursor cursor) {
      this.cursor = cursor;
    }

    @Override
    public boolean hasNext() {
      while (!ended && (chunk == null || next >= chunk.size())) {
        readChunk();
      }
      return chunk != null && next < chunk.size();
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("JdbcDataset: the pass over " + query.source() + " has ended");
      }
      return chunk.get(next++);
    }

    private void readChunk() {
      try {
        Table raw = JdbcLoader.readRows(cursor.rows(), chunkRows, query.source());
        chunk = raw.rowCount() == 0 ? null : preprocessor.transform(loader.conform(raw, query.source(),
            rowsRead + 1));
        next = 0;
        rowsRead += raw.rowCount();
        samples += chunk == null ? 0 : chunk.size();
        if (raw.rowCount() < chunkRows) {
          synchronized (JdbcDataset.this) {
            size = samples;
          }
          finish();
        }
      } catch (SQLException | MalformedDataException e) {
        finish();
        throw unchecked(e);
      } catch (RuntimeException e) {
        finish();
        throw e;
      }
    }

    /** Ends the pass before its last sample. */
    void abandon() {
      chunk = null;
      finish();
    }

    void finish() {
      ended = true;
      synchronized (JdbcDataset.this) {
        if (!open.remove(this)) {
          return;
        }
      }
      try {
        cursor.close();
      } catch (SQLException e) {
        throw unchecked(e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcDataset(" + query.source() + ", chunkRows=" + chunkRows + ")";
  }
}
