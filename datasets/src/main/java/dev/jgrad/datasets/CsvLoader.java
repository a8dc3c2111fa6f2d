package dev.jgrad.datasets;

import com.univocity.parsers.common.TextParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.AddCellToColumnException;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvReader;

/**
 * Reads a CSV file, stream or classpath resource into a Tablesaw {@link Table} with the column types a
 * {@link Schema} declares (Tablesaw guesses nothing), and rejects bad input at load time.
 *
 * <p>Text is always decoded as UTF-8, whatever the platform default, and invalid UTF-8 is an error naming the line
 * and the byte offset; a leading byte order mark is ignored. Every problem is a {@link MalformedDataException}
 * naming the source, the 1-based row (the header is row 1, as in a spreadsheet) and the column: an empty file, a
 * header without data rows, a duplicate header name, a missing feature or target column (the message lists the
 * columns that exist), a ragged row, a quote that never closes (named by the line where it opens), a row wider than
 * {@value #MAX_COLUMNS} columns, a value that is not a number (or not an integer) in a numeric (integer) column, an
 * infinite value in a numeric column, and a missing value in a column whose policy is {@link MissingPolicy#FAIL}.
 * A cell may be of any length.
 *
 * <p>Special numbers follow {@link NumberSpelling}: {@code NaN} (any case), {@code NA} and an empty cell are
 * missing; {@code inf}, {@code Infinity} (any case, signed) and a literal beyond the double range ({@code 1e999})
 * fail naming the row and column, unless {@link #infAsMissing(boolean)} reads them as missing values. Other numbers
 * are parsed by Tablesaw: {@code "1,000"} reads as 1000 (it drops grouping commas) and {@code "12%"} as 0.12; lines
 * starting with {@code #} are data, not comments.
 *
 * <p>Speed: when every column of the file is read as a number (or skipped), a direct reader parses the bytes into
 * primitive arrays instead of Tablesaw's generic CSV path (CsvLoadBenchmark, 1,000,000 rows x 11 columns read, fitted
 * and transformed on the 2-core dev machine, JDK 17: 555 ms against 1,959 ms before). It yields the very same table,
 * bit for bit; on anything it does not reproduce exactly (quotes, the quirks above, any error) the whole input is
 * read again by Tablesaw, so results and messages never depend on which path ran. For that, a stream (or a pipe) is
 * buffered in memory when the schema's columns are all numeric.
 *
 * <pre>{@code
 * Table table = new CsvLoader(schema).read(Path.of("penguins.csv"));
 * Table toPredict = new CsvLoader(schema.withoutTarget()).read(Path.of("new_penguins.csv"));
 * }</pre>
 */
public final class CsvLoader {
  private static final Pattern ROW_SIZE = Pattern.compile("Row number (\\d+) contains (\\d+) columns\\. (\\d+) expected");
  private static final Pattern BAD_NUMBER = Pattern.compile("For input string: \"(.*)\"", Pattern.DOTALL);
  /**
   * The most columns a row may have. Tablesaw's default is 10,000; univocity holds two reference arrays of this
   * length while parsing (under 2 MB at this limit), so wide files such as flattened images still read.
   */
  public static final int MAX_COLUMNS = 100_000;

  private final Schema schema;
  private final boolean fastPath;
  private final boolean infAsMissing;

  /** A loader for files laid out as {@code schema} says. */
  public CsvLoader(Schema schema) {
    this(schema, true, false);
  }

  /** With {@code fastPath} false, always reads with Tablesaw (the reference the tests compare the fast path to). */
  CsvLoader(Schema schema, boolean fastPath) {
    this(schema, fastPath, false);
  }

  private CsvLoader(Schema schema, boolean fastPath, boolean infAsMissing) {
    this.schema = Objects.requireNonNull(schema, "CsvLoader: schema must not be null");
    this.fastPath = fastPath;
    this.infAsMissing = infAsMissing;
  }

  /**
   * A loader that reads infinite values ({@code inf}, {@code Infinity}, {@code 1e999}...) as missing, so that each
   * column's {@link MissingPolicy} applies to them, as pandas' {@code use_inf_as_na} option did. By default they
   * are an error naming the row and column: a network cannot learn from them, and standardising a column that holds
   * one turns every value into NaN.
   */
  public CsvLoader infAsMissing(boolean enabled) {
    return new CsvLoader(schema, fastPath, enabled);
  }

