package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PyReprTest {
  @ParameterizedTest
  @CsvSource({"0.01,0.01", "1e-5,1e-05", "0.0001,0.0001", "0.5,0.5", "1,1.0", "100,100.0", "1e16,1e+16",
      "1e15,1000000000000000.0", "-2.5,-2.5", "1.5e-7,1.5e-07", "0.1,0.1", "123.456,123.456", "3e20,3e+20"})
  void floatsPrintLikePython(double v, String python) {
    assertEquals(python, PyRepr.of(v));
  }

  @Test
  void specialValuesTuplesAndIndent() {
    assertEquals("nan", PyRepr.of(Double.NaN));
    assertEquals("-inf", PyRepr.of(Double.NEGATIVE_INFINITY));
    assertEquals("-0.0", PyRepr.of(-0.0));
    assertEquals("(4,)", PyRepr.tuple(4));
    assertEquals("(3, 4)", PyRepr.tuple(3, 4));
    assertEquals("()", PyRepr.tuple());
    assertEquals("True", PyRepr.bool(true));
    assertEquals("a\n  b\n  c", PyRepr.addIndent("a\nb\nc", 2));
    assertEquals("a", PyRepr.addIndent("a", 2));
  }
}
