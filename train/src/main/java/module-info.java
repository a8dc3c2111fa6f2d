/** The Trainer, its callbacks, metrics, history, charts and checkpoints. */
module dev.jgrad.train {
  requires transitive dev.jgrad.nn;
  requires transitive dev.jgrad.optim;
  requires transitive dev.jgrad.datasets;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;
  requires org.knowm.xchart;
  requires java.desktop;

  exports dev.jgrad.train;
  exports dev.jgrad.train.parallel;
}
