package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Number and table formatting. */
class FormatTest {
  @Test
  void fourSignificantDigits() {
    assertEquals("0.1235", Format.g4(0.123456));
    assertEquals("11.64", Format.g4(11.6392));
    assertEquals("2224", Format.g4(2223.58));
    assertEquals("-3.500", Format.g4(-3.5));
    assertEquals("0.0000", Format.g4(0));
    assertEquals("1.235e+07", Format.g4(12345678));
    assertEquals("1.000e-05", Format.g4(1e-5));
    assertEquals("NaN", Format.g4(Double.NaN));
    assertEquals("Infinity", Format.g4(Double.POSITIVE_INFINITY));
  }

  @Test
  void tableAlignsNumbersRightAndTextLeft() {
    String t = Format.table(List.of("name", "n", "note"),
        List.of(List.of("a", "1.5", "short"), List.of("bbb", "-10", "a longer note")));
    assertEquals("""
        name    n  note
        ------------------------
        a     1.5  short
        bbb   -10  a longer note
        """, t);
  }
}
