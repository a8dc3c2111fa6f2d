/** Layers, losses, initialisation and safetensors checkpoints on top of {@code dev.jgrad.autograd}. */
module dev.jgrad.nn {
  requires transitive dev.jgrad.autograd;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;
  requires java.logging;

  exports dev.jgrad.nn;
}
