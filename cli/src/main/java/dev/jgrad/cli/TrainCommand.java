package dev.jgrad.cli;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.io.AtomicFolder;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.datasets.Task;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.examples.EpochLog;
import dev.jgrad.examples.Format;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.RMSprop;
import dev.jgrad.optim.SGD;
import dev.jgrad.train.Callback;
import dev.jgrad.train.Charts;
import dev.jgrad.train.DataParallel;
import dev.jgrad.train.EarlyStopping;
import dev.jgrad.train.History;
import dev.jgrad.train.Metrics;
import dev.jgrad.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.Table;

/**
 * {@code jgrad train}: reads any CSV (or a bundled dataset, or the rows of a SQL query), decides each column's type ({@link ColumnInference}),
 * splits off a validation set (stratified for classification), fits the preprocessing on the training rows,
 * trains an MLP with the {@link Trainer}, prints the metrics and writes the model folder:
 * {@code model.safetensors} (weights, architecture in the metadata), {@code preprocessing.json},
 * {@code history.csv}, {@code loss.png} and {@code loss.html}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class, sortOptions = false,
    description = {"Train an MLP on a CSV file (or a bundled dataset, or a database query) and save it.",
        "Column types are inferred: numbers are standardised, text with few values is one-hot encoded, "
            + "missing cells are filled from the training rows."},
    footerHeading = "%nExamples:%n",
    footer = {"  jgrad train --csv iris --epochs 40",
        "  jgrad train --csv data.csv --target price --hidden 128,64 --lr 0.003",
        "  jgrad train --csv cars.csv --target mpg --na '?' --optimizer sgd --accumulate 4",
        "  jgrad train --jdbc jdbc:h2:./shop --query 'SELECT * FROM orders' --target returned"})
final class TrainCommand implements Callable<Integer> {
  private static final int MAX_LISTED_FEATURES = 14;

  @ParentCommand
  JgradCli root;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "CSV file with a header row, or a bundled dataset name (see 'jgrad datasets').")
  String csv;

  @Mixin
  CsvDialect dialect;

  @Mixin
  JdbcOptions jdbc;

  @Option(names = "--target", paramLabel = "COLUMN",
      description = "Column to predict, by name or zero-based index (default for a bundled dataset: its usual "
          + "target).")
  String target;

  @Option(names = "--task", paramLabel = "TASK", defaultValue = "auto",
      description = "auto, classification or regression (default: ${DEFAULT-VALUE}: whole numbers with at most "
          + ColumnInference.MAX_AUTO_CLASSES + " values or text -> classification).")
  String task;

  @Option(names = "--features", split = ",", paramLabel = "a,b,c",
      description = "Input columns (default: every usable column except the target).")
  List<String> features;

  @Option(names = "--hidden", paramLabel = "64,64", defaultValue = "64,64",
      description = "Hidden layer widths, or 'none' for a linear model (default: ${DEFAULT-VALUE}).")
  String hidden;

  @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
      description = "relu, tanh, gelu or silu (default: ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
      description = "sgd, adam, adamw or rmsprop (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--lr", paramLabel = "RATE",
      description = "Learning rate (default: 0.01 for adam, adamw and rmsprop; 0.05 for sgd).")
  Double lr;

  @Option(names = "--momentum", paramLabel = "M",
      description = "Momentum for sgd and rmsprop (default: 0.9 for sgd, 0 for rmsprop).")
  Double momentum;

  @Option(names = "--weight-decay", paramLabel = "W",
      description = "Weight decay (default: 0.01 for adamw, 0 otherwise).")
  Double weightDecay;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "50",
      description = "Passes over the training rows (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
      description = "Rows per micro-batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--accumulate", paramLabel = "K", defaultValue = "1",
      description = "Micro-batches per optimizer step: gradient accumulation (default: ${DEFAULT-VALUE}).")
  int accumulate;

  @Option(names = "--replicas", paramLabel = "N",
      description = "Data-parallel replicas, one thread each, sharing every batch (default: all cores when each "
          + "core gets at least 128 rows of a batch and the step has at least 2^24 row-parameter products, else 1).")
  Integer replicas;

  @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "float32",
      description = "Dtype of the model and the features: float32 or float64 (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--val-split", paramLabel = "F", defaultValue = "0.2",
      description = "Share of rows held out for validation, 0 to < 1 (default: ${DEFAULT-VALUE}).")
  double valSplit;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of the split, the initial weights and the batch order (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--na", split = ",", paramLabel = "TEXT",
      description = "More cell texts that mean 'missing' (NA and empty cells always do), e.g. --na '?'.")
  List<String> na;

  @Option(names = "--inf-as-na",
      description = "Read infinite values (inf, -Infinity, 1e999...) as missing, like pandas' use_inf_as_na "
          + "(default: they are an error naming the row and column).")
  boolean infAsNa;

  @Option(names = "--patience", paramLabel = "N",
      description = "Stop when the monitored validation value has not improved for N epochs (default: no "
          + "early stopping).")
  Integer patience;

  @Option(names = "--monitor", paramLabel = "NAME", defaultValue = "loss",
      description = "What --patience watches on the validation rows: loss, or accuracy for classification "
          + "(default: ${DEFAULT-VALUE}).")
  String monitor;

  @Option(names = "--restore-best", negatable = true,
      description = "Keep the weights of the best validation epoch (default: on with --patience).")
  Boolean restoreBest;

  @Option(names = "--class-weights", paramLabel = "MODE",
      description = "'balanced': weigh each class's loss by n_rows / (n_classes * rows of the class), from the "
          + "training rows, as scikit-learn's class_weight='balanced' (classification only).")
  String classWeights;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output folder (default: runs/<csv name>); checked before training starts.")
  Path out;

  @Override
  public Integer call() throws IOException {
    List<Integer> widths = checkOptions();
    DType type = MlpSpec.dtype(dtype);
    dialect.check();
    PrintStream o = root.out();
    long start = System.nanoTime();
    jdbc.checkUnused();
    TableSource source = TableSource.of(csv, dialect, jdbc);
    Path dir = out != null ? out : Path.of("runs", source.stem());
    try {
      AtomicFolder.checkWritable(dir);   // before training, not after it
    } catch (IOException e) {
      throw CliException.usage("--out: " + e.getMessage());
    }
    List<String> missing = new ArrayList<>(List.of("NA", ""));
    if (na != null) {
      missing.addAll(na);
    }
    Table text = source.readText(missing);
    String targetColumn = target != null ? source.column(targetColumn(target, text, source), text.columnNames())
        : source.bundledTarget();
    if (targetColumn == null) {
      throw CliException.usage("--target is required: name the column to predict; the columns of "
          + source.displayName() + " are " + String.join(", ", text.columnNames()));
    }
    if (!text.columnNames().contains(targetColumn)) {
      throw CliException.usage("--target: no column '" + targetColumn + "' in " + source.displayName()
          + "; the columns are " + String.join(", ", text.columnNames()));
    }
    List<String> featureColumns = features == null ? null
        : features.stream().map(f -> source.column(f, text.columnNames())).toList();
    ColumnInference.Plan plan = ColumnInference.plan(text, source.displayName(), targetColumn, featureColumns, task,
        missing, infAsNa);
    printPlan(o, source, text, plan);

    Table table = plan.schema().dropMissingRows(source.read(plan.schema(), infAsNa));
    int dropped = text.rowCount() - table.rowCount();
    boolean classification = plan.task() == Task.CLASSIFICATION;
    if (!classification && monitor.equals("accuracy")) {
      throw CliException.usage("--monitor accuracy applies to classification; '" + targetColumn
          + "' is a regression target (use --monitor loss)");
    }
    if (!classification && classWeights != null) {
      throw CliException.usage("--class-weights applies to classification; '" + targetColumn
          + "' is a regression target");
    }
    RowSplit split = RowSplit.of(table, targetColumn, classification, valSplit, seed);
    if (split.train().rowCount() == 0) {
      throw CliException.failure("no training rows left in " + source.displayName() + " (" + table.rowCount()
          + " rows with a target, --val-split " + valSplit + ")");
    }
    Preprocessor pre = Preprocessor.fit(split.train(), plan.schema());
    TensorDataset trainData = pre.transform(split.train(), type);
    TensorDataset valData = split.validation().rowCount() == 0 ? null : pre.transform(split.validation(), type);
    o.println(Format.f("Rows: %d with a target%s; %d for training, %d for validation%s.", table.rowCount(),
        dropped > 0 ? Format.f(" (%d without one dropped)", dropped) : "", trainData.size(),
        valData == null ? 0 : valData.size(), classification && valData != null ? " (stratified)" : ""));

    Tensor.manualSeed(seed);
    MlpSpec spec = new MlpSpec(pre.numFeatures(), widths, activation, classification ? pre.numClasses() : 1);
    Module model = spec.build(type);
    Optimizer opt = optimizer(model);
    float[] weights = classWeights == null ? null : balancedWeights(trainData.targets(), pre.numClasses());
    Loss loss = !classification ? new MSELoss()
        : weights == null ? new CrossEntropyLoss() : new CrossEntropyLoss().withWeight(Tensor.of(weights).to(type));
    o.println(Format.f("Model: MLP %s, %s; loss: %s; optimizer: %s.", spec.describe(),
        parameterCount(model) + " parameters", !classification ? "MSE on the standardised target"
            : weights == null ? "cross-entropy" : "cross-entropy with balanced class weights",
        describeOptimizer()));
    if (weights != null) {
      List<String> listed = new ArrayList<>();
      for (int c = 0; c < weights.length; c++) {
        listed.add(pre.classNames().get(c) + " " + Format.g4(weights[c]));
      }
      o.println("Class weights: " + String.join(", ", listed) + ".");
    }
    int replicaCount = replicas != null ? replicas
        : autoReplicas(batchSize, parameterCount(model), Runtime.getRuntime().availableProcessors());
    o.println(Format.f("Training: %d epochs, batches of %d%s, seed %d, %d replica%s%s.", epochs, batchSize,
        accumulate > 1 ? Format.f(" accumulated %d at a time (%d rows per optimizer step)", accumulate,
            (long) accumulate * batchSize) : "",
        seed, replicaCount, replicaCount == 1 ? "" : "s", replicas != null ? "" : " (auto)"));

    DataLoader trainLoader = DataLoader.builder(trainData).batchSize(batchSize).shuffle(true).seed(seed).build();
    DataLoader valLoader = valData == null ? null : DataLoader.of(valData, 1024, false, seed);
    EarlyStopping stopper = earlyStopping(valData != null);
    List<Callback> callbacks = new ArrayList<>(List.of(new EpochLog(o, root.interactive())));
    if (stopper != null) {
      callbacks.add(stopper);
    }
    Trainer.Builder tb = Trainer.builder().model(model).loss(loss).optimizer(opt).accumulationSteps(accumulate)
        .callbacks(callbacks.toArray(new Callback[0])).seed(seed);
    if (classification) {
      tb.metrics(Metrics.accuracy());
    }
    if (replicaCount > 1) {
      tb.dataParallel(DataParallel.replicas(replicaCount));
    }
    Trainer trainer = tb.build();
    History history = trainer.fit(trainLoader, epochs, valLoader);
    boolean stoppedEarly = stopper != null && stopper.stoppedEpoch() > 0;
    if (history.stopReason() != null && !stoppedEarly) {
      // The only other stop is the Trainer's non-finite loss guard.
      throw CliException.failure("training diverged, nothing was saved: " + history.stopReason());
    }

    o.println();
    if (stoppedEarly) {
      o.println(Format.f("Stopped early after epoch %d: validation %s did not improve for %d epochs.",
          stopper.stoppedEpoch(), monitor, patience));
    }
    boolean restored = stopper != null && restoresBest() && stopper.bestEpoch() > 0
        && stopper.bestEpoch() != history.size();
    if (restored) {
      o.println(Format.f("Restored the weights of epoch %d (best validation %s %s).", stopper.bestEpoch(), monitor,
          Format.g4(stopper.bestValue())));
    }
    String overfitting = overfittingNote(history);
    if (overfitting != null) {
      o.println("note: " + overfitting + (restored ? "; the saved weights are the best epoch's"
          : patience == null ? "; --patience N stops near the best epoch" : ""));
    }
    if (classification) {
      reportClassification(o, trainer, pre, trainLoader, valLoader);
    } else {
      reportRegression(o, trainer, pre, trainData, valData);
    }
    save(dir, model, spec, pre, history, plan, source);
    o.println();
    o.println("Saved to " + dir.toAbsolutePath().normalize() + ":");
    o.println("  model.safetensors   weights + architecture (" + spec.describe() + ")");
    o.println("  preprocessing.json  column types, fills, categories, scaling, classes");
    o.println("  history.csv         one row per epoch");
    o.println("  loss.png, loss.html loss curves (open the .html in a browser)");
    o.println(Format.f("Predict with: jgrad predict --model %s %s  [%s]", dir, source.arguments(),
        Format.seconds(start)));
    return 0;
  }

  private boolean restoresBest() {
    return restoreBest != null ? restoreBest : patience != null;
  }

  /** The early-stopping callback the options ask for, or null. */
  private EarlyStopping earlyStopping(boolean hasValidation) {
    if (patience == null && !restoresBest()) {
      return null;
    }
    if (!hasValidation) {
      throw CliException.usage((patience != null ? "--patience" : "--restore-best")
          + " needs validation rows: set --val-split above 0 (it is " + valSplit + ")");
    }
    // Without --patience, --restore-best watches every epoch and never stops.
    return new EarlyStopping("val_" + monitor).patience(patience != null ? patience : Integer.MAX_VALUE)
        .restoreBest(restoresBest());
  }

  /**
   * A warning when validation loss ended above its best while training loss kept falling (over-fitting), naming
   * the best epoch; null otherwise.
   */
  static String overfittingNote(History history) {
    if (!history.has("val_loss") || history.size() < 2) {
      return null;
    }
    double[] val = history.column("val_loss");
    double[] train = history.column("train_loss");
    int best = 0;
    for (int i = 1; i < val.length; i++) {
      if (val[i] < val[best]) {
        best = i;
      }
    }
    int last = val.length - 1;
    if (best == last || !(val[last] > val[best]) || !(train[last] < train[best])) {
      return null;
    }
    return Format.f("over-fitting: validation loss rose from %s (epoch %d, its best) to %s (epoch %d) while "
        + "training loss fell from %s to %s", Format.g4(val[best]), best + 1,
        Format.g4(val[last]), last + 1, Format.g4(train[best]), Format.g4(train[last]));
  }

  /**
   * scikit-learn's {@code class_weight="balanced"}: {@code n_samples / (n_classes * count_c)} over the training
   * labels {@code targets} (class indices).
   */
  static float[] balancedWeights(Tensor targets, int numClasses) {
    float[] labels = targets.toArray();
    long[] counts = new long[numClasses];
    for (float label : labels) {
      counts[(int) label]++;
    }
    float[] weights = new float[numClasses];
    for (int c = 0; c < numClasses; c++) {
      if (counts[c] == 0) {
        throw CliException.failure("--class-weights balanced: class " + c + " has no training rows");
      }
      weights[c] = (float) ((double) labels.length / ((double) numClasses * counts[c]));
    }
    return weights;
  }

  /**
   * The column {@code --target} names: a column of that name, else (all digits) the column at that zero-based index.
   */
  static String targetColumn(String target, Table text, TableSource source) {
    List<String> names = text.columnNames();
    if (names.contains(target) || !target.matches("[0-9]+")) {
      return target;
    }
    long index = Long.parseLong(target.length() > 12 ? "999999999999" : target);
    if (index >= names.size()) {
      throw CliException.usage("--target: column index " + target + " is out of range; " + source.displayName()
          + " has " + names.size() + " columns (indices 0 to " + (names.size() - 1) + ")");
    }
    return names.get((int) index);
  }

  /** Validates option values picocli cannot; returns the hidden widths. */
  private List<Integer> checkOptions() {
    if (!List.of("auto", "classification", "regression").contains(task)) {
      throw CliException.usage("--task: expected auto, classification or regression, got '" + task + "'");
    }
    if (!MlpSpec.ACTIVATIONS.contains(activation)) {
      throw CliException.usage("--activation: expected one of " + String.join(", ", MlpSpec.ACTIVATIONS) + ", got '"
          + activation + "'");
    }
    if (!List.of("sgd", "adam", "adamw", "rmsprop").contains(optimizer)) {
      throw CliException.usage("--optimizer: expected sgd, adam, adamw or rmsprop, got '" + optimizer + "'");
    }
    if (!List.of("loss", "accuracy").contains(monitor)) {
      throw CliException.usage("--monitor: expected loss or accuracy, got '" + monitor + "'");
    }
    if (classWeights != null && !classWeights.equals("balanced")) {
      throw CliException.usage("--class-weights: expected 'balanced', got '" + classWeights + "'");
    }
    if (patience != null) {
      positive("--patience", patience);
    }
    positive("--epochs", epochs);
    positive("--batch-size", batchSize);
    positive("--accumulate", accumulate);
    if (replicas != null) {
      positive("--replicas", replicas);
    }
    if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
      throw CliException.usage("--lr: must be a positive number, got " + lr);
    }
    if (momentum != null && !(momentum >= 0 && momentum < 1)) {
      throw CliException.usage("--momentum: must be in [0, 1), got " + momentum);
    }
    if (weightDecay != null && !(weightDecay >= 0 && Double.isFinite(weightDecay))) {
      throw CliException.usage("--weight-decay: must be >= 0, got " + weightDecay);
    }
    if (!(valSplit >= 0 && valSplit < 1)) {
      throw CliException.usage("--val-split: must be in [0, 1), got " + valSplit);
    }
    if (momentum != null && !List.of("sgd", "rmsprop").contains(optimizer)) {
      throw CliException.usage("--momentum applies to sgd and rmsprop, not " + optimizer);
    }
    return MlpSpec.parseHidden(hidden);
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw CliException.usage(option + ": must be at least 1, got " + value);
    }
  }

  private double learningRate() {
    return lr != null ? lr : optimizer.equals("sgd") ? 0.05 : 0.01;
  }

  private Optimizer optimizer(Module model) {
    double rate = learningRate();
    double wd = weightDecay != null ? weightDecay : optimizer.equals("adamw") ? 0.01 : 0;
    return switch (optimizer) {
      case "sgd" -> new SGD(model.parameters(), SGD.Options.defaults().withLr(rate)
          .withMomentum(momentum != null ? momentum : 0.9).withWeightDecay(wd));
      case "adamw" -> new AdamW(model.parameters(), AdamW.Options.defaults().withLr(rate).withWeightDecay(wd));
      case "rmsprop" -> new RMSprop(model.parameters(), RMSprop.Options.defaults().withLr(rate)
          .withMomentum(momentum != null ? momentum : 0).withWeightDecay(wd));
      default -> new Adam(model.parameters(), Adam.Options.defaults().withLr(rate).withWeightDecay(wd));
    };
  }

  private String describeOptimizer() {
    StringBuilder sb = new StringBuilder(optimizer.equals("sgd") ? "SGD" : optimizer.equals("adamw") ? "AdamW"
        : optimizer.equals("rmsprop") ? "RMSprop" : "Adam").append(" lr ").append(learningRate());
    if (optimizer.equals("sgd") || (optimizer.equals("rmsprop") && momentum != null)) {
      sb.append(", momentum ").append(momentum != null ? momentum : 0.9);
    }
    double wd = weightDecay != null ? weightDecay : optimizer.equals("adamw") ? 0.01 : 0;
    if (wd > 0) {
      sb.append(", weight decay ").append(wd);
    }
    return sb.toString();
  }

  private static void printPlan(PrintStream o, TableSource source, Table text, ColumnInference.Plan plan) {
    o.println(Format.f("Data: %s, %d rows x %d columns.", source.displayName(), text.rowCount(),
        text.columnCount()));
    ColumnInference.Profile t = plan.target();
    o.println(Format.f("Target: %s -> %s%s", t.name(), plan.task().name().toLowerCase(java.util.Locale.ROOT),
        t.missing() > 0 ? Format.f(" (%d rows without it are dropped)", t.missing()) : ""));
    List<List<String>> rows = new ArrayList<>();
    List<ColumnInference.Profile> features = plan.features();
    // Image-like files have hundreds of pixel columns: show the first ones and count the rest.
    int shown = features.size() > MAX_LISTED_FEATURES ? MAX_LISTED_FEATURES - 2 : features.size();
    for (ColumnInference.Profile p : features.subList(0, shown)) {
      String handling = p.kind() == ColumnInference.Kind.NUMBER ? "standardised" : "one-hot";
      if (p.missing() > 0) {
        handling += p.kind() == ColumnInference.Kind.NUMBER ? ", missing -> training median"
            : ", missing -> most frequent";
      }
      rows.add(List.of(p.name(), p.describe(), Integer.toString(p.missing()), handling));
    }
    if (shown < features.size()) {
      List<ColumnInference.Profile> rest = features.subList(shown, features.size());
      long numbers = rest.stream().filter(p -> p.kind() == ColumnInference.Kind.NUMBER).count();
      long missingCells = rest.stream().mapToLong(ColumnInference.Profile::missing).sum();
      rows.add(List.of(Format.f("(%d more)", rest.size()), Format.f("%d numbers, %d categories", numbers,
          rest.size() - numbers), Long.toString(missingCells), "as above"));
    }
    o.print(indent(Format.table(List.of("feature", "type", "missing", "encoding"), rows)));
    for (String note : plan.notes()) {
      o.println("  note: " + note);
    }
  }

  private static void reportClassification(PrintStream o, Trainer trainer, Preprocessor pre, DataLoader train,
      DataLoader val) {
    double trainAcc = trainer.evaluate(train).get("accuracy");
    if (val == null) {
      o.println(Format.f("Training accuracy: %.4f (no validation split)", trainAcc));
      return;
    }
    Map<String, Double> v = trainer.evaluate(val);
    o.println(Format.f("Validation: accuracy %.4f, loss %s   (training accuracy %.4f)", v.get("accuracy"),
        Format.g4(v.get("loss")), trainAcc));
    if (pre.numClasses() <= 12) {
      o.println("Confusion matrix (validation rows, actual x predicted):");
      o.println(indent(trainer.confusionMatrix(val, pre.classNames()).toString()).stripTrailing());
    }
  }

  private static void reportRegression(PrintStream o, Trainer trainer, Preprocessor pre, TensorDataset train,
      TensorDataset val) {
    double[] t = regressionMetrics(trainer, pre, train);
    if (val == null) {
      o.println(Format.f("Training: RMSE %s, MAE %s, R^2 %.4f (no validation split)", Format.g4(t[0]),
          Format.g4(t[1]), t[2]));
      return;
    }
    double[] v = regressionMetrics(trainer, pre, val);
    o.println(Format.f("Validation: RMSE %s, MAE %s, R^2 %.4f   (training RMSE %s; in the target's unit)",
        Format.g4(v[0]), Format.g4(v[1]), v[2], Format.g4(t[0])));
  }

  /** RMSE, MAE and R² in the target's original unit (the model predicts the standardised target). */
  static double[] regressionMetrics(Trainer trainer, Preprocessor pre, TensorDataset data) {
    float[] predicted = pre.inverseTargets(trainer.predict(data.features())).toArray();
    float[] actual = pre.inverseTargets(data.targets()).toArray();
    double mean = 0;
    for (float a : actual) {
      mean += a;
    }
    mean /= actual.length;
    double se = 0;
    double ae = 0;
    double ss = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = predicted[i] - actual[i];
      se += d * d;
      ae += Math.abs(d);
      ss += (actual[i] - mean) * (actual[i] - mean);
    }
    return new double[] {Math.sqrt(se / actual.length), ae / actual.length, ss == 0 ? Double.NaN : 1 - se / ss};
  }

  /**
   * Writes the model folder as a unit ({@link AtomicFolder}): weights, preprocessing with the weights' fingerprint,
   * history and plots. Every value that could fail to serialise is checked first, so a refusal writes nothing.
   */
  private void save(Path dir, Module model, MlpSpec spec, Preprocessor pre, History history,
      ColumnInference.Plan plan, TableSource source) throws IOException {
    Map<String, Tensor> weights = model.stateDict();
    for (Map.Entry<String, Tensor> e : weights.entrySet()) {
      for (float v : e.getValue().toArray()) {
        if (!Float.isFinite(v)) {
          throw CliException.failure("training produced a non-finite weight in " + e.getKey() + " (" + v
              + "), nothing was saved; try a lower --lr");
        }
      }
    }
    Map<String, String> meta = new LinkedHashMap<>(spec.toMetadata(model));
    meta.put("task", plan.task().name().toLowerCase(java.util.Locale.ROOT));
    meta.put("target", plan.target().name());
    meta.put("trained_on", source.displayName());
    meta.put("epochs", Integer.toString(history.size()));
    meta.put("seed", Long.toString(seed));
    Preprocessor withFingerprint = pre.withModelFingerprint(Checkpoints.fingerprint(weights));
    try {
      withFingerprint.toJson();
    } catch (IllegalArgumentException e) {
      throw CliException.failure("cannot save the preprocessing, nothing was saved: " + e.getMessage(), e);
    }
    String title = Format.f("%s: %s, MLP %s", source.stem(), plan.target().name(), spec.describe());
    AtomicFolder.write(dir, folder -> {
      Checkpoints.save(folder.resolve("model.safetensors"), weights, meta);
      withFingerprint.save(folder.resolve("preprocessing.json"));
      history.saveCsv(folder.resolve("history.csv"));
      Charts.savePng(folder.resolve("loss.png"), title, "epoch", "loss", history.lossSeries());
      history.saveHtml(folder.resolve("loss.html"));
    });
  }

  /**
   * The default replica count: all {@code cores} when every core gets at least 128 rows of a batch and a step has
   * at least 2^24 row-parameter products (about 100 MFLOP for forward and backward), else 1. Below that, the
   * hand-off to the replica threads and the reduction of the gradients cost more than the shards save.
   */
  static int autoReplicas(int batchSize, long parameters, int cores) {
    boolean gains = cores > 1 && batchSize >= 128L * cores && (long) batchSize * parameters >= (1L << 24);
    return gains ? cores : 1;
  }

  private static long parameterCount(Module m) {
    long n = 0;
    for (Tensor p : m.parameters()) {
      n += p.numel();
    }
    return n;
  }

  private static String indent(String text) {
    return ("  " + text.replace("\n", "\n  ")).stripTrailing() + "\n";
  }
}
