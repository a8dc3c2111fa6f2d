package dev.jgrad.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.protobuf.ByteString;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.onnx.proto.AttributeProto;
import dev.jgrad.onnx.proto.GraphProto;
import dev.jgrad.onnx.proto.NodeProto;
import dev.jgrad.onnx.proto.TensorProto;
import dev.jgrad.onnx.proto.TensorShapeProto;
import dev.jgrad.onnx.proto.TypeProto;
import dev.jgrad.onnx.proto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph being written: its nodes, its initializers (weights and constants) and the names already used, so
 * every value gets a unique name. Weights keep their state-dict names ({@code 0.weight}); node outputs are named
 * after the module path and the operator ({@code 3/Conv}).
 */
final class Graph {
  /** The symbolic name of the first dimension of the input and of every value computed from it. */
  static final String BATCH = "batch";

  private final GraphProto.Builder proto = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  private final Map<String, String> constants = new HashMap<>();
  /** The floating dtype of the model's weights: its constants are written in it too (ONNX ops take one type). */
  private final DType real;

  Graph(String name, DType real) {
    checkArgument(real.isFloatingPoint(), "Graph: %s is not a floating dtype", real);
    proto.setName(name);
    this.real = real;
  }

  /** {@code hint}, or {@code hint_1}, {@code hint_2}, ... if taken: a name no other value of the graph has. */
  String fresh(String hint) {
    String name = hint;
    for (int i = 1; !names.add(name); i++) {
      name = hint + "_" + i;
    }
    return name;
  }

  /** Adds a node with one output, named {@code scope/op}, and returns that name. */
  String node(String scope, String op, List<String> inputs, AttributeProto... attributes) {
    String output = fresh(scope.isEmpty() ? op : scope + "/" + op);
    proto.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
        .addAllAttribute(List.of(attributes)));
    return output;
  }

  /** Writes {@code input} to the graph value {@code output}, a name {@link #reserve reserved} for it. */
  void identity(String input, String output) {
    proto.addNode(NodeProto.newBuilder().setOpType("Identity").setName(output).addInput(input).addOutput(output));
  }

  /** Keeps {@code name} (the graph's output) from being given to any other value. */
  void reserve(String name) {
    checkArgument(names.add(name), "Onnx.export: the output name '%s' is already taken (the input's name?)", name);
  }

  /**
   * Adds {@code t}'s values (float32 or float64 as they are, int64 for int64 and bool tensors) as an initializer;
   * returns its name.
   */
  String initializer(String name, Tensor t) {
    if (t.dtype() == DType.FLOAT64) {
      double[] values = t.toDoubleArray();
      ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asDoubleBuffer().put(values);
      return addInitializer(name, t.shape(), TensorProto.DataType.DOUBLE, b);
    }
    if (t.dtype() == DType.FLOAT32) {
      float[] values = t.toArray();
      ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      return addInitializer(name, t.shape(), TensorProto.DataType.FLOAT, b);
    }
    return longs(name, t.shape(), t.toLongArray());
  }

  /** A constant of the given shape in the graph's floating dtype. */
  String floats(String name, int[] shape, float... values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return initializer(name, Tensor.of(d, shape, real));
  }

  /** An int64 initializer of the given shape. */
  String longs(String name, int[] shape, long... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return addInitializer(name, shape, TensorProto.DataType.INT64, b);
  }

  /** A scalar constant in the graph's floating dtype, shared by every node that uses the same value. */
  String scalar(float value) {
    return constants.computeIfAbsent("f" + Float.floatToIntBits(value),
        k -> floats(fresh("const_" + Float.toString(value).replace('-', 'm')), new int[0], value));
  }

  private String addInitializer(String name, int[] shape, TensorProto.DataType type, ByteBuffer bytes) {
    String unique = fresh(name);
    TensorProto.Builder t = TensorProto.newBuilder().setName(unique).setDataType(type.getNumber())
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (int d : shape) {
      t.addDims(d);
    }
    proto.addInitializer(t);
    return unique;
  }

  void addInput(String name, DType dtype, int[] shape) {
    names.add(name);
    proto.addInput(valueInfo(name, dtype, shape));
  }

  void addOutput(String name, DType dtype, int[] shape) {
    proto.addOutput(valueInfo(name, dtype, shape));
  }

  /** Declares the shape of an intermediate value, which ONNX Runtime checks against its own inference on load. */
  void addValueInfo(String name, DType dtype, int[] shape) {
    proto.addValueInfo(valueInfo(name, dtype, shape));
  }

  GraphProto build() {
    return proto.build();
  }

  /** {@code shape} with its first dimension the symbolic {@link #BATCH}. */
  private static ValueInfoProto valueInfo(String name, DType dtype, int[] shape) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (int i = 0; i < shape.length; i++) {
      s.addDim(i == 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH)
          : TensorShapeProto.Dimension.newBuilder().setDimValue(shape[i]));
    }
    TensorProto.DataType type = switch (dtype) {
      case FLOAT32 -> TensorProto.DataType.FLOAT;
      case FLOAT64 -> TensorProto.DataType.DOUBLE;
      case INT64 -> TensorProto.DataType.INT64;
      case BOOL -> TensorProto.DataType.BOOL;
    };
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(s))).build();
  }

  static AttributeProto attribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto attribute(String name, double value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
        .setF((float) value).build();
  }

  static AttributeProto attribute(String name, int[] values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (int v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto attribute(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }
}
