package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written before the JSON header moved to Jackson still load, and saving the same state writes the same
 * bytes. The fixture {@code compat/penguins-model.safetensors} is the {@code model.safetensors} of {@code jgrad
 * train --csv penguins --epochs 3 --seed 7 --hidden 8}, written by the hand-written header writer (jgrad 0.1.0 at
 * commit 620d2e0).
 */
class CheckpointsCompatibilityTest {
  @TempDir Path dir;

  static Path fixture(String name) {
    try {
      return Path.of(CheckpointsCompatibilityTest.class.getResource("compat/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsTheOldFileAndWritesItByteForByte() throws Exception {
    Path old = fixture("penguins-model.safetensors");
    Checkpoint c = Checkpoints.load(old);
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(c.tensors().keySet()));
    assertArrayEquals(new int[] {8, 12}, c.tensors().get("0.weight").shape());
    assertEquals("jgrad-mlp/1", c.metadata().get("format"));
    assertEquals("penguins (bundled)", c.metadata().get("trained_on"));
    assertEquals(List.of("format", "in_features", "hidden", "activation", "out_features", "architecture", "task",
        "target", "trained_on", "epochs", "seed"), List.copyOf(c.metadata().keySet()));
    // the architecture holds newlines, which the header escapes
    assertEquals(true, c.metadata().get("architecture").contains("\n  (1): ReLU()\n"));

    Path again = dir.resolve("again.safetensors");
    Checkpoints.save(again, c.tensors(), c.metadata());
    assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(again));

    // and the values are the stored little-endian floats, bit for bit
    byte[] raw = Files.readAllBytes(old);
    long headerLength = java.nio.ByteBuffer.wrap(raw, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(raw, (int) (8 + headerLength), raw.length - 8
        - (int) headerLength).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (Tensor t : c.tensors().values()) {
      for (float v : t.toArray()) {
        assertEquals(Float.floatToRawIntBits(data.getFloat()), Float.floatToRawIntBits(v));
      }
    }
  }
}
