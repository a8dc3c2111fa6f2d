package dev.jgrad.onnx;

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
 * The compiled module descriptor of dev.jgrad.onnx (the tests run on the class path, so this reads it from the
 * class files). It exports its API package only; the classes generated from onnx.proto stay inside.
 */
class ModuleDescriptorTest {
  @Test
  void exportsExactlyTheApi() throws IOException, URISyntaxException {
    ModuleDescriptor d = descriptor();
    assertEquals("dev.jgrad.onnx", d.name());
    assertEquals(Map.of("dev.jgrad.onnx", Set.of()),
        d.exports().stream().collect(Collectors.toMap(ModuleDescriptor.Exports::source,
            ModuleDescriptor.Exports::targets)));
  }

  private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
    Path classes = Path.of(Onnx.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }
}
