package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad data through {@code jgrad train} and {@code jgrad predict}: one line naming the row and column, exit 1. */
class TrainCommandDataTest {
  @TempDir
  Path dir;

  /** A regression file of {@code rows} rows: a, b, y; {@code cell} replaces column {@code column} in row 3. */
  private Path csv(String name, int rows, String column, String cell) throws IOException {
    StringBuilder sb = new StringBuilder("a,b,y\n");
    for (int i = 0; i < rows; i++) {
      String a = Double.toString(i * 0.5);
      String b = Integer.toString(i % 7);
      String y = Double.toString(i * 1.5 + 1);
      if (i == 1) {
        a = column.equals("a") ? cell : a;
        y = column.equals("y") ? cell : y;
      }
      sb.append(a).append(',').append(b).append(',').append(y).append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
    return p;
  }

  private CliRun train(Path csv, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--csv", csv.toString(), "--target", "y", "--epochs", "1",
        "--hidden", "4", "--out", dir.resolve("model").toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(new String[0]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "NA", ""})
  void missingSpellingsAreFilledInFeaturesAndDroppedInTargets(String cell) throws IOException {
    train(csv("f.csv", 30, "a", cell)).ok();
    CliRun t = train(csv("t.csv", 30, "y", cell)).ok();
    assertTrue(t.out().contains("1 rows without it are dropped"), t.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"inf", "-inf", "Infinity", "-Infinity", "INF", "+inf", "1e999"})
  void infiniteValuesFailInFeaturesAndTargetsUnlessInfAsNa(String cell) throws IOException {
    train(csv("f.csv", 30, "a", cell)).error(1, "jgrad train: ", "row 3 (header = row 1)", "column 'a'",
        "infinite value", "--inf-as-na");
    train(csv("t.csv", 30, "y", cell)).error(1, "jgrad train: ", "row 3 (header = row 1)", "column 'y'",
        "infinite value");
    train(csv("f.csv", 30, "a", cell), "--inf-as-na").ok();
    CliRun t = train(csv("t.csv", 30, "y", cell), "--inf-as-na").ok();
    assertTrue(t.out().contains("1 rows without it are dropped"), t.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"inf", "-Infinity", "1e999"})
  void predictionRefusesInfiniteValuesAlikeUnlessInfAsNa(String cell) throws IOException {
    train(csv("ok.csv", 30, "a", "1")).ok();
    Path bad = csv("new.csv", 5, "a", cell);
    String model = dir.resolve("model").toString();
    CliRun.of("predict", "--model", model, "--csv", bad.toString()).error(1, "jgrad predict: ", "row 3",
        "column 'a'", "infinite value", "--inf-as-na");
    CliRun ok = CliRun.of("predict", "--model", model, "--csv", bad.toString(), "--inf-as-na").ok();
    assertEquals(6, ok.out().strip().lines().count(), ok.out());
    Path nan = csv("nan.csv", 5, "a", "nan");
    assertEquals(6, CliRun.of("predict", "--model", model, "--csv", nan.toString()).ok().out().strip().lines()
        .count());
    // The target column, when present, is compared with the predictions: the same rule applies to it.
    Path target = csv("target.csv", 5, "y", cell);
    CliRun.of("predict", "--model", model, "--csv", target.toString()).error(1, "jgrad predict: ", "row 3",
        "column 'y'", "infinite value", "--inf-as-na");
    CliRun skipped = CliRun.of("predict", "--model", model, "--csv", target.toString(), "--inf-as-na").ok();
    assertTrue(skipped.err().contains("RMSE against the 'y' column") && skipped.err().contains("over 4 rows"),
        skipped.err());
    Path nanTarget = csv("nan_target.csv", 5, "y", "NaN");
    CliRun nanRun = CliRun.of("predict", "--model", model, "--csv", nanTarget.toString()).ok();
    assertTrue(nanRun.err().contains("over 4 rows"), nanRun.err());
  }

  @Test
  void anUnterminatedQuoteNamesItsLine() throws IOException {
    Path p = dir.resolve("q.csv");
    Files.writeString(p, "a,b,y\n1,2,x\n\"3,4,z\n5,6,x\n7,8,z\n");
    train(p).error(1, "jgrad train: ", "line 3", "unterminated quote");
  }

  @Test
  void aLongCellIsRead() throws IOException {
    StringBuilder sb = new StringBuilder("a,note,y\n");
    for (int i = 0; i < 30; i++) {
      sb.append(i).append(',').append(i == 2 ? "x".repeat(50_000) : "n" + i).append(',').append(i % 2).append('\n');
    }
    Path p = dir.resolve("long.csv");
    Files.writeString(p, sb.toString());
    train(p).ok();
  }

  @Test
  void anIdentifierTargetIsRefusedWithItsDistinctCount() throws IOException {
    StringBuilder sb = new StringBuilder("a,id,y\n");
    for (int i = 0; i < 40; i++) {
      sb.append(i).append(",row").append(i).append(',').append(i).append('\n');
    }
    Path p = dir.resolve("ids.csv");
    Files.writeString(p, sb.toString());
    CliRun.of("train", "--csv", p.toString(), "--target", "id", "--epochs", "1").error(1, "jgrad train: ",
        "target 'id'", "looks like an identifier", "40 distinct values in 40 rows", "choose another --target");
    CliRun.of("train", "--csv", p.toString(), "--target", "y", "--task", "classification", "--epochs", "1")
        .error(1, "jgrad train: ", "target 'y'", "40 distinct values in 40 rows", "--task regression");
  }

  @Test
  void nonUtf8NamesTheLineAndByteOffset() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("a,b,y\n1,2,x\n".getBytes(StandardCharsets.UTF_8));
    int offset = b.size() + 4;
    b.writeBytes("3,4,\u00e9t\u00e9\n5,6,x\n".getBytes(StandardCharsets.ISO_8859_1));
    Path p = dir.resolve("latin1.csv");
    Files.write(p, b.toByteArray());
    train(p).error(1, "jgrad train: ", "latin1.csv is not valid UTF-8", "line 3", "byte offset " + offset,
        "(0xE9)");
  }

  @Test
  void aByteOrderMarkIsAccepted() throws IOException {
    Path plain = csv("plain.csv", 30, "a", "1");
    Path bom = dir.resolve("bom.csv");
    Files.writeString(bom, "\ufeff" + Files.readString(plain));
    CliRun run = train(bom).ok();
    assertFalse(run.out().contains("\ufeff"), run.out());
  }

  @Test
  void outputPathsAreCheckedBeforeTraining() throws IOException {
    Path data = csv("d.csv", 30, "a", "1");
    Path file = Files.writeString(dir.resolve("afile"), "x");
    CliRun run = CliRun.of("train", "--csv", data.toString(), "--target", "y", "--out", file.toString())
        .error(2, "jgrad train: ", "--out", "afile", "is a file, not a folder");
    assertEquals("", run.out(), "nothing read or trained");
    CliRun.of("train", "--csv", data.toString(), "--target", "y", "--out", file.resolve("sub").toString())
        .error(2, "jgrad train: ", "--out", "is a file, not a folder");

    train(data).ok();
    String model = dir.resolve("model").toString();
    CliRun.of("predict", "--model", model, "--csv", data.toString(), "--out", dir.toString())
        .error(2, "jgrad predict: ", "--out", "is a folder, not a file");
    CliRun.of("predict", "--model", model, "--csv", data.toString(), "--out", file.resolve("p.csv").toString())
        .error(2, "jgrad predict: ", "--out", "is a file, not a folder");
  }
}
