/**
 * Export of jgrad models to ONNX ({@link dev.jgrad.onnx.Onnx#export}); the classes generated from
 * {@code onnx.proto} stay inside the module.
 */
module dev.jgrad.onnx {
  requires transitive dev.jgrad.nn;
  requires com.google.common;
  requires com.google.protobuf;

  exports dev.jgrad.onnx;
}
