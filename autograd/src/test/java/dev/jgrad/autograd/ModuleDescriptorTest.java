package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptor of dev.jgrad.autograd (the tests run on the class path, so this reads it from the
 * class files). The public API is one package; the internals that the other jgrad modules build on are exported to them only,
 * and the bridge into Tensor ({@code access}) to none.
 */
class ModuleDescriptorTest {
  @Test
  void exportsExactlyTheApi() throws IOException, URISyntaxException {
    ModuleDescriptor d = descriptor();
    assertEquals("dev.jgrad.autograd", d.name());
    assertEquals(Map.of(
        "dev.jgrad.autograd", Set.of(),
        "dev.jgrad.autograd.io",
        Set.of("dev.jgrad.nn", "dev.jgrad.optim", "dev.jgrad.datasets", "dev.jgrad.train", "dev.jgrad.cli",
            "dev.jgrad.onnx"),
        "dev.jgrad.autograd.kernels", Set.of("dev.jgrad.nn", "dev.jgrad.optim"),
        "dev.jgrad.autograd.ops", Set.of("dev.jgrad.nn", "dev.jgrad.optim"),
        "dev.jgrad.autograd.storage", Set.of("dev.jgrad.nn", "dev.jgrad.optim", "dev.jgrad.datasets")),
        d.exports().stream().collect(Collectors.toMap(ModuleDescriptor.Exports::source,
            ModuleDescriptor.Exports::targets)));
    assertEquals(Map.of(),
        d.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets)));
  }

  private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
    Path classes = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }
}
