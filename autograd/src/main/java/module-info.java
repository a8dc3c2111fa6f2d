/**
 * Tensors with autograd: {@code dev.jgrad.autograd} is the whole public API. The internal packages (ops, engine,
 * storage, random, print, kernels, io, and the {@code access} bridge into Tensor) are exported only to the jgrad
 * modules that build on them.
 */
module dev.jgrad.autograd {
  requires com.google.common;
  requires com.fasterxml.jackson.databind;
  requires static jdk.incubator.vector;

  exports dev.jgrad.autograd;

  exports dev.jgrad.autograd.io to dev.jgrad.nn, dev.jgrad.optim, dev.jgrad.datasets, dev.jgrad.train, dev.jgrad.cli,
      dev.jgrad.onnx;
  exports dev.jgrad.autograd.kernels to dev.jgrad.nn, dev.jgrad.optim;
  exports dev.jgrad.autograd.ops to dev.jgrad.nn, dev.jgrad.optim;
  exports dev.jgrad.autograd.storage to dev.jgrad.nn, dev.jgrad.optim, dev.jgrad.datasets;
}
