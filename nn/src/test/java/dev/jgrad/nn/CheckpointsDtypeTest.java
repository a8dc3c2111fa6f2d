package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safetensors dtypes: F64 and I64 files written by hand in Python (tools/gen_float64_optim.py) load bit-exactly with
 * their dtype, F16 and BF16 load as float32, every dtype jgrad holds survives a save and load, and loading float64
 * values into a float32 module converts them as PyTorch's {@code load_state_dict} ({@code copy_}) does.
 */
class CheckpointsDtypeTest {
  @TempDir
  Path dir;

  private static Path golden(String name) throws URISyntaxException {
    return Path.of(CheckpointsDtypeTest.class.getResource("/golden/safetensors/" + name).toURI());
  }

  private static JsonNode expected() throws IOException {
    try (InputStream in = CheckpointsDtypeTest.class.getResourceAsStream("/golden/safetensors/dtypes.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void pythonWrittenFilesLoadWithTheirDtypesAndExactValues() throws Exception {
    JsonNode expected = expected();
    for (String file : new String[] {"f64.safetensors", "i64.safetensors", "f16.safetensors", "bf16.safetensors"}) {
      Map<String, Tensor> tensors = Checkpoints.load(golden(file)).tensors();
      JsonNode want = expected.get(file);
      assertEquals(want.size(), tensors.size(), file);
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Tensor t = tensors.get(e.getKey());
        String what = file + " " + e.getKey();
        assertEquals(e.getValue().get("dtype").asText(), t.dtype().torchName(), what);
        JsonNode shape = e.getValue().get("shape");
        assertEquals(shape.size(), t.dim(), what);
        double[] values = t.toDoubleArray();
        JsonNode wantValues = e.getValue().get("values");
        assertEquals(wantValues.size(), values.length, what);
        for (int i = 0; i < values.length; i++) {
          // raw bits: -0.0 keeps its sign, 1e-300 and 2^60 their last bit
          assertEquals(Double.doubleToRawLongBits(wantValues.get(i).asDouble()),
              Double.doubleToRawLongBits(values[i]), what + " element " + i);
        }
      }
    }
  }

  @Test
  void float64AndInt64AreWrittenBitExactlyAndReadBack() throws IOException {
    double[] doubles = {0.1, -0.0, 1.0 / 3, 1e-300, Math.PI, Double.MIN_VALUE};
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("d", Tensor.of(doubles, new int[] {2, 3}, DType.FLOAT64));
    long[] labels = {0, -5, (1L << 53) + 1, Long.MIN_VALUE};
    tensors.put("labels", Tensor.ofLongs(labels));
    tensors.put("f", Tensor.of(new float[] {0.1f, -2f}, 2));
    tensors.put("mask", Tensor.of(new double[] {1, 0, 1}, new int[] {3}, DType.BOOL));
    Path file = dir.resolve("dtypes.safetensors");
    Checkpoints.save(file, tensors, Map.of());

    Map<String, Tensor> back = Checkpoints.load(file).tensors();
    for (String key : tensors.keySet()) {
      assertEquals(tensors.get(key).dtype(), back.get(key).dtype(), key);
      assertArrayEquals(tensors.get(key).shape(), back.get(key).shape(), key);
      assertArrayEquals(tensors.get(key).toDoubleArray(), back.get(key).toDoubleArray(), key);
    }
    assertArrayEquals(labels, back.get("labels").toLongArray());
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.get("d").toDoubleArray()[1]));

    // the data section holds little-endian IEEE doubles and real int64 values, as safetensors.torch writes them
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(header.contains("\"dtype\":\"F64\""), header);
    assertTrue(header.contains("\"dtype\":\"I64\""), header);
    ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) headerLength, bytes.length - 8 - (int) headerLength)
        .slice().order(ByteOrder.LITTLE_ENDIAN);
    for (double v : doubles) {
      assertEquals(Double.doubleToRawLongBits(v), data.getLong());
    }
    assertArrayEquals(labels, new long[] {data.getLong(), data.getLong(), data.getLong(), data.getLong()});
  }

  @Test
  void int64BeyondFloatPrecisionFromPyTorchLoadsExactly() throws Exception {
    Tensor ids = Checkpoints.load(golden("i64_inexact.safetensors")).tensors().get("ids");
    assertEquals(DType.INT64, ids.dtype());
    assertArrayEquals(new long[] {1, 2, 1099511627777L}, ids.toLongArray());
  }

  @Test
  void float64CheckpointLoadsIntoFloat32ModuleConverted() throws IOException {
    Linear source = new Linear(2, 3);
    Map<String, Tensor> f64 = new LinkedHashMap<>();
    double[] w = {0.1, 0.2, 0.3, -0.4, 1.0 / 3, 1e-40};
    double[] b = {1e-3, -2.5, 7};
    f64.put("weight", Tensor.of(w, new int[] {3, 2}, DType.FLOAT64));
    f64.put("bias", Tensor.of(b, new int[] {3}, DType.FLOAT64));
    Path file = dir.resolve("f64.safetensors");
    Checkpoints.save(file, f64, Map.of());

    Checkpoints.load(file, source);
    Map<String, Tensor> state = source.stateDict();
    assertEquals(DType.FLOAT32, state.get("weight").dtype());
    float[] want = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      want[i] = (float) w[i];
    }
    assertArrayEquals(want, state.get("weight").toArray());
    assertArrayEquals(new float[] {1e-3f, -2.5f, 7f}, state.get("bias").toArray());
  }
}
