package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.datasets.CsvLoader;
import dev.jgrad.datasets.MalformedDataException;
import dev.jgrad.datasets.Schema;
import dev.jgrad.nn.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Random CSV files (seeded) through the library loader and {@code jgrad train}: each must either work with the
 * right shape, or fail with one line (exit 1 or 2, no Java class name, no stack trace), never hang. The files mix
 * quoting, embedded line breaks and quotes, CRLF, a byte order mark, Latin-1 and invalid UTF-8, widths, special
 * numbers, empty and header-only files, ragged rows, stray quotes and truncation. The shape is checked against an
 * independent reading of the bytes: a strict UTF-8 decode and an RFC 4180 parse written here.
 *
 * <p>The default run tries {@value #DEFAULT_CASES} files; {@code mvn -P long} runs the {@code long}-tagged test
 * with {@code -Djgrad.fuzz.cases} files (5,000 in the profile).
 */
class CsvFuzzTest {
  private static final int DEFAULT_CASES = 200;
  private static final long SEED = 20261207L;
  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern JAVA_NAME = Pattern.compile("[A-Z][A-Za-z]*(Exception|Error)\\b|\\bjava\\.");

  @TempDir
  Path dir;

  @Test
  void randomFilesWorkOrFailInOneLine() throws IOException {
    run(DEFAULT_CASES);
  }

  @Test
  @Tag("long")
  void manyRandomFilesWorkOrFailInOneLine() throws IOException {
    run(Integer.getInteger("jgrad.fuzz.cases", 5000));
  }

  private void run(int cases) throws IOException {
    int worked = 0;
    int trained = 0;
    for (int i = 0; i < cases; i++) {
      Random r = new Random(SEED + i);
      byte[] bytes = generate(r);
      Path file = dir.resolve("case" + i + ".csv");
      Files.write(file, bytes);
      Expected expected = Expected.of(bytes);
      String context = "case " + i + " (seed " + (SEED + i) + "), expected " + expected + ":\n"
          + new String(bytes, StandardCharsets.ISO_8859_1);
      worked += checkLibrary(file, expected, context) ? 1 : 0;
      // Training is slower: every fourth file goes through the command line.
      if (i % 4 == 0) {
        trained += checkTrain(file, expected, context, dir.resolve("model" + i)) ? 1 : 0;
      }
    }
    System.out.printf("CsvFuzzTest: %d files, %d read by the loader; %d through jgrad train, %d trained%n", cases,
        worked, (cases + 3) / 4, trained);
    assertTrue(worked > cases / 5, "too few files read: " + worked + " of " + cases);
    assertTrue(trained > cases / 40, "too few files trained on: " + trained + " of " + cases / 4);
  }

  /** The loader, every column as text: a table of the independent shape, or a MalformedDataException. */
  private static boolean checkLibrary(Path file, Expected expected, String context) {
    Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      try {
        return new CsvLoader(Schema.builder().build()).read(file);
      } catch (MalformedDataException e) {
        return e;
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("not a MalformedDataException: " + e + "\n" + context, e);
      }
    }, context);
    if (outcome instanceof MalformedDataException e) {
      assertFalse(expected.readable() && !expected.ambiguous(), () -> "a good file failed: " + e.getMessage() + "\n"
          + context);
      assertTrue(e.getMessage().startsWith("CsvLoader: "), e.getMessage());
      return false;
    }
    Table t = (Table) outcome;
    assertTrue(expected.readable() || expected.ambiguous(), () -> "a bad file was read:\n" + t + "\n" + context);
    if (!expected.ambiguous()) {
      assertEquals(expected.columns(), t.columnCount(), () -> "columns\n" + context);
      assertEquals(expected.rows(), t.rowCount(), () -> "rows\n" + context);
    }
    return true;
  }

  /** {@code jgrad train} in-process: exit 0 with the right model input width, or one line with exit 1 or 2. */
  private static boolean checkTrain(Path file, Expected expected, String context, Path out) throws IOException {
    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("train", "--csv",
        file.toString(), "--target", "y", "--epochs", "1", "--hidden", "2", "--batch-size", "64", "--out",
        out.toString()), context);
    if (run.code() == 0) {
      assertTrue(expected.trainable() || expected.ambiguous(), () -> "exit 0 on a file that must fail:\n"
          + run.out() + "\n" + context);
      if (!expected.ambiguous()) {
        int width = MlpSpec.fromMetadata(Checkpoints.load(out.resolve("model.safetensors")).metadata(), "m")
            .inFeatures();
        if (expected.otherColumns() == 0) {
          assertEquals(expected.numericFeatures(), width, () -> "model input width\n" + run.out() + context);
        } else {
          assertTrue(width >= expected.numericFeatures() + 1, () -> "model input width " + width + "\n" + context);
        }
      }
      return true;
    }
    assertTrue(run.code() == 1 || run.code() == 2, () -> "exit " + run.code() + "\n" + run.err() + context);
    String[] lines = run.err().strip().split("\\R");
    assertEquals(1, lines.length, () -> "one line on stderr:\n" + run.err() + context);
    assertTrue(lines[0].startsWith("jgrad train: "), () -> lines[0] + "\n" + context);
    assertFalse(JAVA_NAME.matcher(lines[0]).find(), () -> "a Java class name: " + lines[0] + "\n" + context);
    assertFalse(expected.readable() && expected.trainable() && !expected.ambiguous()
        && lines[0].contains("CsvLoader"), () -> "a good file was refused: " + lines[0] + "\n" + context);
    return false;
  }

  // ---------------------------------------------------------------- generation

  private static byte[] generate(Random r) {
    int shape = r.nextInt(40);
    if (shape == 0) {
      return new byte[0];
    }
    String nl = r.nextInt(4) == 0 ? "\r\n" : "\n";
    int features = 1 + r.nextInt(r.nextInt(10) == 0 ? 40 : 6);
    int rows = shape == 1 ? 0 : 1 + r.nextInt(r.nextInt(4) == 0 ? 200 : 40);
    int targetAt = r.nextInt(features + 1);
    // Half the files have no special value; of the others, a third may have infinities (which fail).
    double special = r.nextBoolean() ? 0 : r.nextInt(3) == 0 ? 0.2 : 0.03;
    boolean infinities = r.nextInt(3) == 0;
    boolean[] textColumn = new boolean[features + 1];
    for (int c = 0; c < textColumn.length; c++) {
      textColumn[c] = r.nextInt(8) == 0; // a category column of awkward text
    }
    StringBuilder sb = new StringBuilder();
    if (r.nextInt(10) == 0) {
      sb.append('\ufeff');
    }
    List<String> header = new ArrayList<>();
    for (int c = 0, f = 0; c <= features; c++) {
      header.add(c == targetAt ? "y" : "x" + f++);
    }
    line(sb, header, r, nl);
    for (int i = 0; i < rows; i++) {
      List<String> cells = new ArrayList<>();
      for (int c = 0; c <= features; c++) {
        cells.add(c == targetAt ? Integer.toString(r.nextInt(3)) : cell(r, special, infinities, textColumn[c]));
      }
      if (r.nextInt(60) == 0) {
        cells.remove(cells.size() - 1); // a ragged row
      } else if (r.nextInt(60) == 0) {
        cells.add("1");
      }
      line(sb, cells, r, nl);
      if (r.nextInt(50) == 0) {
        sb.append(nl); // a blank line
      }
    }
    String text = sb.toString();
    byte[] bytes = r.nextInt(15) == 0 ? text.getBytes(StandardCharsets.ISO_8859_1) : text.getBytes(
        StandardCharsets.UTF_8);
    return mutate(r, bytes);
  }

  private static String cell(Random r, double special, boolean infinities, boolean text) {
    if (r.nextDouble() < special) {
      String[] specials = {"", "NA", "NaN", "nan", "NAN", "inf", "-inf", "Infinity", "-Infinity", "INF", "1e999"};
      return specials[r.nextInt(infinities ? specials.length : 5)];
    }
    if (text) {
      String[] texts = {"abc", "caf\u00e9", "two\nlines", "a,b", "say \"hi\"", "\u732b", " x ", "#1", "x\r\ny"};
      return texts[r.nextInt(texts.length)];
    }
    return switch (r.nextInt(4)) {
      case 0 -> Integer.toString(r.nextInt(2000) - 1000);
      case 1 -> String.format(Locale.ROOT, "%.3f", r.nextGaussian() * 10);
      case 2 -> Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
      default -> Long.toString(r.nextInt(100));
    };
  }

  /** One CSV line; cells that need it are quoted (RFC 4180), others sometimes. */
  private static void line(StringBuilder sb, List<String> cells, Random r, String nl) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (i > 0) {
        sb.append(',');
      }
      boolean needs = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")
          || !c.equals(c.strip());
      if (needs || (!c.isEmpty() && r.nextInt(12) == 0)) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    sb.append(nl);
  }

  private static byte[] mutate(Random r, byte[] bytes) {
    if (bytes.length == 0) {
      return bytes;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    switch (r.nextInt(12)) {
      case 0 -> b.write(bytes, 0, r.nextInt(bytes.length)); // truncated
      case 1 -> { // a stray quote
        int at = r.nextInt(bytes.length);
        b.write(bytes, 0, at);
        b.write('"');
        b.write(bytes, at, bytes.length - at);
      }
      case 2 -> { // an invalid UTF-8 byte
        int at = r.nextInt(bytes.length);
        b.write(bytes, 0, at);
        b.write(r.nextBoolean() ? 0xFF : 0xC3);
        b.write(bytes, at, bytes.length - at);
      }
      default -> b.writeBytes(bytes);
    }
    return b.toByteArray();
  }

  // ---------------------------------------------------------------- the independent reading

  /**
   * What a file should give, from its bytes alone.
   *
   * @param readable decodes as UTF-8, every quote closes, every row has the header's width, a header and a row
   * @param ambiguous a stray quote or a trailing CR, where CSV readers differ: any one-line outcome is accepted
   * @param columns header width
   * @param rows data rows (blank lines skipped)
   * @param trainable readable, with no infinite value in a column of numbers
   * @param numericFeatures feature columns whose present cells are all numbers (at least one)
   * @param otherColumns feature columns with a cell that is not a number
   */
  record Expected(boolean readable, boolean ambiguous, int columns, int rows, boolean trainable, int numericFeatures,
      int otherColumns) {

    static Expected of(byte[] bytes) {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        return new Expected(false, false, 0, 0, false, 0, 0);
      }
      if (text.startsWith("\ufeff")) {
        text = text.substring(1);
      }
      boolean ambiguous = text.endsWith("\r") || text.contains("\r\r");
      List<List<String>> records = new ArrayList<>();
      List<String> current = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      boolean rowStarted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              cell.append('"');
              i++;
            } else {
              quoted = false;
              char next = i + 1 < text.length() ? text.charAt(i + 1) : '\n';
              if (next != ',' && next != '\n' && next != '\r') {
                ambiguous = true; // text after a closing quote
              }
            }
          } else {
            cell.append(c);
          }
          continue;
        }
        if (c == '"') {
          if (cell.length() == 0 && !wasQuoted) {
            quoted = true;
            wasQuoted = true;
            rowStarted = true;
          } else {
            ambiguous = true; // a quote inside an unquoted value
            cell.append(c);
          }
        } else if (c == ',') {
          current.add(wasQuoted ? cell.toString() : cell.toString().strip());
          cell.setLength(0);
          wasQuoted = false;
          rowStarted = true;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          if (rowStarted || cell.length() > 0) {
            current.add(wasQuoted ? cell.toString() : cell.toString().strip());
            records.add(current);
          }
          current = new ArrayList<>();
          cell.setLength(0);
          wasQuoted = false;
          rowStarted = false;
        } else {
          cell.append(c);
          rowStarted = true;
        }
      }
      if (quoted) {
        return new Expected(false, ambiguous, 0, 0, false, 0, 0);
      }
      if (rowStarted || cell.length() > 0) {
        current.add(wasQuoted ? cell.toString() : cell.toString().strip());
        records.add(current);
      }
      if (records.size() < 2) {
        return new Expected(false, ambiguous, 0, 0, false, 0, 0);
      }
      List<String> header = records.get(0);
      int width = header.size();
      for (List<String> rec : records) {
        if (rec.size() != width) {
          return new Expected(false, ambiguous, 0, 0, false, 0, 0);
        }
      }
      int rows = records.size() - 1;
      boolean finite = true;
      int numeric = 0;
      int other = 0;
      for (int c = 0; c < width; c++) {
        int present = 0;
        boolean allNumbers = true;
        boolean infinite = false;
        for (List<String> rec : records.subList(1, records.size())) {
          String v = rec.get(c).strip();
          if (v.isEmpty() || v.equals("NA") || v.equalsIgnoreCase("nan")) {
            continue;
          }
          present++;
          if (v.matches("(?i)[-+]?(inf|infinity)")
              || NUMBER.matcher(v).matches() && Double.isInfinite(Double.parseDouble(v))) {
            infinite = true;
          } else if (!NUMBER.matcher(v).matches()) {
            allNumbers = false;
          }
        }
        // In a column of numbers an infinity is an error; among text it is one more category label.
        finite &= !(allNumbers && infinite);
        if (header.get(c).equals("y")) {
          continue;
        }
        if (!allNumbers) {
          other++;
        } else if (present > 0) {
          numeric++;
        }
      }
      return new Expected(true, ambiguous, width, rows, finite, numeric, other);
    }
  }
}
