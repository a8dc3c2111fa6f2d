package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IdxArrayTest {
  @Test
  void indexesRowMajorAndConvertsToTensors() {
    IdxArray a = new IdxArray(IdxArray.Type.UBYTE, new int[] {2, 3}, new byte[] {1, 2, 3, 4, 5, (byte) 200});
    assertEquals(6, a.numel());
    assertEquals(200, a.getInt(1, 2));
    assertEquals(2, a.getInt(0, 1));
    Tensor t = a.toTensor();
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 200}, t.toArray());
    assertEquals("IdxArray(UBYTE [2, 3])", a.toString());
    assertEquals(0x08, IdxArray.Type.UBYTE.code());
    assertEquals(8, IdxArray.Type.DOUBLE.bytes());
  }

  @Test
  void boundsAreChecked() {
    IdxArray a = new IdxArray(IdxArray.Type.UBYTE, new int[] {2, 3}, new byte[6]);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(2, 0));
    assertTrue(e.getMessage().contains("index 2 is out of bounds for dim 0 with size 2"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(0));
    assertThrows(IndexOutOfBoundsException.class, () -> a.get(6));
    IdxArray f = new IdxArray(IdxArray.Type.FLOAT, new int[] {1}, ByteBuffer.allocate(4).putFloat(1.5f).array());
    IllegalStateException s = assertThrows(IllegalStateException.class, f::toLongTensor);
    assertTrue(s.getMessage().contains("FLOAT values, not integers"), s.getMessage());
  }
}
