package dev.jgrad.autograd.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.PrintOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks TensorFormatter against torch's own repr() for every case in golden/print/cases.txt (written by
 * tools/gen_print_golden.py), plus the argument checks and the Python number formatting it relies on.
 */
class TensorFormatterTest {
  private static final String GOLDEN = "/golden/print/cases.txt";

  /** One fixture case: the inputs of format() and the text torch printed. */
  private static final class GoldenCase {
    String name;
    int[] shape;
    DType dtype;
    PrintOptions opts;
    boolean param;
    final List<String> suffixes = new ArrayList<>();
    double[] data;
    String expected;

    @Override
    public String toString() {
      return name;
    }
  }

  private static List<GoldenCase> cases;
  private static String header;

  private static synchronized List<GoldenCase> goldenCases() {
    if (cases == null) {
      cases = readGolden();
    }
    return cases;
  }

  private static List<GoldenCase> readGolden() {
    InputStream in = TensorFormatterTest.class.getResourceAsStream(GOLDEN);
    assertNotNull(in, "missing test resource " + GOLDEN + ": run tools/gen_print_golden.py");
    List<GoldenCase> result = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      header = reader.readLine();
      String line;
      GoldenCase current = null;
      while ((line = reader.readLine()) != null) {
        if (current == null) {
          if (line.startsWith("#") || line.isEmpty()) {
            continue;
          }
          assertTrue(line.startsWith("case "), "expected 'case' line, got: " + line);
          current = new GoldenCase();
          current.name = line.substring(5);
          continue;
        }
        String[] words = line.split(" ", -1);
        switch (words[0]) {
          case "shape":
            current.shape = new int[words.length - 1];
            for (int i = 1; i < words.length; i++) {
              current.shape[i - 1] = Integer.parseInt(words[i]);
            }
            break;
          case "dtype":
            current.dtype = DType.valueOf(words[1].toUpperCase(Locale.ROOT));
            break;
          case "opts":
            PrintOptions o = PrintOptions.defaults()
                .withPrecision(Integer.parseInt(words[1]))
                .withThreshold(Double.parseDouble(words[2]))
                .withEdgeitems(Integer.parseInt(words[3]))
                .withLinewidth(Integer.parseInt(words[4]));
            current.opts = o.withSciMode(words[5].equals("None") ? null : Boolean.valueOf(words[5].toLowerCase(Locale.ROOT)));
            break;
          case "param":
            current.param = Boolean.parseBoolean(words[1]);
            break;
          case "suffix":
            current.suffixes.add(line.substring(7));
            break;
          case "data":
            current.data = new double[words.length - 1];
            for (int i = 1; i < words.length; i++) {
              current.data[i - 1] = words[i].length() == 16
                  ? Double.longBitsToDouble(Long.parseUnsignedLong(words[i], 16))
                  : Float.intBitsToFloat(Integer.parseUnsignedInt(words[i], 16));
            }
            break;
          case "repr":
            int n = Integer.parseInt(words[1]);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
              if (i > 0) {
                sb.append('\n');
              }
              sb.append(reader.readLine());
            }
            current.expected = sb.toString();
            assertEquals("end", reader.readLine(), "case " + current.name + " not closed by 'end'");
            result.add(current);
            current = null;
            break;
          default:
            throw new AssertionError("unknown golden line in case " + current.name + ": " + line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  static Stream<Arguments> golden() {
    return goldenCases().stream().map(c -> Arguments.of(c.name, c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void matchesTorchRepr(String name, GoldenCase c) {
    String actual = c.param
        ? TensorFormatter.formatParameter(c.data, c.shape, c.dtype, c.opts)
        : TensorFormatter.format(c.data, c.shape, c.dtype, c.suffixes, c.opts);
    assertEquals(c.expected, actual, name);
  }

  @Test
  void goldenFileIsCompleteAndNamesItsSource() {
    List<GoldenCase> all = goldenCases();
    assertTrue(header.startsWith("# generated by tools/gen_print_golden.py with torch "), header);
    assertTrue(all.size() >= 500, "only " + all.size() + " golden cases");
    for (DType d : DType.values()) {
      assertTrue(all.stream().anyMatch(c -> c.dtype == d), "no golden case for " + d);
    }
    assertTrue(all.stream().anyMatch(c -> c.expected.contains("...")), "no summarized case");
    assertTrue(all.stream().anyMatch(c -> c.expected.contains("\n\n")), "no 3-D case");
    assertTrue(all.stream().anyMatch(c -> c.expected.contains(",\n       grad_fn=")), "no wrapped suffix");
  }

  @Test
  void examplesFromTheDesign() {
    PrintOptions d = PrintOptions.defaults();
    assertEquals("tensor([ 1.5410, -0.2934, -2.1788], requires_grad=True)",
        TensorFormatter.format(new double[] {1.5410f, -0.2934f, -2.1788f}, new int[] {3}, DType.FLOAT32,
            List.of("requires_grad=True"), d));
    assertEquals("tensor(15.4830, grad_fn=<MeanBackward0>)",
        TensorFormatter.format(new double[] {15.4830f}, new int[] {}, DType.FLOAT32,
            List.of("grad_fn=<MeanBackward0>"), d));
    assertEquals("tensor([1.0000e-05, 1.0000e+00])",
        TensorFormatter.format(new double[] {1e-5f, 1f}, new int[] {2}, DType.FLOAT32, List.of(), d));
    assertEquals("tensor([ True, False])",
        TensorFormatter.format(new double[] {1f, 0f}, new int[] {2}, DType.BOOL, List.of(), d));
    assertEquals("tensor([], size=(0, 3), dtype=torch.int64)",
        TensorFormatter.format(new double[0], new int[] {0, 3}, DType.INT64, List.of(), d));
    assertEquals("Parameter containing:\ntensor([1., 1.], requires_grad=True)",
        TensorFormatter.formatParameter(new double[] {1f, 1f}, new int[] {2}, DType.FLOAT32, d));
  }

  @Test
  void numbersRoundLikePythonNotLikeStringFormat() {
    // Exact binary ties round half-to-even; String.format("%.2f", 0.125) gives "0.13".
    assertEquals("0.12", TensorFormatter.formatFixed(0.125, 2));
    assertEquals("0.38", TensorFormatter.formatFixed(0.375, 2));
    assertEquals("2", TensorFormatter.formatFixed(2.5, 0));
    assertEquals("-0.0000", TensorFormatter.formatFixed(-0.00004, 4));
    assertEquals("-0", TensorFormatter.formatFixed(-0.0, 0));
    assertEquals("1.0000e+01", TensorFormatter.formatScientific(9.99996, 4));
    assertEquals("1.2e-01", TensorFormatter.formatScientific(0.125, 1));
    assertEquals("3.8e-01", TensorFormatter.formatScientific(0.375, 1));
    assertEquals("1e+100", TensorFormatter.formatScientific(1e100, 0));
    assertEquals("-0.0000e+00", TensorFormatter.formatScientific(-0.0, 4));
    assertEquals("nan", TensorFormatter.formatScientific(-Double.NaN, 4));
    assertEquals("-inf", TensorFormatter.formatFixed(Double.NEGATIVE_INFINITY, 4));
    assertEquals("(0, 3)", TensorFormatter.pythonTuple(new int[] {0, 3}));
    assertEquals("(5,)", TensorFormatter.pythonTuple(new int[] {5}));
  }

  @Test
  void summarizesWithZeroEdgeItemsLikePythonSlicing() {
    // self[-0:] is the whole row in Python, so edgeitems=0 shows "..." followed by every element.
    PrintOptions o = PrintOptions.defaults().withThreshold(2).withEdgeitems(0);
    assertEquals("tensor([ ..., 1, 2, 3])",
        TensorFormatter.format(new double[] {1, 2, 3}, new int[] {3}, DType.INT64, List.of(), o));
  }

  @Test
  void rejectsDataThatDoesNotMatchTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TensorFormatter.format(new double[5], new int[] {2, 3}, DType.FLOAT32, List.of(),
            PrintOptions.defaults()));
    assertTrue(e.getMessage().startsWith("TensorFormatter.format: data length 5 does not match shape [2, 3]"),
        e.getMessage());
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> TensorFormatter.format(new double[0], new int[] {-1, 0}, DType.FLOAT32, List.of(),
            PrintOptions.defaults()));
    assertTrue(neg.getMessage().contains("negative size in shape [-1, 0]"), neg.getMessage());
    assertThrows(NullPointerException.class,
        () -> TensorFormatter.format((double[]) null, new int[] {0}, DType.FLOAT32, List.of(), PrintOptions.defaults()));
  }

  // PrintOptions and DType have no test classes of their own in this area; their contracts are checked here.

  @Test
  void printOptionsDefaultsProfilesAndCopies() {
    PrintOptions d = PrintOptions.defaults();
    assertEquals(4, d.precision());
    assertEquals(1000.0, d.threshold());
    assertEquals(3, d.edgeitems());
    assertEquals(80, d.linewidth());
    assertNull(d.sciMode());
    PrintOptions p = d.withPrecision(2).withSciMode(true);
    assertEquals(2, p.precision());
    assertEquals(Boolean.TRUE, p.sciMode());
    assertEquals(4, d.precision(), "withPrecision must not change the receiver");
    assertNotEquals(d, p);
    assertEquals(d.withPrecision(2).withSciMode(true), p);
    assertEquals(p.hashCode(), d.withPrecision(2).withSciMode(true).hashCode());
    assertEquals(d, PrintOptions.profile("default"));
    assertEquals(d.withPrecision(2).withEdgeitems(2), PrintOptions.profile("short"));
    assertEquals(Double.POSITIVE_INFINITY, PrintOptions.profile("full").threshold());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrintOptions.profile("long"));
    assertTrue(e.getMessage().contains("unknown profile 'long'"), e.getMessage());
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> d.withPrecision(-1));
    assertTrue(neg.getMessage().contains("precision must be non-negative, got -1"), neg.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.withEdgeitems(-2));
    assertThrows(IllegalArgumentException.class, () -> d.withThreshold(Double.NaN));
  }

  @Test
  void dtypeNamesAreTorchNames() {
    assertEquals("torch.float32", DType.FLOAT32.torchName());
    assertEquals("torch.int64", DType.INT64.torchName());
    assertEquals("torch.bool", DType.BOOL.torchName());
    assertEquals("torch.float64", DType.FLOAT64.torchName());
    assertEquals(4, DType.values().length);
    assertTrue(DType.FLOAT32.isFloatingPoint() && DType.FLOAT64.isFloatingPoint());
    assertTrue(!DType.INT64.isFloatingPoint() && !DType.BOOL.isFloatingPoint());
  }
}
