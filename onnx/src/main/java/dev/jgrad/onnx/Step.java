package dev.jgrad.onnx;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.onnx.proto.AttributeProto;
import java.util.Arrays;
import java.util.List;

/**
 * One layer being written into the graph: where it sits in the model, the name of its input value, and the shapes
 * jgrad computed for its input and output on the example.
 *
 * @param graph the graph being written
 * @param path the layer's module path ({@code features.0}; empty for the model itself)
 * @param input the name of the graph value the layer reads
 * @param inShape the layer's input shape on the example
 * @param outShape the layer's output shape on the example
 */
record Step(Graph graph, String path, String input, int[] inShape, int[] outShape) {
  /** A node reading {@code inputs}; returns its output's name. */
  String node(String op, List<String> inputs, AttributeProto... attributes) {
    return graph.node(path, op, inputs, attributes);
  }

  /** A node reading the layer's input. */
  String op(String op, AttributeProto... attributes) {
    return node(op, List.of(input), attributes);
  }

  /** A node reading {@code x} and a float constant. */
  String withScalar(String op, String x, double value) {
    return node(op, List.of(x, graph.scalar((float) value)));
  }

  /** The layer's parameter or buffer {@code name} as an initializer named by its state-dict key. */
  String weight(String name, Tensor t) {
    return graph.initializer(path.isEmpty() ? name : path + "." + name, t);
  }

  /** A float32 initializer named {@code path.name}. */
  String floats(String name, int[] shape, float... values) {
    return graph.floats(path.isEmpty() ? name : path + "." + name, shape, values);
  }

  /** An int64 initializer named {@code path.name}. */
  String longs(String name, int[] shape, long... values) {
    return graph.longs(path.isEmpty() ? name : path + "." + name, shape, values);
  }

  /** The refusal for a setting of a supported layer that has no ONNX equivalent here. */
  IllegalArgumentException unsupported(String layer, String setting) {
    return new IllegalArgumentException("ONNX export does not support " + layer + " with " + setting + " (at path '"
        + path + "'; input shape " + Arrays.toString(inShape) + ")");
  }
}
