package dev.jgrad.cli;

import dev.jgrad.autograd.Generator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A seeded train/validation split of a table's rows. For classification it is stratified (as scikit-learn's
 * {@code train_test_split(stratify=y)}): each class gives {@code round(count × fraction)} rows to validation, but
 * always keeps at least one for training, so every class the validation rows hold was seen in training (the
 * preprocessing is fitted on the training rows and rejects unseen labels).
 *
 * <pre>{@code
 * RowSplit s = RowSplit.of(table, "species", true, 0.2, 0);
 * Preprocessor pre = Preprocessor.fit(s.train(), schema);
 * }</pre>
 *
 * @param train the training rows
 * @param validation the validation rows (possibly none)
 */
record RowSplit(Table train, Table validation) {

  /**
   * Splits {@code table}'s rows; the order of both parts follows one {@code randperm} of the row count drawn from
   * {@code new Generator(seed)}.
   *
   * @param target the target column (its values group the rows when {@code stratified})
   * @param fraction the share of rows for validation, in [0, 1)
   */
  static RowSplit of(Table table, String target, boolean stratified, double fraction, long seed) {
    int n = table.rowCount();
    int[] perm = new Generator(seed).randperm(n);
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    if (stratified) {
      Column<?> labels = table.column(target);
      Map<String, List<Integer>> byClass = new LinkedHashMap<>();
      for (int row : perm) {
        byClass.computeIfAbsent(labels.getString(row), k -> new ArrayList<>()).add(row);
      }
      for (List<Integer> rows : byClass.values()) {
        int v = Math.min(rows.size() - 1, (int) Math.round(rows.size() * fraction));
        val.addAll(rows.subList(0, v));
        train.addAll(rows.subList(v, rows.size()));
      }
    } else {
      int v = (int) Math.round(n * fraction);
      for (int i = 0; i < n; i++) {
        (i < v ? val : train).add(perm[i]);
      }
    }
    return new RowSplit(rows(table, train, "train"), rows(table, val, "validation"));
  }

  private static Table rows(Table table, List<Integer> rows, String name) {
    int[] r = new int[rows.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = rows.get(i);
    }
    // Table.rows keeps the table's row order (the DataLoader shuffles anyway) and rejects an empty selection.
    Table part = r.length == 0 ? table.emptyCopy() : table.rows(r);
    return part.setName(table.name() + " (" + name + ")");
  }
}
