package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@link Init} on float64 tensors draws torch's float64 streams: the same values for the same seed, bit for bit for
 * the uniform fills and at rel 1e-12 for the normal ones (Java's log differs from glibc's in the last bit of about
 * one value in 2,400).
 */
class Float64InitTest {

  @Test
  void fillsFloat64TensorsAsTorchDoes() throws IOException {
    for (JsonNode c : Float64NNTest.fixture("float64_nn.json").get("init")) {
      String name = c.get("name").asText();
      Tensor t = Tensor.zeros(DType.FLOAT64, Float64NNTest.ints(c.get("shape")));
      Generator.global().manualSeed(5);
      switch (name) {
        case "uniform_" -> Init.uniform_(t, -0.5, 2.0);
        case "normal_" -> Init.normal_(t, 0.3, 1.7);
        case "xavier_uniform_" -> Init.xavierUniform_(t);
        default -> Init.kaimingNormal_(t);
      }
      assertEquals(DType.FLOAT64, t.dtype(), name);
      Float64NNTest.assertClose(name, c, t);
      if (name.contains("uniform")) {
        assertArrayEquals(Float64NNTest.tensor(c).toDoubleArray(), t.toDoubleArray(), name);
      }
    }
  }
}
