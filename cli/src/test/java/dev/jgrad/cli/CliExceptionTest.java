package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Exit codes carried by CliException. */
class CliExceptionTest {
  @Test
  void codes() {
    assertEquals(2, CliException.usage("u").exitCode());
    assertEquals(1, CliException.failure("f").exitCode());
    IllegalStateException cause = new IllegalStateException();
    CliException e = CliException.failure("f", cause);
    assertSame(cause, e.getCause());
    assertEquals("f", e.getMessage());
  }
}
