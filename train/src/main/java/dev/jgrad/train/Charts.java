package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.BasicStroke;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Line charts for training curves, drawn with XChart (org.knowm.xchart): PNG files, and SVG markup for
 * self-contained HTML pages. Works headless (no display needed); the Trainer never opens a window.
 *
 * <p>Non-finite points (a diverged run) are left out of a series rather than breaking the chart. When every value
 * is positive and they span more than two decades, the y axis is logarithmic so a diverging curve does not flatten
 * the others.
 *
 * <pre>{@code
 * Charts.savePng(Path.of("loss.png"), "Loss", "epoch", "loss",
 *     List.of(new Charts.Series("train", epochs, trainLoss), new Charts.Series("val", epochs, valLoss)));
 * }</pre>
 */
public final class Charts {
  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  private static final BasicStroke[] LINES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT,
      SeriesLines.DASH_DOT};
  private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
      SeriesMarkers.TRIANGLE_UP};

  private Charts() {}

  /**
   * One named line.
   *
   * <p>Construction fails with IllegalArgumentException when {@code x} and {@code y} differ in length.
   */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      checkArgument(x.length == y.length, "Charts.Series '%s': x has %s values but y has %s", name, x.length, y.length);
      x = x.clone();
      y = y.clone();
    }

    @Override public double[] x() {
      return x.clone();
    }

    @Override public double[] y() {
      return y.clone();
    }
  }

  /**
   * Builds the XChart line chart (for callers that want to style it further or show it in a Swing window).
   *
   * @throws IllegalArgumentException if {@code series} is empty
   */
  public static XYChart lineChart(String title, String xLabel, String yLabel, List<Series> series) {
    checkArgument(!series.isEmpty(), "Charts.lineChart '%s': needs at least one series, got none", title);
    // Headless must be set before AWT initialises; a program that already opened a window keeps its setting.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
        .yAxisTitle(yLabel).theme(Styler.ChartTheme.XChart).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    boolean allPositive = true;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      List<double[]> points = finitePoints(s);
      double[] xs = new double[points.size()];
      double[] ys = new double[points.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = points.get(i)[0];
        ys[i] = points.get(i)[1];
        allPositive &= ys[i] > 0;
        lo = Math.min(lo, ys[i]);
        hi = Math.max(hi, ys[i]);
      }
      if (xs.length == 0) {
        continue; // XChart rejects empty series; a series with no finite value has nothing to draw
      }
      // Line style and marker vary with the series, so curves that coincide (a correct run and its accumulated
      // twin) both stay visible.
      int i = chart.getSeriesMap().size();
      XYSeries line = chart.addSeries(s.name(), xs, ys);
      line.setLineStyle(LINES[i % LINES.length]);
      line.setMarker(xs.length > 30 ? SeriesMarkers.NONE : MARKERS[i % MARKERS.length]);
    }
    if (chart.getSeriesMap().isEmpty()) {
      // keep the chart drawable: an empty frame with the titles says "nothing finite to show"
      chart.addSeries("(no finite values)", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
    } else if (allPositive && hi / lo > 100) {
      chart.getStyler().setYAxisLogarithmic(true);
    }
    return chart;
  }

  private static List<double[]> finitePoints(Series s) {
    List<double[]> out = new ArrayList<>();
    double[] x = s.x();
    double[] y = s.y();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        out.add(new double[] {x[i], y[i]});
      }
    }
    return out;
  }

  /** Draws the chart as a PNG file (parent folders are created). */
  public static void savePng(Path file, String title, String xLabel, String yLabel, List<Series> series)
      throws IOException {
    XYChart chart = lineChart(title, xLabel, yLabel, series);
    createParent(file);
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  /** The chart as SVG markup (an {@code <svg>} element without the XML prolog, ready to inline in HTML). */
  public static String svg(String title, String xLabel, String yLabel, List<Series> series) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(lineChart(title, xLabel, yLabel, series), out,
        VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    String svg = out.toString(StandardCharsets.UTF_8);
    int start = svg.indexOf("<svg");
    return start < 0 ? svg : svg.substring(start);
  }

  /**
   * Writes a self-contained HTML page (no scripts, no external files): a title, the given inline SVG charts, and
   * optionally a table.
   *
   * @param table shown below the charts; may be null
   */
  public static void saveHtml(Path file, String title, List<String> svgs, Table table) throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;color:#222}\n")
        .append("svg{max-width:100%;height:auto;display:block;margin:1em 0}\n")
        .append("table{border-collapse:collapse;font-size:90%}\n")
        .append("th,td{border:1px solid #ccc;padding:.2em .6em;text-align:right}\nth{background:#f3f3f3}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
    for (String svg : svgs) {
      html.append(svg).append('\n');
    }
    if (table != null) {
      html.append(htmlTable(table));
    }
    html.append("</body>\n</html>\n");
    createParent(file);
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  static String htmlTable(Table table) {
    StringBuilder sb = new StringBuilder("<table>\n<tr>");
    for (String name : table.columnNames()) {
      sb.append("<th>").append(escape(name)).append("</th>");
    }
    sb.append("</tr>\n");
    for (int r = 0; r < table.rowCount(); r++) {
      sb.append("<tr>");
      for (int c = 0; c < table.columnCount(); c++) {
        Object v = table.column(c).isMissing(r) ? "" : table.column(c).get(r);
        String text = v instanceof Double d ? format(d) : String.valueOf(v);
        sb.append("<td>").append(escape(text)).append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  /** Six significant digits, the way a loss table is read. */
  static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return String.format("%.6g", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
