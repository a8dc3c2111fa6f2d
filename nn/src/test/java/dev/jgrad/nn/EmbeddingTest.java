package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
  private static final Golden INIT = Golden.of("init.txt");
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void lookupAndGradientsMatchTorchIncludingPaddingAndRepeats() {
    LAYERS.checkLayer("embedding", new Embedding(7, 3, 2), "weight");
  }

  @Test
  void seededInitIsTorchsWithAZeroPaddingRow() {
    Tensor.manualSeed(5);
    assertExact("embedding_6_4", INIT.tensor("embedding_6_4.weight"), new Embedding(6, 4).weight());
    Tensor.manualSeed(6);
    Embedding pad = new Embedding(3, 2, 1);
    assertExact("embedding_pad", INIT.tensor("embedding_pad.weight"), pad.weight());
    assertArrayEquals(new float[2], pad.weight().select(0, 1).toArray());
    assertEquals(2, new Embedding(3, 2, -1).paddingIdx()); // negative counts from the end
  }

  @Test
  void errors() {
    Embedding emb = new Embedding(3, 2);
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> emb.forward(Tensor.ofLongs(0, 3)));
    assertContains(e.getMessage(), "index out of range in self", "index 3", "[0, 3)");
    assertThrows(IndexOutOfBoundsException.class, () -> emb.forward(Tensor.ofLongs(-1)));
    IllegalArgumentException type =
        assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(0f, 1f)));
    assertContains(type.getMessage(), "Long");
    IllegalArgumentException pad = assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 2, 3));
    assertContains(pad.getMessage(), "Padding_idx must be within num_embeddings");
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new Embedding(-1, 2));
    assertContains(negative.getMessage(), "Embedding(-1, 2)",
        "Trying to create tensor with negative dimension -1: [-1, 2]");
  }

  @Test
  void reprMatchesTorch() {
    assertEquals(REPR.string("repr.embedding"), new Embedding(10, 3).toString());
    assertEquals(REPR.string("repr.embedding_pad"), new Embedding(10, 3, 0).toString());
  }
}
