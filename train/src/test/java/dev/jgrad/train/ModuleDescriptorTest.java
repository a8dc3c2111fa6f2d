package dev.jgrad.train;

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
 * The compiled module descriptor of dev.jgrad.train (the tests run on the class path, so this reads it from the
 * class files). It exports its API packages and nothing else.
 */
class ModuleDescriptorTest {
  @Test
  void exportsExactlyTheApi() throws IOException, URISyntaxException {
    ModuleDescriptor d = descriptor();
    assertEquals("dev.jgrad.train", d.name());
    assertEquals(Map.of("dev.jgrad.train", Set.of(), "dev.jgrad.train.parallel", Set.of()),
        d.exports().stream().collect(Collectors.toMap(ModuleDescriptor.Exports::source,
            ModuleDescriptor.Exports::targets)));
    assertEquals(Map.of(),
        d.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets)));
  }

  private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
    Path classes = Path.of(Trainer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }
}
