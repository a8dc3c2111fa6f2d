package dev.jgrad.cli;

/**
 * A problem the command line reports as one line on stderr, with its exit code: {@link #USAGE} (2) when the
 * command itself must change (a bad option value, a file, column or name that does not exist), {@link #FAILURE} (1)
 * when the data or the run failed (an empty or malformed CSV, a non-numeric feature, a diverged training).
 *
 * <pre>{@code
 * throw CliException.usage("--target: no column 'specie'; the columns are [sepal_length_cm, ..., species]");
 * }</pre>
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Exit code for bad usage. */
  public static final int USAGE = 2;
  /** Exit code for a failure. */
  public static final int FAILURE = 1;

  private final int exitCode;

  private CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A usage error (exit code 2). */
  public static CliException usage(String message) {
    return new CliException(USAGE, message, null);
  }

  /** A failure (exit code 1). */
  public static CliException failure(String message) {
    return new CliException(FAILURE, message, null);
  }

  /** A failure (exit code 1) caused by {@code cause} (its stack trace is shown with {@code --verbose}). */
  public static CliException failure(String message, Throwable cause) {
    return new CliException(FAILURE, message, cause);
  }

  /** 2 for usage errors, 1 for failures. */
  public int exitCode() {
    return exitCode;
  }
}
