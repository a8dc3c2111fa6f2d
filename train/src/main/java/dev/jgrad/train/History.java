package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.io.AtomicFile;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * One row per epoch: {@code epoch}, {@code step} (optimizer steps so far), {@code train_loss}, {@code val_loss}
 * (missing without validation), {@code train_<metric>}, {@code val_<metric>}, {@code lr}. Backed by a Tablesaw
 * {@link Table}; saved as CSV, as a loss-curve PNG, or as a self-contained HTML page.
 *
 * <pre>{@code
 * History h = trainer.fit(train, 20, test);
 * h.saveCsv(Path.of("history.csv"));
 * h.savePlot(Path.of("loss.png"));
 * h.saveHtml(Path.of("loss.html"));           // chart + table, opens in any browser
 * double best = h.min("val_loss");
 * }</pre>
 */
public final class History {
  static final String EPOCH = "epoch";
  static final String STEP = "step";

  private final Table table;
  private String stopReason;

  /** An empty history. */
  public History() {
    this.table = Table.create("history", IntColumn.create(EPOCH), LongColumn.create(STEP));
  }

  private History(Table table) {
    this.table = table;
  }

  /**
   * Appends a row. A key seen for the first time becomes a new column (missing in earlier rows); a known key
   * absent from {@code values} is missing in this row.
   */
  void append(int epoch, long step, Map<String, Double> values) {
    for (String key : values.keySet()) {
      if (!table.containsColumn(key)) {
        DoubleColumn col = DoubleColumn.create(key);
        for (int i = 0; i < table.rowCount(); i++) {
          col.appendMissing();
        }
        table.addColumns(col);
      }
    }
    table.intColumn(EPOCH).append(epoch);
    table.longColumn(STEP).append(step);
    for (String name : table.columnNames()) {
      if (!name.equals(EPOCH) && !name.equals(STEP)) {
        Double v = values.get(name);
        if (v == null) {
          table.doubleColumn(name).appendMissing();
        } else {
          table.doubleColumn(name).append(v);
        }
      }
    }
  }

  /** Replaces every row with those of {@code other} (a resumed run continues the saved history). */
  void replaceWith(History other) {
    table.removeColumns(table.columnNames().toArray(new String[0]));
    for (int i = 0; i < other.table.columnCount(); i++) {
      table.addColumns(other.table.column(i).copy());
    }
  }

  void setStopReason(String reason) {
    this.stopReason = reason;
  }

  /** Why the last {@code fit} stopped early (early stopping, non-finite loss, a callback), or {@code null}. */
  public String stopReason() {
    return stopReason;
  }

  /** A copy of the table. */
  public Table table() {
    return table.copy();
  }

  /** Number of epochs recorded. */
  public int size() {
    return table.rowCount();
  }

  /** Column names in order. */
  public List<String> columnNames() {
    return table.columnNames();
  }

  /** Whether a column exists. */
  public boolean has(String column) {
    return table.containsColumn(column);
  }

  /**
   * A column's values, missing values as NaN.
   *
   * @throws IllegalArgumentException naming the available columns if {@code column} does not exist
   */
  public double[] column(String column) {
    if (!table.containsColumn(column)) {
      throw new IllegalArgumentException(
          "History: no column named '" + column + "'; available: " + table.columnNames());
    }
    double[] out = new double[table.rowCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = table.column(column).isMissing(i) ? Double.NaN : ((Number) table.column(column).get(i)).doubleValue();
    }
    return out;
  }

  /** The last row's value of a column (NaN if missing). @throws IllegalStateException when empty */
  public double last(String column) {
    double[] c = column(column);
    if (c.length == 0) {
      throw new IllegalStateException("History: no epochs recorded yet");
    }
    return c[c.length - 1];
  }

  /** The smallest non-missing value of a column, or NaN when there is none. */
  public double min(String column) {
    double best = Double.NaN;
    for (double v : column(column)) {
      if (!Double.isNaN(v) && (Double.isNaN(best) || v < best)) {
        best = v;
      }
    }
    return best;
  }

  /** The history as CSV text (header, one line per epoch, missing values empty). */
  public String toCsv() {
    StringWriter w = new StringWriter();
    table.write().csv(CsvWriteOptions.builder(w).build());
    return w.toString();
  }

  /** Writes {@link #toCsv()} to a file. */
  public void saveCsv(Path file) throws IOException {
    AtomicFile.write(file, toCsv().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses what {@link #toCsv()} wrote.
   *
   * @throws IllegalArgumentException if the header does not start with {@code epoch,step}
   */
  public static History fromCsv(String csv) {
    String header = csv.lines().findFirst().orElse("");
    checkArgument(header.startsWith(EPOCH + "," + STEP),
        "History.fromCsv: expected a header starting with 'epoch,step', got '%s'", header);
    try {
      Table t = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(csv))
          .tableName("history")
          .columnTypes(name -> name.equals(EPOCH) ? ColumnType.INTEGER
              : name.equals(STEP) ? ColumnType.LONG : ColumnType.DOUBLE));
      return new History(t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("History.fromCsv: cannot parse history CSV: " + e.getMessage(), e);
    }
  }

  /** Reads a file written by {@link #saveCsv(Path)}. */
  public static History readCsv(Path file) throws IOException {
    return fromCsv(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The loss curves ({@code train_loss}, and {@code val_loss} when present) against the epoch. */
  public List<Charts.Series> lossSeries() {
    List<Charts.Series> series = new ArrayList<>();
    double[] epochs = column(EPOCH);
    for (String name : List.of("train_loss", "val_loss")) {
      if (has(name)) {
        series.add(new Charts.Series(name, epochs, column(name)));
      }
    }
    return series;
  }

  /** Saves the loss curves as a PNG. */
  public void savePlot(Path png) throws IOException {
    Charts.savePng(png, "Loss", "epoch", "loss", lossSeries());
  }

  /**
   * Saves a self-contained HTML page: the loss curves, one chart per other metric (train and validation
   * together), and the history table.
   */
  public void saveHtml(Path html) throws IOException {
    double[] epochs = column(EPOCH);
    Map<String, List<Charts.Series>> charts = new LinkedHashMap<>();
    charts.put("loss", lossSeries());
    for (String name : columnNames()) {
      String metric = name.startsWith("train_") ? name.substring(6) : name.startsWith("val_") ? name.substring(4) : null;
      if (metric != null && !metric.equals("loss")) {
        charts.computeIfAbsent(metric, m -> new ArrayList<>()).add(new Charts.Series(name, epochs, column(name)));
      }
    }
    if (has("lr")) {
      charts.put("learning rate", List.of(new Charts.Series("lr", epochs, column("lr"))));
    }
    List<String> svgs = new ArrayList<>();
    for (Map.Entry<String, List<Charts.Series>> e : charts.entrySet()) {
      svgs.add(Charts.svg(e.getKey(), "epoch", e.getKey(), e.getValue()));
    }
    Charts.saveHtml(html, "Training history", svgs, table);
  }

  /** The table as text (Tablesaw's print). */
  @Override
  public String toString() {
    return table.printAll();
  }
}
