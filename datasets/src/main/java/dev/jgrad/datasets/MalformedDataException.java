package dev.jgrad.datasets;

import java.io.IOException;

/**
 * A data file (CSV, IDX) whose content is wrong: a non-numeric value in a numeric column, a ragged row, a missing
 * column, an empty file, a duplicate header, a corrupt IDX header. The message names the source, and where they
 * apply the row and the column; {@link #row()} and {@link #column()} give them to code.
 *
 * <p>Rows are 1-based as in a spreadsheet: the CSV header is row 1, the first data row is row 2. A quoted value
 * that spans lines still counts as one row; blank lines are skipped and not counted.
 *
 * <pre>{@code
 * try {
 *   table = new CsvLoader(schema).read(path);
 * } catch (MalformedDataException e) {
 *   System.err.println(e.getMessage());   // CsvLoader: data.csv, row 12 (header = row 1), column 'x': 'abc' is not a number
 * }
 * }</pre>
 */
public class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long row;
  private final String column;

  /**
   * @param message the full message
   * @param source the file, resource or stream name
   * @param row the 1-based row (header = row 1), or 0 when the problem is not in one row
   * @param column the column name, or null when the problem is not in one column
   */
  public MalformedDataException(String message, String source, long row, String column) {
    super(message);
    this.source = source;
    this.row = row;
    this.column = column;
  }

  /** Same, with the exception that revealed the problem. */
  public MalformedDataException(String message, String source, long row, String column, Throwable cause) {
    super(message, cause);
    this.source = source;
    this.row = row;
    this.column = column;
  }

  /** The file, resource or stream name. */
  public String source() {
    return source;
  }

  /** The 1-based row, counting the header as row 1; 0 if the problem is not in one row. */
  public long row() {
    return row;
  }

  /** The column name, or null if the problem is not in one column. */
  public String column() {
    return column;
  }
}
