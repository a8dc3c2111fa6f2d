package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
  private static Map<String, Double> row(Object... kv) {
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
    }
    return m;
  }

  private static History sample() {
    History h = new History();
    h.append(1, 4, row("train_loss", 0.9, "val_loss", 1.1, "train_accuracy", 0.5, "val_accuracy", 0.25, "lr", 0.1));
    h.append(2, 8, row("train_loss", 0.4, "val_loss", 0.7, "train_accuracy", 0.75, "val_accuracy", 0.5, "lr", 0.05));
    h.append(3, 12, row("train_loss", 0.1 + 0.2, "val_loss", 0.8, "train_accuracy", 1.0, "val_accuracy", 0.5,
        "lr", 0.025));
    return h;
  }

  @Test
  void columnsFollowTheFirstRowsOrder() {
    History h = sample();
    assertEquals(List.of("epoch", "step", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr"),
        h.columnNames());
    assertEquals(3, h.size());
    assertArrayEquals(new double[] {1, 2, 3}, h.column("epoch"));
    assertArrayEquals(new double[] {4, 8, 12}, h.column("step"));
    assertEquals(0.025, h.last("lr"));
    assertEquals(0.7, h.min("val_loss"));
  }

  @Test
  void aNewKeyBecomesAColumnMissingInEarlierRows() {
    History h = new History();
    h.append(1, 1, row("train_loss", 1.0));
    h.append(2, 2, row("train_loss", 0.5, "val_loss", 0.6));
    h.append(3, 3, row("val_loss", 0.4));
    double[] val = h.column("val_loss");
    assertTrue(Double.isNaN(val[0]));
    assertEquals(0.6, val[1]);
    assertTrue(Double.isNaN(h.column("train_loss")[2]));
  }

  @Test
  void unknownColumnNamesTheAvailableOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample().column("loss"));
    assertTrue(e.getMessage().contains("History: no column named 'loss'; available: [epoch, step, train_loss"),
        e.getMessage());
    assertThrows(IllegalStateException.class, () -> new History().last("epoch"));
  }

  @Test
  void csvRoundTripIsExact(@TempDir Path dir) throws Exception {
    History h = sample();
    Path csv = dir.resolve("history.csv");
    h.saveCsv(csv);
    assertTrue(Files.readString(csv).startsWith("epoch,step,train_loss,val_loss,train_accuracy,val_accuracy,lr\n"));
    History back = History.readCsv(csv);
    assertEquals(h.columnNames(), back.columnNames());
    for (String c : h.columnNames()) {
      assertArrayEquals(h.column(c), back.column(c), c); // 0.1 + 0.2 = 0.30000000000000004 survives
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> History.fromCsv("a,b\n1,2\n"));
    assertTrue(e.getMessage().contains("expected a header starting with 'epoch,step'"), e.getMessage());
  }

  @Test
  void replaceWithCopiesEveryRow() {
    History h = new History();
    h.append(1, 1, row("train_loss", 5.0));
    History other = sample();
    h.replaceWith(other);
    assertEquals(other.toCsv(), h.toCsv());
    h.append(4, 16, row("train_loss", 0.2));
    assertEquals(3, other.size(), "the source must not change");
  }

  @Test
  void tableIsACopy() {
    History h = sample();
    h.table().clear();
    assertEquals(3, h.size());
  }

  @Test
  void plotAndHtml(@TempDir Path dir) throws Exception {
    History h = sample();
    Path png = dir.resolve("sub/loss.png");
    h.savePlot(png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(Charts.WIDTH, img.getWidth());
    assertEquals(Charts.HEIGHT, img.getHeight());
    Path html = dir.resolve("history.html");
    h.saveHtml(html);
    String page = Files.readString(html);
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    // loss, accuracy and learning-rate charts, then the table
    assertEquals(3, page.split("<svg", -1).length - 1);
    assertTrue(page.contains("<th>val_accuracy</th>"));
    assertTrue(page.contains("<td>0.300000</td>"), "six significant digits in the table");
    assertTrue(page.trim().endsWith("</html>"));
  }
}
