package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code jgrad datasets} lists every bundled dataset with its rows, features, task, target and classes. */
class DatasetsCommandTest {
  @Test
  void listsEveryBundledDataset() {
    String out = CliRun.of("datasets").ok().out();
    for (String row : new String[] {
        "iris +150 +4 +classification +species +3: setosa, versicolor, virginica",
        "penguins +344 +6 \\(9 encoded\\) +classification +species +3: Adelie, Chinstrap, Gentoo",
        "digits +1797 +64 +classification +label +10: 0, 1, 2, \\.\\.\\., 9",
        "diabetes +442 +10 +regression +target +-",
        "auto_mpg +406 +7 \\(9 encoded\\) +regression +mpg +-",
        "fashion_mnist_sample +1000 +784 +classification +label +10: T-shirt/top, Trouser, Pullover, \\.\\.\\., "
            + "Ankle boot"}) {
      assertTrue(Pattern.compile(row).matcher(out).find(), () -> row + " not in:\n" + out);
    }
  }
}
