package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ChartsTest {
  private static final double[] X = {1, 2, 3, 4};

  @Test
  void seriesChecksLengthsAndCopies() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Charts.Series("loss", new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("Charts.Series 'loss': x has 2 values but y has 1"), e.getMessage());
    double[] y = {4, 3, 2, 1};
    Charts.Series s = new Charts.Series("a", X, y);
    y[0] = 99;
    assertEquals(4, s.y()[0]);
  }

  @Test
  void nonFinitePointsAreLeftOut() {
    XYChart chart = Charts.lineChart("t", "x", "y",
        List.of(new Charts.Series("diverged", X, new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, 2})));
    double[] ys = chart.getSeriesMap().get("diverged").getYData();
    assertArrayEquals(new double[] {1, 2}, ys);
  }

  @Test
  void logAxisOnlyWhenPositiveValuesSpanMoreThanTwoDecades() {
    XYChart wide = Charts.lineChart("t", "x", "y", List.of(
        new Charts.Series("fix", X, new double[] {1, 0.1, 0.05, 0.01}),
        new Charts.Series("pitfall", X, new double[] {1, 5, 20, 40})));
    assertTrue(wide.getStyler().isYAxisLogarithmic());
    XYChart narrow = Charts.lineChart("t", "x", "y",
        List.of(new Charts.Series("fix", X, new double[] {1, 0.5, 0.2, 0.1})));
    assertFalse(narrow.getStyler().isYAxisLogarithmic());
    XYChart negative = Charts.lineChart("t", "x", "y",
        List.of(new Charts.Series("r2", X, new double[] {-500, 0.5, 0.9, 0.99})));
    assertFalse(negative.getStyler().isYAxisLogarithmic());
  }

  @Test
  void emptyOrAllNonFiniteInput() {
    assertThrows(IllegalArgumentException.class, () -> Charts.lineChart("t", "x", "y", List.of()));
    XYChart chart = Charts.lineChart("t", "x", "y",
        List.of(new Charts.Series("nan", X, new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN})));
    assertEquals(1, chart.getSeriesMap().size(), "an empty frame is still drawable");
  }

  @Test
  void pngAndSelfContainedHtml(@TempDir Path dir) throws Exception {
    List<Charts.Series> s = List.of(new Charts.Series("a<b", X, new double[] {4, 3, 2, 1}));
    Path png = dir.resolve("c.png");
    Charts.savePng(png, "T", "x", "y", s);
    byte[] bytes = Files.readAllBytes(png);
    assertEquals((byte) 0x89, bytes[0]);
    assertEquals('P', bytes[1]);
    String svg = Charts.svg("T", "x", "y", s);
    assertTrue(svg.startsWith("<svg"), svg.substring(0, 40));
    Table t = Table.create("t", StringColumn.create("name", "x&y"), DoubleColumn.create("v", 1.0 / 3));
    Path html = dir.resolve("p.html");
    Charts.saveHtml(html, "Title <1>", List.of(svg), t);
    String page = Files.readString(html);
    assertTrue(page.contains("<title>Title &lt;1&gt;</title>"));
    assertTrue(page.contains("<td>x&amp;y</td><td>0.333333</td>"));
    assertFalse(page.contains("<script"), "no scripts: the page must open offline");
    assertFalse(page.contains("src=\"http"), "no external resources");
  }

  @Test
  void formatting() {
    assertEquals("0.123457", Charts.format(0.1234567));
    assertEquals("NaN", Charts.format(Double.NaN));
    assertEquals("1.00000e+06", Charts.format(1e6));
  }
}
