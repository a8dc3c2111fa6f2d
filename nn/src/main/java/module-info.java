/** Layers, losses, initialisation and safetensors checkpoints on top of {@code dev.jgrad.autograd}. */
module dev.jgrad.nn {
  requires transitive dev.jgrad.autograd;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;
  requires java.logging;
  requires commons.math3;

  exports dev.jgrad.nn;
}
