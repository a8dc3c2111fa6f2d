package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** jgrad --version: the version and the commit from build.properties, or "unknown" where the build had none. */
class JgradVersionTest {
  @Test
  void everyCommandPrintsTheVersionAndCommit() {
    String line = CliRun.of("--version").ok().out().strip();
    // The build filters the real version and commit in; a build outside a git clone says "commit unknown".
    assertTrue(line.matches("jgrad \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\((commit [0-9a-f]{7}, built from a "
        + "(clean|modified) tree|commit unknown)\\)"), line);
    assertEquals("jgrad " + JgradVersion.version(), line.substring(0, line.indexOf(" (")));
    for (String command : List.of("train", "predict", "datasets", "demo", "lm", "example", "shell")) {
      assertEquals(line, CliRun.of(command, "--version").ok().out().strip(), command);
    }
  }

  @Test
  void cleanAndModifiedTrees() {
    assertEquals("jgrad 1.2.0 (commit 6b6d090, built from a clean tree)",
        JgradVersion.line(build("1.2.0", "6b6d090", "false")));
    assertEquals("jgrad 1.2.0-SNAPSHOT (commit 6b6d090, built from a modified tree)",
        JgradVersion.line(build("1.2.0-SNAPSHOT", "6b6d090", "true")));
  }

  @Test
  void withoutGitTheCommitIsUnknown() {
    // What resource filtering leaves when git-commit-id found no .git folder: the placeholders themselves.
    assertEquals("jgrad 1.2.0 (commit unknown)",
        JgradVersion.line(build("1.2.0", "${git.commit.id.abbrev}", "${git.dirty}")));
    assertEquals("jgrad (version unknown) (commit unknown)", JgradVersion.line(new Properties()));
  }

  private static Properties build(String version, String commit, String dirty) {
    Properties p = new Properties();
    p.setProperty("version", version);
    p.setProperty("commit", commit);
    p.setProperty("dirty", dirty);
    return p;
  }
}
