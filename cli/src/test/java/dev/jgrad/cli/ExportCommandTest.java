package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.jgrad.autograd.io.Json;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.datasets.Schema;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * {@code jgrad export}: the ONNX file of a trained folder, fed raw numeric features (NaN where missing) and the
 * categorical columns encoded as its metadata says, predicts in ONNX Runtime what {@code jgrad predict} prints.
 */
class ExportCommandTest {
  @TempDir
  static Path tmp;

  /** Penguins: categorical island and sex (one-hot), missing numbers filled in the graph, three classes. */
  @Test
  void classifierPredictsWhatJgradPredictPrints() throws Exception {
    Path model = tmp.resolve("penguins");
    CliRun.of("train", "--csv", "penguins", "--hidden", "8", "--epochs", "3", "--out", model.toString()).ok();
    Path onnx = tmp.resolve("out/penguins.onnx");
    String said = CliRun.of("export", "--model", model.toString(), "--onnx", onnx.toString()).ok().out();
    assertTrue(said.startsWith("Wrote " + onnx.toAbsolutePath()), said);
    assertTrue(said.contains("input 'features' [batch, "), said);

    List<String> predicted = CliRun.of("predict", "--model", model.toString(), "--csv", "penguins").ok().out()
        .lines().skip(1).toList();
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString())) {
      Map<String, String> meta = session.getMetadata().getCustomMetadata();
      List<String> classes = strings(meta.get("jgrad.classes"));
      assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), classes);
      assertEquals("species", meta.get("jgrad.target"));
      assertEquals(Preprocessor.fromJson(meta.get("jgrad.preprocessing")), SavedModel.load(model).preprocessor());
      float[][] p = run(session, model, "penguins");
      assertEquals(predicted.size(), p.length);
      int missing = 0;
      for (int i = 0; i < p.length; i++) {
        String[] cells = predicted.get(i).split(",");
        int best = 0;
        for (int c = 1; c < classes.size(); c++) {
          best = p[i][c] > p[i][best] ? c : best;
        }
        assertEquals(cells[2], classes.get(best), "row " + (i + 1));
        assertEquals(Double.parseDouble(cells[3]), p[i][best], 1e-4, "row " + (i + 1));
      }
    }
  }

  /** A regression with a missing number and an index-encoded category; the graph scales the output back. */
  @Test
  void regressionPredictsWhatJgradPredictPrints() throws Exception {
    Path csv = tmp.resolve("cars.csv");
    StringBuilder rows = new StringBuilder("weight,age,make,price\n");
    for (int i = 0; i < 48; i++) {
      String age = i % 7 == 3 ? "NA" : Integer.toString(1 + i % 9);
      rows.append(900 + 37 * i).append(',').append(age).append(',').append(List.of("fiat", "ford", "kia").get(i % 3))
          .append(',').append(20000 - 90 * i + 500 * (i % 3)).append('\n');
    }
    Files.writeString(csv, rows.toString());
    Path model = tmp.resolve("cars");
    CliRun.of("train", "--csv", csv.toString(), "--target", "price", "--hidden", "8", "--epochs", "5", "--out",
        model.toString()).ok();
    Path onnx = tmp.resolve("cars.onnx");
    CliRun.of("export", "--model", model.toString(), "--onnx", onnx.toString()).ok();
    List<String> predicted = CliRun.of("predict", "--model", model.toString(), "--csv", csv.toString()).ok().out()
        .lines().skip(1).toList();
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString())) {
      assertEquals("regression", session.getMetadata().getCustomMetadata().get("jgrad.task"));
      assertEquals(List.of("weight", "age"), strings(session.getMetadata().getCustomMetadata().get("jgrad.in_graph")));
      assertEquals(List.of("prediction"), List.copyOf(session.getOutputNames()));
      float[][] y = run(session, model, csv.toString());
      assertEquals(predicted.size(), y.length);
      for (int i = 0; i < y.length; i++) {
        String[] cells = predicted.get(i).split(",");
        double expected = Double.parseDouble(cells[cells.length - 1]);
        assertEquals(expected, y[i][0], 1e-5 * Math.max(1, Math.abs(expected)), "row " + (i + 1));
      }
    }
  }

  @Test
  void missingFolderIsUsage() {
    CliRun.of("export", "--model", tmp.resolve("nothing").toString(), "--onnx", tmp.resolve("x.onnx").toString())
        .error(2, "jgrad export: ", "--model: no such folder");
  }

  @Test
  void requiredOptions() {
    CliRun.of("export", "--model", "m").error(2, "jgrad export: ", "Missing required option: '--onnx=FILE'");
  }

  /**
   * Runs every row of {@code csv} as a server would: raw values (NaN where missing) for the columns the graph
   * fills and scales ({@code jgrad.in_graph}), the preprocessing's encoding for the categorical ones.
   */
  private static float[][] run(OrtSession session, Path model, String csv) throws Exception {
    Preprocessor pre = SavedModel.load(model).preprocessor();
    List<String> inGraph = strings(session.getMetadata().getCustomMetadata().get("jgrad.in_graph"));
    Table table = CsvSource.resolve(csv, "--csv").read(pre.schema().withoutTarget());
    float[] encoded = pre.transformFeatures(table).contiguous().toArray();
    int n = table.rowCount();
    int width = pre.numFeatures();
    float[] x = new float[n * width];
    int slot = 0;
    for (Schema.Feature f : pre.schema().features()) {
      int slots = (int) pre.featureNames().stream().filter(s -> s.equals(f.name()) || s.startsWith(f.name() + "="))
          .count();
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < slots; k++) {
          x[i * width + slot + k] = inGraph.contains(f.name())
              ? (float) ((NumericColumn<?>) table.column(f.name())).getDouble(i) : encoded[i * width + slot + k];
        }
      }
      slot += slots;
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, width});
        OrtSession.Result result = session.run(Map.of(ExportCommand.INPUT, input))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  private static List<String> strings(String json) throws Exception {
    List<String> out = new ArrayList<>();
    Json.parse(json).forEach(node -> out.add(node.asText()));
    return out;
  }
}
