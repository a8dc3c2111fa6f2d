package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelProviderTest {

  @Test
  void autoWithoutTheModuleFallsBackToJavaAndSaysHowToEnableSimd() {
    for (String property : new String[] {null, "auto", " AUTO ", ""}) {
      KernelProvider.Choice choice = KernelProvider.choose(property, false);
      assertSame(JavaKernels.INSTANCE, choice.kernels());
      assertTrue(choice.logLine().startsWith("jgrad kernels: java (plain loops) - module"), choice.logLine());
      assertTrue(choice.reason().contains("--add-modules jdk.incubator.vector"), choice.reason());
    }
  }

  @Test
  void javaIsForcedEvenWhenTheModuleIsPresent() {
    KernelProvider.Choice choice = KernelProvider.choose("java", true);
    assertSame(JavaKernels.INSTANCE, choice.kernels());
    assertEquals("forced by -Djgrad.kernels=java", choice.reason());
  }

  @Test
  void vectorForcedWithoutTheModuleIsAClearError() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelProvider.choose("vector", false));
    assertTrue(e.getMessage().contains("-Djgrad.kernels=vector"), e.getMessage());
    assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
  }

  @Test
  void unknownValueNamesTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("simd", true));
    assertEquals("Kernels: jgrad.kernels must be one of auto, java, vector, got 'simd'", e.getMessage());
  }

  @Test
  void autoAndVectorWithTheModuleChooseVector() {
    KernelReference.vectorOrSkip();
    for (String property : new String[] {"auto", "vector"}) {
      KernelProvider.Choice choice = KernelProvider.choose(property, true);
      assertEquals("vector", choice.kernels().name());
      assertTrue(choice.logLine().matches("jgrad kernels: vector \\(FloatVector \\d+ lanes, .*\\) - .*"),
          choice.logLine());
    }
  }

  @Test
  void aBadGemmThreadsSettingIsAnErrorNotAFallback() {
    KernelReference.vectorOrSkip();
    String before = System.getProperty(VectorKernels.THREADS_PROPERTY);
    System.setProperty(VectorKernels.THREADS_PROPERTY, "many");
    try {
      for (String property : new String[] {"auto", "vector"}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KernelProvider.choose(property, true));
        assertTrue(e.getMessage().startsWith("jgrad.gemm.threads must be 1 or 2, got 'many'"), e.getMessage());
      }
      System.setProperty(VectorKernels.THREADS_PROPERTY, "1");
      assertTrue(KernelProvider.choose("auto", true).logLine().contains("gemm threads 1"));
    } finally {
      if (before == null) {
        System.clearProperty(VectorKernels.THREADS_PROPERTY);
      } else {
        System.setProperty(VectorKernels.THREADS_PROPERTY, before);
      }
    }
  }

  // ---------------------------------------------------------------- a fresh JVM without --add-modules

  /**
   * Entry point of the child JVMs: calls every kernel once (gemm on its tiny, matrix-vector and blocked shapes), so
   * that any code path of the plain implementation that touched a Vector API class would fail here.
   */
  static final class Probe {
    public static void main(String[] args) {
      Kernels k = Kernels.get();
      float[] c = new float[4];
      Kernels.get().gemm(false, false, 2, 2, 3, new float[] {1, 2, 3, 4, 5, 6}, 0, 3,
          new float[] {1, 0, 0, 1, 1, 1}, 0, 2, 0f, c, 0, 2);
      float[] big = new float[200 * 200];
      java.util.Arrays.fill(big, 1f);
      float[] out = new float[200 * 200];
      k.gemm(true, false, 200, 200, 200, big, 0, 200, big, 0, 200, 0f, out, 0, 200);
      k.gemm(false, true, 1, 200, 200, big, 0, 200, big, 0, 200, 1f, out, 0, 200);
      k.gemm(false, false, 200, 1, 200, big, 0, 200, big, 0, 200, 0f, out, 0, 200);
      k.softmaxRows(big, 0, out, 0, 200, 200, false);
      k.softmaxRows(big, 0, out, 0, 200, 200, true);
      System.out.println("name=" + k.name() + " c=" + java.util.Arrays.toString(c)
          + " sum=" + k.sum(new float[] {1, 2, 3}, 0, 3) + " dot=" + k.dot(big, 0, big, 0, 3)
          + " max=" + k.max(new float[] {1, 5, 3}, 0, 3));
    }
  }

  @Test
  void libraryLoadsAndWorksWithoutTheVectorModule() throws Exception {
    Result r = runProbe("auto");
    assertEquals(0, r.exit, r.toString());
    assertTrue(r.stdout.contains("name=java c=[4.0, 5.0, 10.0, 11.0] sum=6.0"), r.toString());
    // Exactly one log line, at INFO, saying why.
    assertEquals(1, count(r.stderr, "jgrad kernels: "), r.toString());
    assertTrue(r.stderr.contains("INFO: jgrad kernels: java (plain loops) - module jdk.incubator.vector is not"
        + " present (start the JVM with --add-modules jdk.incubator.vector for the SIMD kernels)"),
        r.toString());
    assertTrue(!r.stderr.contains("NoClassDefFoundError"), r.toString());
  }

  @Test
  void forcingVectorWithoutTheModuleFailsWithTheFix() throws Exception {
    Result r = runProbe("vector");
    assertNotEquals(0, r.exit, r.toString());
    assertTrue(r.stderr.contains("IllegalStateException: Kernels: -Djgrad.kernels=vector but module"
        + " jdk.incubator.vector is not present; start the JVM with --add-modules jdk.incubator.vector"),
        r.toString());
  }

  private record Result(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  /** Runs {@link Probe} in a new JVM with only the main and test classes on the class path and no module flags. */
  private static Result runProbe(String mode) throws IOException, InterruptedException, URISyntaxException {
    String javaExe = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = location(Kernels.class) + File.pathSeparator + location(Probe.class);
    List<String> command = new ArrayList<>(List.of(javaExe, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-D" + KernelProvider.PROPERTY + "=" + mode, "-cp", classPath, Probe.class.getName()));
    Process process = new ProcessBuilder(command).start();
    // Small outputs: reading one stream to the end before the other cannot fill a pipe buffer.
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
    return new Result(process.exitValue(), out, err);
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
