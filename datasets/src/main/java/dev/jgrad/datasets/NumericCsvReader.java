package dev.jgrad.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * {@link CsvLoader}'s fast path for files whose columns are all read as numbers (Tablesaw {@code DOUBLE} or
 * {@code INTEGER}, or skipped): it splits the UTF-8 bytes itself and parses each cell straight into a
 * {@code double[]} or {@code int[]}, instead of univocity making a String per cell and Tablesaw parsing it.
 *
 * <p>The contract is "same table or give up": {@link #read} returns a table equal, column type, name and every
 * value bit for bit, to what the Tablesaw path makes of the same bytes, or null, and then CsvLoader reads the whole
 * input again with Tablesaw. It gives up on anything whose Tablesaw reading it does not reproduce exactly, which
 * includes every input Tablesaw rejects, so every error message still comes from the one Tablesaw path: a quote
 * anywhere, a non-ASCII byte in a data row, a control character, a lone CR or mixed line endings, whitespace at the
 * edge of a cell, a ragged row, a cell that is neither a plain decimal (nor a plain integer in an integer column),
 * empty, nor a missing-value indicator (so {@code 1,000}, {@code 12%}, {@code Infinity}, {@code 0x1p3},
 * {@code 1d}, {@code +5} in an integer column all go to Tablesaw), a header that is empty, has an empty, padded,
 * duplicate or non-UTF-8 name, or names a column read as text, a file without data rows.
 *
 * <p>Values: a cell is missing (NaN, or {@code Integer.MIN_VALUE} in an integer column, as Tablesaw stores it) when
 * it is empty or equals an indicator of {@link Schema#missingValues()}, checked before parsing as Tablesaw does. A
 * plain decimal {@code [+-]digits[.digits][(e|E)[+-]digits]} is converted exactly, equal bit for bit to
 * {@link Double#parseDouble} (which is what Tablesaw calls): a mantissa of at most 18 digits that is at most 2^53,
 * with a power of ten within ±22, gives the correctly rounded double with one multiplication or division of two
 * exact doubles (the common {@code -?d{1,7}.d{0,7}} is read 8 bytes at a time); any other decimal goes to
 * {@code Double.parseDouble} on its text. Blank lines are skipped, as univocity skips them (with two or more
 * columns; with one, a blank line gives up).
 */
final class NumericCsvReader {
  private static final int DOUBLE = 0;
  private static final int INT = 1;
  private static final int SKIP = 2;
  /** Marks a cell that is not a plain number: it may be missing, or the whole read gives up. */
  private static final int NOT_PLAIN = -1;
  /** Gives up: the input goes to Tablesaw. */
  private static final int GIVE_UP = -2;
  /** Longer cells go to Tablesaw (the fast path's numbers are never this long). */
  private static final int MAX_CELL = 256;
  /** Wider files go to Tablesaw, which caps the column count at {@link CsvLoader#MAX_COLUMNS}. */
  private static final int MAX_COLUMNS = 512;
  private static final int CHUNK = 1 << 22;
  private static final long TWO_TO_53 = 1L << 53;
  private static final long ZEROS = 0x3030303030303030L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long[] POW10_LONG = {1L, 10L, 100L, 1000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L};
  private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
      1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  /** What the fast path read: the table and every header name in file order (skipped columns included). */
  record Result(Table table, List<String> header) {}

  private final Schema schema;
  private final String source;
  private final byte sep;
  private final byte[][] indicators;
  private final boolean numericIndicator;

  private InputStream in;
  private byte[] buf;
  private int limit;
  private boolean eof;
  /** Total input size when known in advance (a file), to size the column arrays; -1 otherwise. */
  private final long expectedBytes;
  private long consumedBefore;

  private boolean crlf;
  private int[] kinds;
  private int[] slots;
  private double[][] doubles;
  private int[][] ints;
  private int rows;
  private int capacity;

  private NumericCsvReader(Schema schema, List<String> missingIndicators, String source, long expectedBytes) {
    this.schema = schema;
    this.source = source;
    this.sep = (byte) schema.separator();
    this.expectedBytes = expectedBytes;
    List<byte[]> ind = new ArrayList<>();
    boolean numeric = false;
    for (String s : missingIndicators) {
      if (s.isEmpty()) {
        continue; // an empty cell is missing anyway (Tablesaw: null or "" is always missing)
      }
      ind.add(s.getBytes(StandardCharsets.UTF_8));
      numeric |= looksNumeric(s);
    }
    this.indicators = ind.toArray(new byte[0][]);
    this.numericIndicator = numeric;
  }

  /**
   * Whether a schema can be read by this class at all, known before reading: every declared feature and the target
   * are numbers, the separator is one this class splits on, and missing-value indicators are given (with none,
   * Tablesaw uses its own default list).
   */
  static boolean supports(Schema schema) {
    char s = schema.separator();
    if (s != ',' && s != ';' && s != '|' && s != '\t') {
      return false;
    }
    if (schema.missingValues().isEmpty()) {
      return false;
    }
    for (Schema.Feature f : schema.features()) {
      if (f.kind() == Schema.Kind.CATEGORICAL) {
        return false;
      }
    }
    Schema.Target t = schema.target();
    return t == null || t.columnType() == ColumnType.DOUBLE || t.columnType() == ColumnType.INTEGER;
  }

  /**
   * Reads {@code in} to its end in large chunks (not closed).
   *
   * @param missingIndicators the cell texts read as missing (the same list the Tablesaw path is given)
   * @param expectedBytes the input's size if known (sizes the arrays), else -1
   * @return the table, or null to read the input with Tablesaw instead
   */
  static Result read(Schema schema, List<String> missingIndicators, InputStream in, long expectedBytes,
      String source) throws IOException {
    return read(schema, missingIndicators, in, expectedBytes, source, CHUNK);
  }

  /** With the schema's indicators and {@link NumberSpelling}'s, {@code chunk} bytes at a time (tests). */
  static Result read(Schema schema, InputStream in, long expectedBytes, String source, int chunk) throws IOException {
    return read(schema, NumberSpelling.missingIndicators(schema.missingValues(), false), in, expectedBytes, source,
        chunk);
  }

  private static Result read(Schema schema, List<String> missingIndicators, InputStream in, long expectedBytes,
      String source, int chunk) throws IOException {
    NumericCsvReader r = new NumericCsvReader(schema, missingIndicators, source, expectedBytes);
    r.in = in;
    r.buf = new byte[expectedBytes >= 0 && expectedBytes < chunk ? (int) expectedBytes + 16 : chunk];
    return r.run();
  }

  /** Reads a whole input held in memory; null to read it with Tablesaw instead. */
  static Result read(Schema schema, List<String> missingIndicators, byte[] bytes, String source) throws IOException {
    NumericCsvReader r = new NumericCsvReader(schema, missingIndicators, source, bytes.length);
    r.buf = bytes;
    r.limit = bytes.length;
    r.eof = true;
    return r.run();
  }

  /** With the schema's indicators and {@link NumberSpelling}'s (tests). */
  static Result read(Schema schema, byte[] bytes, String source) throws IOException {
    return read(schema, NumberSpelling.missingIndicators(schema.missingValues(), false), bytes, source);
  }

  private Result run() throws IOException {
    fill();
    int nl = indexOf(buf, 0, limit, (byte) '\n');
    while (nl < 0 && !eof) {
      grow();
      fill();
      nl = indexOf(buf, 0, limit, (byte) '\n');
    }
    if (nl < 0) {
      return null; // empty, or a header without data rows: Tablesaw words those errors
    }
    int start = 0;
    if (nl >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
      start = 3; // a UTF-8 byte order mark, which the Tablesaw path drops too
    }
    int headerEnd = nl;
    if (nl > start && buf[nl - 1] == '\r') {
      crlf = true; // univocity detects the line separator from the first line
      headerEnd--;
    }
    List<String> header = header(start, headerEnd);
    if (header == null) {
      return null;
    }
    int pos = nl + 1;
    while (true) {
      int last = lastIndexOf(buf, pos, limit, (byte) '\n');
      if (last >= 0) {
        int end = parseLines(pos, last + 1);
        if (end < 0) {
          return null;
        }
        pos = last + 1;
      }
      if (eof) {
        break;
      }
      // Keep the unfinished line, then read on; a line longer than the buffer grows it.
      consumedBefore += pos;
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
      if (limit == buf.length) {
        grow();
      }
      fill();
    }
    if (pos < limit) {
      // The last line has no line separator: parse a copy that has one.
      int n = limit - pos;
      byte[] tail = Arrays.copyOfRange(buf, pos, limit + 2);
      if (crlf) {
        tail[n] = '\r';
        tail[n + 1] = '\n';
      } else {
        tail[n] = '\n';
      }
      buf = tail;
      consumedBefore += pos;
      if (parseLines(0, crlf ? n + 2 : n + 1) < 0) {
        return null;
      }
    }
    if (rows == 0) {
      return null;
    }
    return new Result(table(header), header);
  }

  /** Reads until the buffer is full or the input ends. */
  private void fill() throws IOException {
    while (!eof && limit < buf.length) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
  }

  private void grow() {
    buf = Arrays.copyOf(buf, buf.length * 2);
  }

  /** The header names and their column kinds, or null to give up. */
  private List<String> header(int start, int end) {
    List<String> names = new ArrayList<>();
    List<Integer> kindList = new ArrayList<>();
    Set<String> lower = new HashSet<>();
    int p = start;
    while (true) {
      int e = p;
      while (e < end && buf[e] != sep) {
        byte b = buf[e];
        if (b == '"' || (b >= 0 && b < 0x20)) { // a quote, or a control character such as a lone CR
          return null;
        }
        e++;
      }
      if (e == p || e - p > MAX_CELL || buf[p] == ' ' || buf[e - 1] == ' ') {
        return null; // empty or padded names: Tablesaw renames or trims them
      }
      String name;
      try {
        name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, p, e - p)).toString();
      } catch (CharacterCodingException x) {
        return null; // Tablesaw's reader reports the invalid UTF-8
      }
      if (name.indexOf('\ufeff') >= 0 || names.contains(name)) {
        return null;
      }
      ColumnType type = schema.columnType(name);
      int kind;
      if (type == ColumnType.DOUBLE) {
        kind = DOUBLE;
      } else if (type == ColumnType.INTEGER) {
        kind = INT;
      } else if (type == ColumnType.SKIP) {
        kind = SKIP;
      } else {
        return null; // a text or other column: Tablesaw reads it
      }
      // Tablesaw's table refuses two column names that differ only in case.
      if (kind != SKIP && !lower.add(name.toLowerCase(Locale.ROOT))) {
        return null;
      }
      names.add(name);
      kindList.add(kind);
      if (names.size() > MAX_COLUMNS) {
        return null;
      }
      if (e == end) {
        break;
      }
      p = e + 1;
    }
    kinds = new int[names.size()];
    slots = new int[names.size()];
    int nd = 0;
    int ni = 0;
    for (int c = 0; c < kinds.length; c++) {
      kinds[c] = kindList.get(c);
      slots[c] = kinds[c] == DOUBLE ? nd++ : kinds[c] == INT ? ni++ : -1;
    }
    if (nd + ni == 0) {
      return null;
    }
    capacity = 1024;
    doubles = new double[nd][capacity];
    ints = new int[ni][capacity];
    return names;
  }

  /**
   * Parses the whole lines in {@code [p, end)} ({@code buf[end - 1]} is a line feed).
   *
   * @return {@code end}, or {@link #GIVE_UP}
   */
  private int parseLines(int p, int end) {
    final byte[] b = buf;
    final int[] kinds = this.kinds;
    final int[] slots = this.slots;
    final int lastColumn = kinds.length - 1;
    final byte sep = this.sep;
    final boolean crlf = this.crlf;
    while (p < end) {
      byte first = b[p];
      if (first == '\n' || (first == '\r' && crlf)) {
        // A blank line, which univocity skips; with one column it could be read as a missing cell instead.
        if (lastColumn == 0 || (crlf && (first != '\r' || b[p + 1] != '\n'))) {
          return GIVE_UP;
        }
        p += crlf ? 2 : 1;
        continue;
      }
      if (rows == capacity) {
        if (!growColumns(p)) {
          return GIVE_UP;
        }
      }
      int row = rows;
      for (int c = 0; ; c++) {
        int kind = kinds[c];
        int q;
        if (kind == DOUBLE) {
          q = doubleCell(b, p, doubles[slots[c]], row);
        } else if (kind == INT) {
          q = intCell(b, p, ints[slots[c]], row);
        } else {
          q = skipCell(b, p);
        }
        if (q == NOT_PLAIN) {
          q = otherCell(b, p, kind, slots[c], row);
        }
        if (q < 0) {
          return GIVE_UP;
        }
        byte t = b[q];
        if (c < lastColumn) {
          if (t != sep) {
            return GIVE_UP; // too few fields: Tablesaw words the ragged row
          }
          p = q + 1;
        } else {
          if (t == '\n' && !crlf) {
            p = q + 1;
          } else if (t == '\r' && crlf && b[q + 1] == '\n') {
            p = q + 2;
          } else {
            return GIVE_UP; // too many fields, or a line ending other than the header's
          }
          break;
        }
      }
      rows = row + 1;
    }
    return end;
  }

  /**
   * A plain decimal at {@code p} into {@code dst[row]}: the common shape {@code -?digits[.digits]} with at most 7
   * digits on either side of the point, read 8 bytes at a time; anything else goes to {@link #anyDoubleCell}. Kept
   * small and nearly branch-free (the sign and digit counts of real data are unpredictable), and inlined by the JIT.
   *
   * @return the index of the byte after it (a separator or line end), or {@link #NOT_PLAIN}
   */
  private int doubleCell(byte[] b, int p, double[] dst, int row) {
    if (p + 24 > b.length) {
      return anyDoubleCell(b, p, dst, row); // too close to the end of the buffer for two 8-byte reads
    }
    int negative = b[p] == '-' ? 1 : 0;
    int q = p + negative;
    long x = (long) LONGS.get(b, q) ^ ZEROS;
    int digits = leadingDigits(x);
    long integer = digits == 0 ? 0 : eightDigits(x << (64 - 8 * digits));
    q += digits;
    int fraction = 0;
    long fractional = 0;
    if (b[q] == '.') {
      long y = (long) LONGS.get(b, ++q) ^ ZEROS;
      fraction = leadingDigits(y);
      fractional = fraction == 0 ? 0 : eightDigits(y << (64 - 8 * fraction));
      q += fraction;
    }
    byte ch = b[q];
    if (digits == 8 || fraction == 8 || digits + fraction == 0 || (ch != sep && ch != '\n' && ch != '\r')
        || numericIndicator) {
      return anyDoubleCell(b, p, dst, row);
    }
    // At most 14 digits, below 2^53, and 10^fraction are exact doubles, so the one IEEE division rounds correctly,
    // as Double.parseDouble does. The sign is set last, so that "-0" and "-0.0" give -0.0 as parseDouble does.
    double v = (integer * POW10_LONG[fraction] + fractional) / POW10[fraction];
    dst[row] = Double.longBitsToDouble(Double.doubleToRawLongBits(v) | (long) negative << 63);
    return q;
  }

  /**
   * How many of the 8 bytes of {@code x} (each XOR '0', the first in the low byte) are digits before the first
   * non-digit. A byte is a digit when it is at most 9: adding 0x76 sets its top bit otherwise. A carry out of one
   * byte can only spoil the bytes after it, and that byte is already marked by its own top bit.
   */
  private static int leadingDigits(long x) {
    long nonDigits = ((x + 0x7676767676767676L) | x) & 0x8080808080808080L;
    return Long.numberOfTrailingZeros(nonDigits) >>> 3;
  }

  /** The number written by 8 digit values 0..9, the most significant in the low byte (three multiplications). */
  private static long eightDigits(long x) {
    x = (x * 10 + (x >>> 8)) & 0x00FF00FF00FF00FFL;
    x = (x * 100 + (x >>> 16)) & 0x0000FFFF0000FFFFL;
    return (x * 10000 + (x >>> 32)) & 0xFFFFFFFFL;
  }

  /** Any decimal at {@code p} into {@code dst[row]}; see {@link #doubleCell}. */
  private int anyDoubleCell(byte[] b, int p, double[] dst, int row) {
    int q = p;
    byte ch = b[q];
    boolean negative = ch == '-';
    if (negative || ch == '+') {
      ch = b[++q];
    }
    // All digits go into the mantissa; more than 18 of them (which could overflow a long) go to parseDouble.
    long mantissa = 0;
    int digitsStart = q;
    while (ch >= '0' && ch <= '9') {
      mantissa = mantissa * 10 + (ch - '0');
      ch = b[++q];
    }
    int digits = q - digitsStart;
    int exponent = 0;
    if (ch == '.') {
      int fractionStart = ++q;
      ch = b[q];
      while (ch >= '0' && ch <= '9') {
        mantissa = mantissa * 10 + (ch - '0');
        ch = b[++q];
      }
      exponent = fractionStart - q;
      digits -= exponent;
    }
    if (digits == 0) {
      return NOT_PLAIN;
    }
    if (ch == 'e' || ch == 'E') {
      ch = b[++q];
      boolean negativeExponent = ch == '-';
      if (negativeExponent || ch == '+') {
        ch = b[++q];
      }
      int exponentStart = q;
      int e = 0;
      while (ch >= '0' && ch <= '9') {
        if (e < 100_000) {
          e = e * 10 + (ch - '0');
        }
        ch = b[++q];
      }
      if (q == exponentStart) {
        return NOT_PLAIN;
      }
      exponent += negativeExponent ? -e : e;
    }
    if ((ch != sep && ch != '\n' && ch != '\r') || q - p > MAX_CELL) {
      return NOT_PLAIN;
    }
    if (numericIndicator && isIndicator(b, p, q)) {
      dst[row] = Double.NaN;
      return q;
    }
    double v;
    if (digits <= 18 && mantissa == 0) {
      v = negative ? -0.0 : 0.0;
    } else if (digits <= 18 && mantissa <= TWO_TO_53 && exponent >= -22 && exponent <= 22) {
      // Both operands are exact doubles, so the one IEEE operation rounds correctly, as Double.parseDouble does.
      v = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
      if (negative) {
        v = -v;
      }
    } else {
      v = Double.parseDouble(new String(b, p, q - p, StandardCharsets.ISO_8859_1));
    }
    dst[row] = v;
    return q;
  }

  /** A plain integer of at most 9 digits ({@code -?[0-9]+}) at {@code p}; see {@link #doubleCell}. */
  private int intCell(byte[] b, int p, int[] dst, int row) {
    int q = p;
    byte ch = b[q];
    boolean negative = false;
    if (ch == '-') {
      negative = true;
      ch = b[++q];
    }
    int start = q;
    int v = 0;
    while (ch >= '0' && ch <= '9' && q - start < 9) {
      v = v * 10 + (ch - '0');
      ch = b[++q];
    }
    if (q == start || (ch != sep && ch != '\n' && ch != '\r')) {
      return NOT_PLAIN; // also 10 digits or more, which Integer.parseInt may or may not take
    }
    if (numericIndicator && isIndicator(b, p, q)) {
      dst[row] = Integer.MIN_VALUE;
      return q;
    }
    dst[row] = negative ? -v : v;
    return q;
  }

  /** The end of a skipped cell (not parsed, as Tablesaw does not parse it), or {@link #GIVE_UP}. */
  private int skipCell(byte[] b, int p) {
    int q = p;
    while (true) {
      byte ch = b[q];
      if (ch == sep || ch == '\n' || ch == '\r') {
        return q - p > MAX_CELL ? GIVE_UP : q;
      }
      if (ch == '"' || ch < 0x20) { // a quote, a control character or a non-ASCII byte (negative)
        return GIVE_UP;
      }
      q++;
    }
  }

  /**
   * A cell that is not a plain number: empty or a missing-value indicator is stored as missing; anything else gives
   * up.
   */
  private int otherCell(byte[] b, int p, int kind, int slot, int row) {
    int q = skipCell(b, p);
    if (q < 0) {
      return GIVE_UP;
    }
    if (q > p && (b[p] == ' ' || b[q - 1] == ' ')) {
      return GIVE_UP; // univocity trims it before Tablesaw compares it to the indicators
    }
    if (q > p && !isIndicator(b, p, q)) {
      return GIVE_UP;
    }
    if (kind == DOUBLE) {
      doubles[slot][row] = Double.NaN;
    } else {
      ints[slot][row] = Integer.MIN_VALUE;
    }
    return q;
  }

  private boolean isIndicator(byte[] b, int p, int q) {
    for (byte[] s : indicators) {
      if (Arrays.equals(s, 0, s.length, b, p, q)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an indicator could also be read as a number, so that cells must be compared with it first. */
  private static boolean looksNumeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
        return false;
      }
    }
    return true;
  }

  /** Grows the column arrays, to the expected row count when the input size is known. */
  private boolean growColumns(int p) {
    long next = (long) capacity * 2;
    long consumed = consumedBefore + p;
    if (expectedBytes > 0 && consumed > 0) {
      // Rows so far per byte so far, times the whole input, and some slack for longer lines later.
      long estimate = (long) (rows * (double) expectedBytes / consumed * 1.02) + 1024;
      next = Math.max(next, estimate);
    }
    next = Math.min(next, Integer.MAX_VALUE - 16);
    if (next <= capacity) {
      return false;
    }
    capacity = (int) next;
    for (int i = 0; i < doubles.length; i++) {
      doubles[i] = Arrays.copyOf(doubles[i], capacity);
    }
    for (int i = 0; i < ints.length; i++) {
      ints[i] = Arrays.copyOf(ints[i], capacity);
    }
    return true;
  }

  private Table table(List<String> header) {
    List<Column<?>> columns = new ArrayList<>();
    for (int c = 0; c < kinds.length; c++) {
      if (kinds[c] == DOUBLE) {
        double[] v = doubles[slots[c]];
        columns.add(DoubleColumn.create(header.get(c), v.length == rows ? v : Arrays.copyOf(v, rows)));
      } else if (kinds[c] == INT) {
        int[] v = ints[slots[c]];
        columns.add(IntColumn.create(header.get(c), v.length == rows ? v : Arrays.copyOf(v, rows)));
      }
    }
    return Table.create(source, columns);
  }

  private static int indexOf(byte[] b, int from, int to, byte x) {
    for (int i = from; i < to; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] b, int from, int to, byte x) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