  /** The declared layout this loader reads. */
  public Schema schema() {
    return schema;
  }

  /**
   * Reads a CSV file.
   *
   * @throws MalformedDataException if the content is bad (see the class comment)
   * @throws IOException if the file cannot be read
   */
  public Table read(Path file) throws IOException {
    String source = file.toString();
    if (!fastPath || !NumericCsvReader.supports(schema) || !Files.isRegularFile(file)) {
      // Not for the fast path, or a pipe or device, which cannot be read a second time: as a stream.
      try (InputStream in = Files.newInputStream(file)) {
        return read(in, source);
      }
    }
    NumericCsvReader.Result fast;
    try (InputStream in = Files.newInputStream(file)) {
      fast = NumericCsvReader.read(schema, indicators(), in, Files.size(file), source);
    }
    if (fast != null) {
      return checked(fast.table(), fast.header(), source);
    }
    // The fast path gave up: Tablesaw reads the whole file again.
    try (InputStream in = Files.newInputStream(file)) {
      return readTablesaw(in, source);
    }
  }

  /**
   * Reads CSV text from a stream (not closed); {@code sourceName} names it in messages.
   *
   * @throws MalformedDataException if the content is bad (see the class comment)
   * @throws IOException if the stream cannot be read
   */
  public Table read(InputStream in, String sourceName) throws IOException {
    Objects.requireNonNull(in, "CsvLoader: stream must not be null");
    if (fastPath && NumericCsvReader.supports(schema)) {
      // Buffered whole, so that Tablesaw can read it again when the fast path gives up.
      byte[] bytes = in.readAllBytes();
      NumericCsvReader.Result fast = NumericCsvReader.read(schema, indicators(), bytes, sourceName);
      if (fast != null) {
        return checked(fast.table(), fast.header(), sourceName);
      }
      in = new ByteArrayInputStream(bytes);
    }
    return readTablesaw(in, sourceName);
  }

  private Table readTablesaw(InputStream in, String sourceName) throws IOException {
    return read(new CsvTextReader(in, sourceName, schema.separator()), sourceName);
  }

  /** The cell texts read as missing: the schema's, then {@link NumberSpelling}'s. */
  private List<String> indicators() {
    return NumberSpelling.missingIndicators(schema.missingValues(), infAsMissing);
  }

