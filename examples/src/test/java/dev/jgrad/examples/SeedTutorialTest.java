package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The seed tutorial prints exactly what PyTorch prints (fixture from tools/gen_seed_tutorial.py). */
class SeedTutorialTest {
  @Test
  void printsWhatPyTorchPrints() throws IOException {
    List<String> expected;
    try (InputStream in = getClass().getResourceAsStream("/seed/seed_tutorial_expected.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#"))
          .collect(Collectors.toList());
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    SeedTutorial.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    List<String> actual = Arrays.asList(buf.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(expected.size(), actual.size(), () -> "line count; got:\n" + String.join("\n", actual));
    for (int i = 0; i < expected.size(); i++) {
      String want = expected.get(i);
      String got = actual.get(i);
      if (want.startsWith("error:")) {
        // Java's message adds the shape and a hint, but keeps PyTorch's phrase.
        org.junit.jupiter.api.Assertions.assertTrue(got.startsWith("error:") && got.contains(want.substring(7)),
            "line " + (i + 1) + ": " + got);
      } else {
        assertEquals(want, got, "line " + (i + 1));
      }
    }
  }
}
