package dev.jgrad.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads golden/datasets_golden.txt, written by tools/gen_datasets_golden.py (see its docstring for the format). */
final class Golden {
  private static List<String[]> lines;

  private Golden() {}

  /** The records whose first field is {@code kind}, split on " ; " (the kind field included). */
  static synchronized List<String[]> records(String kind) {
    if (lines == null) {
      try (InputStream in = Golden.class.getResourceAsStream("/golden/datasets_golden.txt")) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        lines = new ArrayList<>();
        for (String line : text.split("\n")) {
          if (!line.startsWith("#") && !line.isBlank()) {
            lines.add(line.split(" ; ", -1));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines.stream().filter(r -> r[0].equals(kind)).toList();
  }

  /** The last field of the record {@code kind ; a ; b ; value}. */
  static String value(String kind, String... keys) {
    for (String[] r : records(kind)) {
      if (Arrays.equals(Arrays.copyOfRange(r, 1, 1 + keys.length), keys)) {
        return r[r.length - 1];
      }
    }
    throw new IllegalArgumentException("no golden record " + kind + " " + Arrays.toString(keys));
  }

  static int[] ints(String csv) {
    if (csv.isEmpty()) {
      return new int[0];
    }
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  static double[] doubles(String csv) {
    return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  /** "1,2|3" to {{1, 2}, {3}}. */
  static int[][] groups(String text) {
    String[] parts = text.split("\\|", -1);
    int[][] out = new int[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      out[i] = ints(parts[i]);
    }
    return out;
  }
}
