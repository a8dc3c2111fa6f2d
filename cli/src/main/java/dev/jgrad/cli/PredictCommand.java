package dev.jgrad.cli;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.io.AtomicFolder;
import dev.jgrad.datasets.JdbcLoader;
import dev.jgrad.datasets.NumberSpelling;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.datasets.Task;
import dev.jgrad.examples.Format;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.Module;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * {@code jgrad predict}: rebuilds the model a {@code jgrad train} run saved (architecture from the safetensors
 * metadata, then the weights), applies the saved preprocessing to a CSV (the target column may be absent) and
 * prints or writes one prediction per row: the class name and its probability for classification, the value in
 * the target's unit for regression. The rows come from a CSV file or a database query ({@code --jdbc}), and the
 * predictions can be written back to a new database table ({@code --write-table}). When the CSV has the target column, the accuracy (or RMSE) against it is
 * reported too.
 *
 * <p>Before predicting it checks that the folder's two files belong together: the model's input width equals the
 * preprocessing's feature count, its output width the class count (1 for regression), and the weights' fingerprint
 * ({@link Checkpoints#fingerprint}) the one {@code preprocessing.json} recorded at training time. Folders written
 * before fingerprints were recorded have none and are checked on the widths only.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class, sortOptions = false,
    description = {"Apply a model saved by 'jgrad train' to a CSV file (or dataset).",
        "Without --out, predictions are printed as CSV on stdout and the summary goes to stderr."},
    footerHeading = "%nExamples:%n",
    footer = {"  jgrad predict --model runs/iris --csv new_flowers.csv",
        "  jgrad predict --model runs/auto_mpg --csv auto_mpg --out predictions.csv",
        "  jgrad predict --model runs/orders --jdbc jdbc:h2:./shop --query 'SELECT * FROM new_orders' "
            + "--write-table order_predictions"})
final class PredictCommand implements Callable<Integer> {
  @ParentCommand
  JgradCli root;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Folder written by 'jgrad train' (model.safetensors + preprocessing.json).")
  Path model;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "Rows to predict: a CSV file with the feature columns, or a bundled dataset name.")
  String csv;

  @Mixin
  CsvDialect dialect;

  @Mixin
  JdbcOptions jdbc;

  @Option(names = "--write-table", paramLabel = "NAME",
      description = "With --jdbc: write the query's columns plus the predictions to a new table NAME in the same "
          + "database, in one transaction.")
  String writeTable;

  @Option(names = "--if-exists", paramLabel = "WHAT", defaultValue = "fail",
      description = "When the --write-table table exists: fail, replace (drop and recreate it) or append "
          + "(default: ${DEFAULT-VALUE}).")
  String ifExists;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the input columns plus the predictions to this CSV file instead of printing.")
  Path out;

  @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "float32",
      description = "Dtype of the model and the features: float32 or float64 (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--inf-as-na",
      description = "Read infinite values (inf, -Infinity, 1e999...) as missing, like pandas' use_inf_as_na "
          + "(default: they are an error naming the row and column).")
  boolean infAsNa;

  /**
   * Refuses a folder whose weights and preprocessing were not saved together, naming the part that differs and
   * both files.
   */
  static void checkBelongTogether(Checkpoint checkpoint, MlpSpec spec, Preprocessor pre, Path weights, Path prep) {
    String files = " (" + weights + " and " + prep + ")";
    if (spec.inFeatures() != pre.numFeatures()) {
      throw CliException.failure("the model and its preprocessing do not belong together: the model takes "
          + spec.inFeatures() + " input features but the preprocessing produces " + pre.numFeatures() + files);
    }
    int outputs = pre.task() == Task.CLASSIFICATION ? pre.numClasses() : 1;
    if (spec.outFeatures() != outputs) {
      throw CliException.failure("the model and its preprocessing do not belong together: the model has "
          + spec.outFeatures() + " outputs but the preprocessing has " + (pre.task() == Task.CLASSIFICATION
          ? outputs + " classes" : "a regression target (1 output)") + files);
    }
    String recorded = pre.modelFingerprint();
    if (recorded != null) {
      String actual = Checkpoints.fingerprint(checkpoint.tensors());
      if (!recorded.equals(actual)) {
        throw CliException.failure("the model and its preprocessing do not belong together: the weights' "
            + "fingerprint is " + actual.substring(0, 12) + "... but the preprocessing was saved with weights "
            + recorded.substring(0, 12) + "..." + files + "; train again or copy both files from the same run");
      }
    }
  }

  @Override
  public Integer call() throws IOException {
    dialect.check();
    jdbc.checkUnused();
    SqlTableWriter.IfExists whenExists = whenExists();
    if (out != null) {
      OutputPath.checkFile(out, "--out");
    }
    DType type = MlpSpec.dtype(dtype);
    SavedModel saved = SavedModel.load(model, type);
    Path dir = saved.dir();
    Preprocessor pre = saved.preprocessor();
    Module net = saved.net();
    String target = pre.schema().target().name();
    boolean classification = pre.task() == Task.CLASSIFICATION;

    TableSource source = TableSource.of(csv, dialect, jdbc);
    // Read twice: as text, to copy the input columns into the output unchanged; typed, for the features.
    Table text = source.readText(pre.schema().missingValues());
    Table typed = source.read(pre.schema().withoutTarget(), infAsNa);
    Tensor features = pre.transformFeatures(typed, type);
    Tensor output;
    try (var g = Autograd.noGrad()) {
      output = net.forward(features);
    }

    int n = typed.rowCount();
    String[] predicted = new String[n];
    String[] probability = classification ? new String[n] : null;
    if (classification) {
      float[] p = output.softmax(1).contiguous().toArray();
      int c = pre.numClasses();
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int j = 1; j < c; j++) {
          if (p[i * c + j] > p[i * c + best]) {
            best = j;
          }
        }
        predicted[i] = pre.className(best);
        probability[i] = Format.f("%.4f", p[i * c + best]);
      }
    } else {
      float[] v = pre.inverseTargets(output).toArray();
      for (int i = 0; i < n; i++) {
        predicted[i] = Float.toString(v[i]);
      }
    }

    String predictedColumn = "predicted_" + target;
    String targetColumn = source.column(target, text.columnNames());
    String summary = summary(text, source.displayName(), targetColumn, predicted, classification, infAsNa);
    PrintStream o = root.out();
    if (writeTable != null) {
      JdbcSource db = (JdbcSource) source;
      try (Connection c = db.connect()) {
        SqlTableWriter.write(c, writeTable, whenExists, withPredictions(db.rows(), predictedColumn, predicted,
            probability, classification));
      } catch (SQLException e) {
        throw CliException.failure("--write-table: " + e.getMessage(), e);
      }
      o.println(Format.f("Wrote %d predictions of %s to table %s", n, target, writeTable));
      if (!summary.isEmpty()) {
        o.println(Character.toUpperCase(summary.charAt(0)) + summary.substring(1));
      }
    }
    if (out == null && writeTable == null) {
      List<String> header = new ArrayList<>(List.of("row"));
      boolean hasTarget = text.columnNames().contains(targetColumn);
      if (hasTarget) {
        header.add(target);
      }
      header.add(predictedColumn);
      if (classification) {
        header.add("probability");
      }
      StringBuilder sb = new StringBuilder(csvLine(header));
      for (int i = 0; i < n; i++) {
        List<String> row = new ArrayList<>(List.of(Integer.toString(i + 1)));
        if (hasTarget) {
          row.add(cell(text.column(targetColumn), i));
        }
        row.add(predicted[i]);
        if (classification) {
          row.add(probability[i]);
        }
        sb.append(csvLine(row));
      }
      o.print(sb);
      o.flush();
      root.err().println(Format.f("%d predictions of %s by the model in %s%s", n, target, dir,
          summary.isEmpty() ? "" : "; " + summary));
    } else if (out != null) {
      writeCsv(out, text, predictedColumn, predicted, probability);
      o.println(Format.f("Wrote %d predictions of %s to %s", n, target, out.toAbsolutePath().normalize()));
      if (!summary.isEmpty()) {
        o.println(Character.toUpperCase(summary.charAt(0)) + summary.substring(1));
      }
    }
    return 0;
  }

  /** {@code --if-exists} as a choice; checks that --write-table comes with --jdbc. */
  private SqlTableWriter.IfExists whenExists() {
    if (writeTable != null && jdbc.url == null) {
      throw CliException.usage("--write-table writes to the database of --jdbc URL; with --csv use --out FILE");
    }
    return switch (ifExists) {
      case "fail" -> SqlTableWriter.IfExists.FAIL;
      case "replace" -> SqlTableWriter.IfExists.REPLACE;
      case "append" -> SqlTableWriter.IfExists.APPEND;
      default -> throw CliException.usage("--if-exists: expected fail, replace or append, got '" + ifExists + "'");
    };
  }

  /** The query's rows (their SQL types kept) with the prediction columns after them. */
  private static Table withPredictions(Table rows, String predictedColumn, String[] predicted, String[] probability,
      boolean classification) {
    Table t = rows.copy();
    for (String name : classification ? List.of(predictedColumn, "probability") : List.of(predictedColumn)) {
      String clash = JdbcLoader.matchColumn(name, t.columnNames());
      if (clash != null) {
        throw CliException.failure("--write-table: the query already has a column named '" + clash + "'; rename it "
            + "with AS");
      }
    }
    if (classification) {
      t.addColumns(StringColumn.create(predictedColumn, predicted));
      double[] p = new double[predicted.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = Double.parseDouble(probability[i]);
      }
      t.addColumns(DoubleColumn.create("probability", p));
    } else {
      double[] v = new double[predicted.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = Double.parseDouble(predicted[i]);
      }
      t.addColumns(DoubleColumn.create(predictedColumn, v));
    }
    return t;
  }

  /**
   * Accuracy or RMSE against the target column when the CSV has it, else empty. Missing cells are skipped; an
   * infinite target fails as it does in training (or is skipped with {@code --inf-as-na}).
   */
  private static String summary(Table text, String source, String target, String[] predicted,
      boolean classification, boolean infAsNa) {
    if (!text.columnNames().contains(target)) {
      return "";
    }
    Column<?> actual = text.column(target);
    int known = 0;
    int correct = 0;
    double se = 0;
    for (int i = 0; i < predicted.length; i++) {
      String a = cell(actual, i).trim();
      if (a.isEmpty()) {
        continue;
      }
      if (classification) {
        known++;
        correct += a.equals(predicted[i]) ? 1 : 0;
      } else if (NumberSpelling.isInfinite(a)) {
        if (!infAsNa) {
          throw CliException.failure(source + ", row " + (i + 2L) + " (header = row 1), column '" + target
              + "': infinite value '" + a + "' (to read infinities as missing values, use --inf-as-na)");
        }
      } else {
        try {
          double d = Double.parseDouble(a) - Double.parseDouble(predicted[i]);
          se += d * d;
          known++;
        } catch (NumberFormatException e) {
          // a non-numeric cell in the target column is not a target value: skip it
        }
      }
    }
    if (known == 0) {
      return "";
    }
    return classification
        ? Format.f("accuracy against the '%s' column: %.4f (%d of %d)", target, (double) correct / known, correct,
            known)
        : Format.f("RMSE against the '%s' column: %s over %d rows", target, Format.g4(Math.sqrt(se / known)), known);
  }

  private static void writeCsv(Path file, Table text, String predictedColumn, String[] predicted,
      String[] probability) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      List<String> header = new ArrayList<>(text.columnNames());
      header.add(predictedColumn);
      if (probability != null) {
        header.add("probability");
      }
      w.write(csvLine(header));
      for (int i = 0; i < predicted.length; i++) {
        List<String> row = new ArrayList<>();
        for (Column<?> c : text.columns()) {
          row.add(cell(c, i));
        }
        row.add(predicted[i]);
        if (probability != null) {
          row.add(probability[i]);
        }
        w.write(csvLine(row));
      }
    }
  }

  private static String cell(Column<?> c, int row) {
    return c.isMissing(row) ? "" : c.getString(row);
  }

  /** One CSV line (RFC 4180 quoting: fields with a comma, quote or line break are quoted). */
  static String csvLine(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (i > 0) {
        sb.append(',');
      }
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.append('\n').toString();
  }
}
