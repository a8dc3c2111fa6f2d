/** Optimizers, LR schedulers, gradient clipping and the optimizer conformance kit. */
module dev.jgrad.optim {
  requires transitive dev.jgrad.autograd;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;
  requires static jdk.incubator.vector;

  exports dev.jgrad.optim;
  exports dev.jgrad.optim.conformance;
}
