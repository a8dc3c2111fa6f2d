package dev.jgrad.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a CSV file is laid out, as options shared by {@code train} and {@code predict} (a picocli mixin): the field
 * delimiter, lines above the data to ignore, and whether there is a header row. A file with a metadata line and no
 * header reads as if it had been edited into a plain CSV: the skipped lines are dropped and a header
 * ({@code c0, c1, ...} or {@code --columns}) is put in front, as a stream, so the file is never copied.
 */
final class CsvDialect {
  @Option(names = "--delimiter", paramLabel = "C", defaultValue = ",",
      description = "Field delimiter: one character, or 'tab' (also '\\t') (default: ${DEFAULT-VALUE}).")
  String delimiter = ",";

  @Option(names = "--skip-rows", paramLabel = "N", defaultValue = "0",
      description = "Lines at the top of the file to ignore, above the header (or the data with --no-header).")
  int skipRows;

  @Option(names = "--no-header",
      description = "The file has no header row: columns are named c0, c1, ... (or by --columns).")
  boolean noHeader;

  @Option(names = "--columns", split = ",", paramLabel = "a,b,c",
      description = "Names of the columns of a file without a header row (implies --no-header).")
  List<String> columns;

  /** The delimiter as a character. @throws CliException (usage) if it is not one usable character */
  char separator() {
    String d = delimiter.equals("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
    if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
      throw CliException.usage("--delimiter: expected one character (not a quote or line break) or 'tab', got '"
          + delimiter + "'");
    }
    return d.charAt(0);
  }

  /** Checks the values picocli cannot. @throws CliException (usage) for a bad one */
  void check() {
    separator();
    if (skipRows < 0) {
      throw CliException.usage("--skip-rows: must be at least 0, got " + skipRows);
    }
    if (columns != null && (columns.isEmpty() || columns.stream().anyMatch(String::isBlank))) {
      throw CliException.usage("--columns: expected comma-separated names, got '" + String.join(",", columns) + "'");
    }
  }

  /** These options as they are typed (empty for a plain CSV), each with a leading space. */
  String arguments() {
    StringBuilder sb = new StringBuilder();
    if (!delimiter.equals(",")) {
      sb.append(" --delimiter ").append(separator() == '\t' ? "tab" : "'" + delimiter + "'");
    }
    if (skipRows > 0) {
      sb.append(" --skip-rows ").append(skipRows);
    }
    if (columns != null) {
      sb.append(" --columns ").append(String.join(",", columns));
    } else if (noHeader) {
      sb.append(" --no-header");
    }
    return sb.toString();
  }

  /** Whether the file is read as it is: a plain CSV with a header on line 1. */
  boolean isPlain() {
    return skipRows == 0 && !noHeader && columns == null;
  }

  /**
   * The CSV text {@code raw} means under this dialect: skipped lines dropped, a header in front if it has none.
   *
   * @param source the file's name, for messages
   * @throws CliException (usage) if {@code --columns} names a different number of columns than the first row has
   */
  InputStream open(InputStream raw, String source) throws IOException {
    for (int i = 0; i < skipRows; i++) {
      readLine(raw);
    }
    if (!noHeader && columns == null) {
      return raw;
    }
    byte[] first = readLine(raw);
    String firstLine = new String(first, StandardCharsets.UTF_8).stripTrailing();
    if (firstLine.isEmpty()) {
      return new SequenceInputStream(new ByteArrayInputStream(first), raw); // the loader reports the empty file
    }
    int fields = fieldCount(firstLine, separator());
    List<String> names = columns;
    if (names == null) {
      names = new ArrayList<>();
      for (int i = 0; i < fields; i++) {
        names.add("c" + i);
      }
    } else if (names.size() != fields) {
      throw CliException.usage(String.format("--columns: %d names given (%s), but the first data row of %s has %d "
          + "fields", names.size(), String.join(",", names), source, fields));
    }
    String header = String.join(String.valueOf(separator()), names) + "\n";
    return new SequenceInputStream(new ByteArrayInputStream(header.getBytes(StandardCharsets.UTF_8)),
        new SequenceInputStream(new ByteArrayInputStream(first), raw));
  }

  /** One line, with its line break (empty at the end of the stream). */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    return line.toByteArray();
  }

  /** Fields in one CSV line: separators outside double quotes, plus one. */
  static int fieldCount(String line, char separator) {
    int n = 1;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        n++;
      }
    }
    return n;
  }
}
