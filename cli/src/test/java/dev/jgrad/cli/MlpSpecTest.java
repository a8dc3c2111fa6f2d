package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing {@code --hidden}, building the MLP, and the metadata round trip. */
class MlpSpecTest {
  @Test
  void parsesHidden() {
    assertEquals(List.of(64, 32), MlpSpec.parseHidden("64,32"));
    assertEquals(List.of(8), MlpSpec.parseHidden(" 8 "));
    assertEquals(List.of(), MlpSpec.parseHidden("none"));
    for (String bad : List.of("", "64,", "a", "0,4", "-3", "64;64")) {
      CliException e = assertThrows(CliException.class, () -> MlpSpec.parseHidden(bad), bad);
      assertEquals(CliException.USAGE, e.exitCode());
    }
  }

  @Test
  void buildsPyTorchShapedSequential() {
    Tensor.manualSeed(0);
    Module m = new MlpSpec(4, List.of(16, 8), "gelu", 3).build();
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
        List.copyOf(m.stateDict().keySet()));
    assertEquals(List.of(5, 3), List.of(m.forward(Tensor.zeros(5, 4)).shape()[0], m.forward(Tensor.zeros(5, 4))
        .shape()[1]));
    assertTrue(m.toString().contains("GELU"), m.toString());
    assertEquals("4 -> 16 -> 8 -> 3 (gelu)", new MlpSpec(4, List.of(16, 8), "gelu", 3).describe());
    assertEquals("4 -> 1 (linear)", new MlpSpec(4, List.of(), "relu", 1).describe());
  }

  @Test
  void metadataRoundTrip() {
    MlpSpec spec = new MlpSpec(10, List.of(64, 64), "silu", 1);
    Map<String, String> meta = spec.toMetadata(spec.build());
    assertEquals("jgrad-mlp/1", meta.get("format"));
    assertEquals("64,64", meta.get("hidden"));
    assertEquals(spec, MlpSpec.fromMetadata(meta, "m.safetensors"));
    MlpSpec linear = new MlpSpec(3, List.of(), "relu", 2);
    assertEquals(linear, MlpSpec.fromMetadata(linear.toMetadata(linear.build()), "m"));
  }

  @Test
  void rejectsForeignMetadata() {
    CliException none = assertThrows(CliException.class, () -> MlpSpec.fromMetadata(Map.of(), "x.safetensors"));
    assertTrue(none.getMessage().startsWith("x.safetensors does not describe a jgrad MLP"), none.getMessage());
    CliException missing = assertThrows(CliException.class,
        () -> MlpSpec.fromMetadata(Map.of("format", MlpSpec.FORMAT, "in_features", "4"), "x"));
    assertTrue(missing.getMessage().contains("no 'out_features' entry"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MlpSpec(4, List.of(), "swish", 1));
  }
}
