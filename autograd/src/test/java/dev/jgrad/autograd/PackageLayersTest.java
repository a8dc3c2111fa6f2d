package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of autograd, read from its sources: the internal packages form layers that only import
 * downwards, they reach the façade ({@code dev.jgrad.autograd}) only for its public API types, Tensor's internals
 * are reached only through the {@code access} bridge that Tensor alone installs, and no public signature of the
 * façade mentions an internal type.
 */
class PackageLayersTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/jgrad/autograd");
  private static final String ROOT = "dev.jgrad.autograd";

  /** Internal packages by layer: a package may import only from packages of a lower layer. */
  private static final Map<String, Integer> LAYER = Map.of(
      "kernels", 0, "io", 0,
      "storage", 1,
      "access", 2,
      "random", 3, "print", 3,
      "ops", 4,
      "engine", 5);

  /** The façade types internals may use: public API, nothing else. */
  private static final Set<String> API_TYPES = Set.of(
      "Tensor", "DType", "Node", "GradMode", "Generator", "Autograd", "BackwardOptions", "GradOptions",
      "ObservingHook", "ValuesAndIndices", "HeapLimitException", "PrintOptions", "GradCheck");

  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?dev\\.jgrad\\.autograd\\.(?:([a-z]+)\\.)?([A-Z]\\w*)", Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("dev\\.jgrad\\.autograd\\.([A-Z]\\w*)");

  record Source(String pkg, String name, String text) {}

  private static List<Source> sources() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<Source> out = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
        Path dir = SOURCES.relativize(f.getParent());
        String pkg = dir.toString().isEmpty() ? "" : dir.toString().replace('/', '.');
        String name = f.getFileName().toString().replace(".java", "");
        out.add(new Source(pkg, name, Files.readString(f)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text without imports and comments (a comment naming a class is no dependency). */
  private static String code(String text) {
    return text.replaceAll("(?m)^import .*$", "").replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
  }

  @Test
  void everyInternalPackageHasALayer() {
    Set<String> packages = sources().stream().map(Source::pkg).filter(p -> !p.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(LAYER.keySet()), packages, "internal packages and their layers");
  }

  @Test
  void internalPackagesImportOnlyDownwardsAndOnlyTheFacadesApi() {
    List<String> violations = new ArrayList<>();
    for (Source s : sources()) {
      if (s.pkg().isEmpty()) {
        continue;
      }
      Matcher m = IMPORT.matcher(s.text());
      while (m.find()) {
        String target = m.group(1);
        String type = m.group(2);
        if (target == null) {
          if (!API_TYPES.contains(type)) {
            violations.add(s.pkg() + "." + s.name() + " imports the façade's non-API type " + type);
          }
        } else if (!target.equals(s.pkg()) && LAYER.get(target) >= LAYER.get(s.pkg())) {
          violations.add(s.pkg() + "." + s.name() + " imports " + target + "." + type + " from a layer not below it");
        }
      }
      Matcher q = QUALIFIED.matcher(code(s.text()));
      while (q.find()) {
        if (!API_TYPES.contains(q.group(1))) {
          violations.add(s.pkg() + "." + s.name() + " names the façade's non-API type " + q.group(1));
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void onlyTensorInstallsTheBridge() {
    List<String> installers = sources().stream().filter(s -> s.text().contains("TensorAccess.install("))
        .map(s -> (s.pkg().isEmpty() ? "" : s.pkg() + ".") + s.name()).collect(Collectors.toList());
    assertEquals(List.of("Tensor"), installers);
    assertTrue(Stream.of(Tensor.class.getDeclaredClasses()).anyMatch(c -> !Modifier.isPublic(c.getModifiers())
        && dev.jgrad.autograd.access.TensorAccess.Door.class.isAssignableFrom(c)), "Tensor's private Door");
  }

  /** The façade's public and protected members use only types of exported packages, the JDK and libraries. */
  @Test
  void noInternalTypeInThePublicApi() throws ClassNotFoundException {
    List<String> leaks = new ArrayList<>();
    for (Source s : sources()) {
      if (s.pkg().isEmpty()) {
        checkSignatures(Class.forName(ROOT + "." + s.name()), leaks);
      }
    }
    assertEquals(List.of(), leaks);
  }

  private static void checkSignatures(Class<?> c, List<String> leaks) {
    if (!Modifier.isPublic(c.getModifiers())) {
      return;
    }
    List<Class<?>> used = new ArrayList<>();
    if (c.getSuperclass() != null) {
      used.add(c.getSuperclass());
    }
    used.addAll(List.of(c.getInterfaces()));
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m.getModifiers())) {
        used.add(m.getReturnType());
        used.addAll(List.of(m.getParameterTypes()));
      }
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k.getModifiers())) {
        used.addAll(List.of(k.getParameterTypes()));
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f.getModifiers())) {
        used.add(f.getType());
      }
    }
    for (Class<?> t : used) {
      while (t.isArray()) {
        t = t.getComponentType();
      }
      if (t.getPackageName().startsWith(ROOT + ".")) {
        leaks.add(c.getName() + " exposes " + t.getName());
      }
    }
    for (Class<?> nested : c.getDeclaredClasses()) {
      checkSignatures(nested, leaks);
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }
}
