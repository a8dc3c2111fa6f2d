package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The seeded, optionally stratified train/validation split. */
class RowSplitTest {
  private static Table table() {
    List<String> labels = new ArrayList<>();
    int[] ids = new int[103];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
      labels.add(i < 80 ? "a" : i < 100 ? "b" : "rare"); // 80 a, 20 b, 3 rare
    }
    return Table.create("t", IntColumn.create("id", ids), StringColumn.create("y", labels));
  }

  @Test
  void stratifiedKeepsClassSharesAndEveryClassInTraining() {
    RowSplit s = RowSplit.of(table(), "y", true, 0.2, 0);
    assertEquals(16 + 4 + 1, s.validation().rowCount());
    assertEquals(103 - 21, s.train().rowCount());
    assertEquals(16, s.validation().stringColumn("y").countOccurrences("a"));
    assertEquals(4, s.validation().stringColumn("y").countOccurrences("b"));
    assertEquals(2, s.train().stringColumn("y").countOccurrences("rare"));
    RowSplit most = RowSplit.of(table(), "y", true, 0.99, 0);
    assertEquals(Set.of("a", "b", "rare"), new HashSet<>(most.train().stringColumn("y").asList()));
  }

  @Test
  void disjointCompleteAndSeeded() {
    RowSplit s = RowSplit.of(table(), "y", false, 0.3, 7);
    assertEquals(31, s.validation().rowCount());
    Set<Integer> all = new HashSet<>(s.train().intColumn("id").asList());
    all.addAll(s.validation().intColumn("id").asList());
    assertEquals(103, all.size());
    assertEquals(s.validation().intColumn("id").asList(),
        RowSplit.of(table(), "y", false, 0.3, 7).validation().intColumn("id").asList());
    assertTrue(!s.validation().intColumn("id").asList()
        .equals(RowSplit.of(table(), "y", false, 0.3, 8).validation().intColumn("id").asList()));
    assertEquals(0, RowSplit.of(table(), "y", false, 0, 0).validation().rowCount());
  }
}
