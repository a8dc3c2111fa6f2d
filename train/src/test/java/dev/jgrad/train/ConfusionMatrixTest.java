package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ConfusionMatrixTest {
  private static ConfusionMatrix sample() {
    ConfusionMatrix cm = new ConfusionMatrix(List.of("cat", "dog", "eel"));
    // predictions by arg-max: 0, 1, 0, 2, 2
    cm.update(Tensor.of(new float[][] {{5, 1, 0}, {0, 2, 1}, {3, 3, 0}, {0, 1, 4}, {0, 0, 1}}),
        Tensor.ofLongs(0, 1, 1, 2, 1));
    return cm;
  }

  @Test
  void countsActualRowsAgainstPredictedColumns() {
    ConfusionMatrix cm = sample();
    assertArrayEquals(new long[] {1, 0, 0}, cm.counts()[0]);
    assertArrayEquals(new long[] {1, 1, 1}, cm.counts()[1]);
    assertArrayEquals(new long[] {0, 0, 1}, cm.counts()[2]);
    assertEquals(5, cm.total());
    assertEquals(3 / 5.0, cm.accuracy(), 1e-15);
  }

  @Test
  void precisionRecallF1() {
    ConfusionMatrix cm = sample();
    assertEquals(0.5, cm.precision(0), 1e-15);
    assertEquals(1.0, cm.recall(0), 1e-15);
    assertEquals(2 * 0.5 / 1.5, cm.f1(0), 1e-15);
    assertEquals(1 / 3.0, cm.recall(1), 1e-15);
    assertEquals(0.5, cm.precision(2), 1e-15);
    ConfusionMatrix empty = new ConfusionMatrix(2);
    assertTrue(Double.isNaN(empty.precision(0)));
    assertTrue(Double.isNaN(empty.accuracy()));
  }

  @Test
  void acceptsPredictedLabelsAndAccumulates() {
    ConfusionMatrix cm = new ConfusionMatrix(2);
    cm.update(Tensor.ofLongs(0, 1, 1), Tensor.ofLongs(0, 0, 1));
    cm.update(Tensor.ofLongs(1), Tensor.ofLongs(1));
    assertEquals(1, cm.count(0, 0));
    assertEquals(1, cm.count(0, 1));
    assertEquals(2, cm.count(1, 1));
    assertEquals(List.of("0", "1"), cm.classNames());
  }

  @Test
  void tableAndText() {
    Table t = sample().toTable();
    assertEquals(List.of("actual", "cat", "dog", "eel"), t.columnNames());
    assertEquals(1L, t.longColumn("cat").get(1));
    String text = sample().toString();
    assertTrue(text.startsWith("actual\\pred          cat          dog          eel"), text);
    assertTrue(text.contains("\n        dog            1            1            1"), text);
  }

  @Test
  void errorsNameTheProblem() {
    ConfusionMatrix cm = new ConfusionMatrix(3);
    IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
        () -> cm.update(Tensor.zeros(2, 4), Tensor.ofLongs(0, 1)));
    assertTrue(cols.getMessage().contains("output [2, 4] has 4 columns but the matrix has 3 classes"),
        cols.getMessage());
    IndexOutOfBoundsException idx = assertThrows(IndexOutOfBoundsException.class,
        () -> cm.update(Tensor.ofLongs(0), Tensor.ofLongs(7)));
    assertTrue(idx.getMessage().contains("ConfusionMatrix: target 7.0 is out of bounds for 3 classes"),
        idx.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of()));
  }
}