  /**
   * Reads a classpath resource, found as {@code anchor.getResourceAsStream(name)} (a name without a leading
   * {@code /} is relative to the anchor's package).
   *
   * @throws IOException if there is no such resource, or as {@link #read(InputStream, String)}
   */
  public Table readResource(Class<?> anchor, String name) throws IOException {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(
            "CsvLoader: resource '" + name + "' not found (looked up relative to " + anchor.getName() + ")");
      }
      return read(in, name);
    }
  }

  private Table read(CsvTextReader reader, String source) throws IOException {
    List<String> header = new ArrayList<>();
    Map<String, Integer> positions = new HashMap<>(); // a list search per name is quadratic in wide files
    CsvReadOptions options = CsvReadOptions.builder(reader)
        .header(true)
        .tableName(source)
        .separator(schema.separator())
        .missingValueIndicator(indicators().toArray(new String[0]))
        .locale(Locale.ROOT)
        // Any length: a quote that never closes is caught by the reader, not by a cap on the cell length.
        .maxCharsPerColumn(-1)
        .maxNumberOfColumns(MAX_COLUMNS)
        // Tablesaw (univocity) would otherwise drop lines starting with '#' as comments, silently.
        .commentPrefix('\0')
        .columnTypes(name -> headerType(name, header, positions, source))
        .build();
    Table table;
    try {
      table = new CsvReader().read(options);
    } catch (RuntimeException e) {
      // The text's own problems first: they are the cause of whatever the parser made of the rest.
      reader.drain();
      MalformedDataException textProblem = reader.failure() != null ? reader.failure() : reader.unterminatedQuote();
      if (textProblem != null) {
        throw textProblem;
      }
      throw tablesawProblem(e, header, source);
    }
    MalformedDataException quote = reader.unterminatedQuote();
    if (quote != null) {
      throw quote;
    }
    if (header.isEmpty()) {
      throw new MalformedDataException("CsvLoader: " + source + " is empty: expected a header row", source, 0, null);
    }
    if (table.rowCount() == 0) {
      checkColumns(table, header, source);
      throw new MalformedDataException("CsvLoader: " + source + " has a header (row 1) but no data rows", source,
          0, null);
    }
    return checked(table, header, source);
  }

  /** Tablesaw's exception as a message naming the row and column. */
  private MalformedDataException tablesawProblem(RuntimeException thrown, List<String> header, String source)
      throws IOException {
    try {
      throw thrown;
    } catch (HeaderProblem p) {
      throw p.exception;
    } catch (AddCellToColumnException e) {
      throw cellProblem(e, header, source);
    } catch (IllegalArgumentException e) {
      Matcher m = ROW_SIZE.matcher(String.valueOf(e.getMessage()));
      if (m.find()) {
        throw raggedRow(source, Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), header, e);
      }
      throw new MalformedDataException("CsvLoader: " + source + ": " + e.getMessage(), source, 0, null, e);
    } catch (RuntimeException e) {
      throw otherProblem(e, source);
    }
  }

  /** The checks after reading, the same whichever path read the table (which has at least one row). */
  private Table checked(Table table, List<String> header, String source) throws MalformedDataException {
    checkColumns(table, header, source);
    checkInfinite(table, source);
    checkMissing(table, source);
    return table;
  }

  /**
   * Infinite values in numeric columns: missing with {@link #infAsMissing}, else the first one fails. Tablesaw
   * reads {@code Infinity} and literals beyond the double range as infinities; other spellings fail in
   * {@link #cellProblem} with the same message.
   */
  private void checkInfinite(Table table, String source) throws MalformedDataException {
    for (Column<?> c : table.columns()) {
      if (!(c instanceof DoubleColumn d)) {
        continue;
      }
      for (int i = 0; i < d.size(); i++) {
        double v = d.getDouble(i);
        if (Double.isInfinite(v)) {
          if (!infAsMissing) {
            throw infiniteValue(source, i + 2L, d.name(), d.getString(i));
          }
          d.setMissing(i);
        }
      }
    }
  }

  private static MalformedDataException infiniteValue(String source, long row, String column, String value) {
    return new MalformedDataException("CsvLoader: " + source + ", row " + row + " (header = row 1), column '"
        + column + "': infinite value '" + value + "' (a model cannot learn from it; to read infinities as missing "
        + "values, filled by the column's missing-value policy, use CsvLoader.infAsMissing(true), or --inf-as-na "
        + "on the command line)", source, row, column);
  }

  /** The Tablesaw type callback: sees each header name once, in order, before any data row. */
  private ColumnType headerType(String name, List<String> header, Map<String, Integer> positions, String source) {
    Integer previous = positions.putIfAbsent(name, header.size());
    header.add(name);
    if (previous != null) {
      throw new HeaderProblem(new MalformedDataException("CsvLoader: " + source + ", row 1 (header): duplicate "
          + "column name '" + name + "' (columns " + (previous + 1) + " and " + header.size() + ")", source, 1,
          name));
    }
    return schema.columnType(name);
  }

  private void checkColumns(Table table, List<String> header, String source) throws MalformedDataException {
    Schema.Target target = schema.target();
    if (target != null && !header.contains(target.name())) {
      throw new MalformedDataException("CsvLoader: " + source + ": target column '" + target.name()
          + "' not found; the header (row 1) has columns " + header, source, 1, target.name());
    }
    List<String> absent = new ArrayList<>();
    for (String f : schema.featureColumns()) {
      if (!header.contains(f)) {
        absent.add(f);
      }
    }
    if (!absent.isEmpty()) {
      throw new MalformedDataException("CsvLoader: " + source + ": feature column" + (absent.size() == 1 ? " " : "s ")
          + absent + " not found; the header (row 1) has columns " + header, source, 1, absent.get(0));
    }
  }

  /** Missing values in FAIL columns: the first one fails, naming its row. */
  private void checkMissing(Table table, String source) throws MalformedDataException {
    Schema.MissingCell cell = schema.firstMissingInFailColumns(table);
    if (cell != null) {
      String name = cell.column();
      int missing = cell.count();
      int first = cell.index();
      long row = first + 2L;
      throw new MalformedDataException("CsvLoader: " + source + ", row " + row + " (header = row 1), column '" + name
          + "': missing value (" + missing + " missing in this column; the missing-value policy is FAIL, choose "
          + "DROP_ROW or a FILL_ policy with Schema.Builder.missing)", source, row, name);
    }
  }

  private MalformedDataException cellProblem(AddCellToColumnException e, List<String> header, String source) {
    long row = e.getRowNumber() + 1; // Tablesaw counts data rows from 1; the header is our row 1
    Throwable cause = e.getCause();
    if (cause instanceof IndexOutOfBoundsException) {
      Matcher m = ROW_SIZE.matcher(String.valueOf(cause.getMessage()));
      int fields = m.find() ? Integer.parseInt(m.group(2)) : -1;
      return raggedRow(source, e.getRowNumber(), fields, header, e);
    }
    int index = e.getColumnIndex();
    String column = index >= 0 && index < header.size() ? header.get(index) : "#" + (index + 1);
    ColumnType type = schema.columnType(column);
    Matcher m = BAD_NUMBER.matcher(String.valueOf(cause == null ? e.getMessage() : cause.getMessage()));
    boolean matched = m.find();
    if (matched && NumberSpelling.isInfinite(m.group(1))) {
      return infAsMissing
          ? new MalformedDataException("CsvLoader: " + source + ", row " + row + " (header = row 1), column '"
              + column + "': infinite value '" + m.group(1) + "' in a spelling not read as missing (write inf, Inf, "
              + "INF, infinity, Infinity or INFINITY, with an optional sign)", source, row, column, e)
          : infiniteValue(source, row, column, m.group(1));
    }
    String what = type == ColumnType.INTEGER ? "is not an integer" : "is not a number";
    String value = matched ? "'" + m.group(1) + "' " + what : what + " (" + (cause == null ? e : cause).getMessage()
        + ")";
    return new MalformedDataException("CsvLoader: " + source + ", row " + row + " (header = row 1), column '" + column
        + "': " + value + " (the column is declared " + typeName(type) + ")", source, row, column, e);
  }

  private static MalformedDataException raggedRow(String source, long dataRow, int fields, List<String> header,
      Exception e) {
    long row = dataRow + 1;
    return new MalformedDataException("CsvLoader: " + source + ", row " + row + " (header = row 1): ragged row with "
        + (fields >= 0 ? fields : "a different number of") + " fields, but the header has " + header.size()
        + " columns", source, row, null, e);
  }

  private static MalformedDataException otherProblem(RuntimeException e, String source) throws IOException {
    if (e instanceof TextParsingException tpe && tpe.getCause() instanceof ArrayIndexOutOfBoundsException) {
      long row = tpe.getRecordNumber() + 1;
      return new MalformedDataException("CsvLoader: " + source + ", row " + row + " (header = row 1), column "
          + (MAX_COLUMNS + 1) + ": too many columns (at most " + MAX_COLUMNS + " per row)", source, row, null, e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CharacterCodingException) {
        long line = -1;
        if (e instanceof TextParsingException tpe) {
          line = tpe.getLineIndex() + 1;
        }
        return new MalformedDataException("CsvLoader: " + source + " is not valid UTF-8"
            + (line > 0 ? " (near line " + line + ")" : "") + ": " + t, source, 0, null, e);
      }
    }
    if (e instanceof TextParsingException tpe) {
      long row = tpe.getRecordNumber() + 1;
      return new MalformedDataException("CsvLoader: " + source + ", row " + row + " (header = row 1): "
          + firstLine(tpe.getMessage()), source, row, null, e);
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        throw io;
      }
    }
    throw e;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String typeName(ColumnType type) {
    return type == ColumnType.INTEGER ? "integer" : type == ColumnType.DOUBLE ? "numeric" : type.name();
  }

  /** Carries a header error out of Tablesaw's type callback. */
  private static final class HeaderProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient MalformedDataException exception;

    HeaderProblem(MalformedDataException exception) {
      super(exception.getMessage(), null, false, false);
      this.exception = exception;
    }
  }
}
