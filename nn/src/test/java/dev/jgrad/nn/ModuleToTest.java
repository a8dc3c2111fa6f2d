package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Module#to}: PyTorch's {@code module.double()} / {@code .float()}. */
class ModuleToTest {

  @Test
  void convertsFloatingParametersAndBuffersInPlaceKeepingEachParametersIdentity() {
    BatchNorm1d bn = new BatchNorm1d(3);
    Sequential m = new Sequential(new Linear(2, 3), bn);
    List<Parameter> before = m.parameters();
    Tensor runningMean = bn.runningMean();
    float[][] values = before.stream().map(Tensor::toArray).toArray(float[][]::new);
    Parameter w0 = before.get(0);
    w0.setGrad(Tensor.ones(w0.shape()));
    Tensor grad = w0.grad();

    assertSame(m, m.to(DType.FLOAT64));

    List<Parameter> after = m.parameters();
    for (int i = 0; i < before.size(); i++) {
      assertSame(before.get(i), after.get(i), "parameter " + i + " is the same object");
      assertEquals(DType.FLOAT64, after.get(i).dtype());
      assertTrue(after.get(i).requiresGrad());
      double[] widened = new double[values[i].length];
      for (int j = 0; j < widened.length; j++) {
        widened[j] = values[i][j];
      }
      assertArrayEquals(widened, after.get(i).toDoubleArray(), "parameter " + i + " values widened exactly");
    }
    assertSame(grad, w0.grad(), "the gradient stays the same object");
    assertEquals(DType.FLOAT64, w0.grad().dtype());
    assertSame(runningMean, bn.runningMean());
    assertEquals(DType.FLOAT64, bn.runningMean().dtype());
    assertEquals(DType.FLOAT64, bn.runningVar().dtype());
    assertEquals(DType.INT64, bn.numBatchesTracked().dtype(), "integer buffers keep their dtype");

    m.to(DType.FLOAT32);
    for (int i = 0; i < before.size(); i++) {
      assertSame(before.get(i), m.parameters().get(i));
      assertEquals(DType.FLOAT32, m.parameters().get(i).dtype());
      assertArrayEquals(values[i], m.parameters().get(i).toArray(), "round trip " + i);
    }
    assertEquals(DType.FLOAT32, w0.grad().dtype());
    assertEquals(DType.INT64, bn.numBatchesTracked().dtype());
  }

  @Test
  void refusesANonFloatingDtype() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Linear(2, 2).to(DType.INT64));
    assertTrue(e.getMessage().contains(
        "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64"),
        e.getMessage());
  }

  /** torch: a float32 BatchNorm1d → LayerNorm chain with given weights, .double(), a float64 training step. */
  @Test
  void aConvertedModuleComputesInFloat64AsTorchDoes() throws IOException {
    JsonNode f = Float64NNTest.fixture("float64_nn.json").get("module_to");
    Sequential m = new Sequential(new BatchNorm1d(4), new LayerNorm(4));
    Map<String, Tensor> state = new LinkedHashMap<>();
    f.get("state").fields().forEachRemaining(e -> state.put(e.getKey(), Float64NNTest.tensor(e.getValue())));
    m.loadStateDict(state);
    m.to(DType.FLOAT64);
    Tensor out = m.forward(Float64NNTest.tensor(f.get("x")));
    Float64NNTest.assertClose("forward", f.get("out"), out);
    out.backward(Float64NNTest.tensor(f.get("g")));
    Map<String, Parameter> params = m.namedParameters();
    f.get("grads").fields().forEachRemaining(e ->
        Float64NNTest.assertClose("gradient of " + e.getKey(), e.getValue(), params.get(e.getKey()).grad()));
    Map<String, Tensor> after = m.stateDict();
    f.get("after").fields().forEachRemaining(e ->
        Float64NNTest.assertClose(e.getKey() + " after the step", e.getValue(), after.get(e.getKey())));
  }
}
