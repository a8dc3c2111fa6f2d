package dev.jgrad.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code jgrad --version} prints, e.g. {@code jgrad 0.1.0 (commit 6b6d090, built from a clean tree)}: the
 * project version and the commit the jar was built from, written into {@code build.properties} by the build.
 * A build outside a git clone says {@code commit unknown}.
 */
final class JgradVersion implements IVersionProvider {
  private static final String RESOURCE = "build.properties";

  @Override
  public String[] getVersion() {
    return new String[] {line(read())};
  }

  /** The project version alone, e.g. {@code 0.1.0} ({@code unknown} when the build did not write it). */
  static String version() {
    String version = value(read(), "version");
    return version == null ? "unknown" : version;
  }

  /** The one line of {@code --version} for these build properties. */
  static String line(Properties build) {
    String version = value(build, "version");
    String commit = value(build, "commit");
    return "jgrad " + (version == null ? "(version unknown)" : version) + " ("
        + (commit == null ? "commit unknown"
            : "commit " + commit + ", built from a "
                + ("true".equals(value(build, "dirty")) ? "modified" : "clean") + " tree")
        + ")";
  }

  /** A property's value; null when absent, blank, or a placeholder the build left unfiltered. */
  private static String value(Properties build, String key) {
    String v = build.getProperty(key);
    return v == null || v.isBlank() || v.contains("${") ? null : v.strip();
  }

  private static Properties read() {
    Properties build = new Properties();
    try (InputStream in = JgradVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return build;
  }
}
