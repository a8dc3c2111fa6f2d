package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerStepBenchmarksTest {
  @ParameterizedTest
  @ValueSource(strings = {"SGD", "Adam", "NAdam", "RAdam"})
  void stepMovesEveryParameterOfTheMnistMlp(String optimizer) {
    OptimizerStepBenchmarks b = new OptimizerStepBenchmarks();
    b.optimizer = optimizer;
    b.setup();
    assertEquals(784 * 512 + 512 + 512 * 512 + 512 + 10 * 512 + 10,
        b.params.stream().mapToLong(Tensor::numel).sum());
    float[][] before = b.params.stream().map(Tensor::toArray).toArray(float[][]::new);
    assertEquals(b.opt, b.step());
    for (int k = 0; k < before.length; k++) {
      float[] after = b.params.get(k).toArray();
      int still = 0;
      for (int i = 0; i < after.length; i++) {
        assertTrue(Float.isFinite(after[i]), optimizer + " p" + k + "[" + i + "] = " + after[i]);
        still += before[k][i] == after[i] ? 1 : 0;
      }
      // lr 1e-3 times a tiny gradient can fall below half an ulp of the parameter; a few may stay
      assertTrue(still <= after.length / 1000, optimizer + " p" + k + ": " + still + " values did not move");
    }
  }
}
