/** Runnable programs, each written against the public API of the library only. */
module dev.jgrad.examples {
  requires transitive dev.jgrad.train;
  requires commons.math3;
  requires com.google.common;
  requires java.logging;
  // DatabaseClassifier writes and reads an H2 database through JDBC.
  requires java.sql;

  exports dev.jgrad.examples;
}
