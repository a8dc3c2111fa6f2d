/** Runnable programs, each written against the public API of the library only. */
module dev.jgrad.examples {
  requires transitive dev.jgrad.train;
  requires commons.math3;
  requires com.google.common;
  requires java.logging;

  exports dev.jgrad.examples;
}
