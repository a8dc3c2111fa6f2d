/** The {@code jgrad} command; it exports nothing, and picocli reaches its commands reflectively. */
module dev.jgrad.cli {
  requires dev.jgrad.examples;
  requires dev.jgrad.onnx;
  requires info.picocli;
  requires com.google.common;
  requires java.logging;
  // --jdbc: DriverManager, and --jdbc-driver's driver shim.
  requires java.sql;
  requires jdk.jshell;

  opens dev.jgrad.cli to info.picocli;
}
