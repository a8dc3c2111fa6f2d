package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.ShardContext;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void seededMaskIsTorchs() {
    Tensor.manualSeed(38);
    LAYERS.checkLayer("dropout", new Dropout(0.3));
    Tensor.manualSeed(40);
    LAYERS.checkLayer("dropout_half", new Dropout());
  }

  @Test
  void survivorsAreScaledAndEvalIsTheIdentity() {
    Dropout d = new Dropout(0.5, new Generator(1));
    float[] y = d.forward(Tensor.ones(1000)).toArray();
    int zeros = 0;
    for (float v : y) {
      assertTrue(v == 0f || v == 2f, "value " + v);
      zeros += v == 0f ? 1 : 0;
    }
    assertTrue(zeros > 430 && zeros < 570, "zeros " + zeros);
    Tensor x = Tensor.ones(3);
    assertSame(x, d.eval().forward(x));
    assertSame(x, new Dropout(0.0).forward(x));
    assertEquals(0f, new Dropout(1.0).forward(Tensor.ones(4)).sum().item());
  }

  @Test
  void inAShardContextEachRowsMaskDependsOnlyOnItsGlobalIndex() {
    Dropout d = new Dropout(0.4);
    float[] whole;
    try (ShardContext c = ShardContext.enter(9, 3, 0, 6)) {
      whole = d.forward(Tensor.ones(6, 200)).toArray();
    }
    float[] tail;
    try (ShardContext c = ShardContext.enter(9, 3, 4, 2)) {
      tail = d.forward(Tensor.ones(2, 200)).toArray();
    }
    assertArrayEquals(java.util.Arrays.copyOfRange(whole, 4 * 200, 6 * 200), tail);
    int zeros = 0;
    for (float v : whole) {
      assertTrue(v == 0f || v == 1f / 0.6f, "value " + v);
      zeros += v == 0f ? 1 : 0;
    }
    assertTrue(zeros > 400 && zeros < 560, "zeros " + zeros);
    try (ShardContext c = ShardContext.enter(9, 4, 0, 6)) {   // another step draws another mask
      assertFalse(java.util.Arrays.equals(whole, d.forward(Tensor.ones(6, 200)).toArray()));
    }
  }

  @Test
  void inAShardContextTheInputMustHaveTheShardsRows() {
    try (ShardContext c = ShardContext.enter(0, 0, 0, 4)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Dropout(0.5).forward(Tensor.ones(3, 2)));
      assertTrue(e.getMessage().contains("dropout: in a data-parallel replica the input's first dimension must be "
          + "the shard's 4 rows"), e.getMessage());
      assertTrue(e.getMessage().contains("[3, 2]"), e.getMessage());
    }
  }

  @Test
  void probabilityOutsideUnitIntervalFails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    assertContains(e.getMessage(), "Dropout:", "dropout probability has to be between 0 and 1, but got 1.5");
    assertThrows(IllegalArgumentException.class, () -> Functional.dropout(Tensor.ones(1), -0.1, true));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
  }

  @Test
  void reprMatchesTorch() {
    assertEquals(REPR.string("repr.dropout"), new Dropout().toString());
    assertEquals(REPR.string("repr.dropout_0p1"), new Dropout(0.1).toString());
  }
}
