package dev.jgrad.autograd.kernels;

import java.lang.invoke.MethodHandles;

/**
 * Lets code outside this package keep its own plain-Java and SIMD twins and follow the choice {@link Kernels#get()}
 * made for this JVM ({@code -Djgrad.kernels}, the Vector API module check, the one INFO log line), instead of
 * choosing a second time. The SIMD twin is loaded by name, for the reason {@link KernelProvider} gives: a class
 * that mentions a {@code jdk.incubator.vector} type cannot even be linked without the module.
 *
 * <pre>{@code
 * static final Rules RULES = KernelChoice.select(MethodHandles.lookup(), Rules.class, JavaRules.INSTANCE,
 *     "com.example.VectorRules");   // VectorRules has a no-argument constructor visible to the lookup
 * }</pre>
 */
public final class KernelChoice {
  private KernelChoice() {}

  /**
   * {@code plainJava} when {@link Kernels#get()} is the plain-Java implementation, otherwise a new instance of
   * {@code vectorClassName}, constructed through {@code lookup} (pass {@code MethodHandles.lookup()} from the
   * vector class's package, so a package-private class and constructor will do).
   *
   * @throws IllegalStateException if the vector kernels were chosen but {@code vectorClassName} cannot be
   *     constructed (a build error: the module it needs is known to be present)
   */
  public static <T> T select(MethodHandles.Lookup lookup, Class<T> type, T plainJava, String vectorClassName) {
    if (!"vector".equals(Kernels.get().name())) {
      return plainJava;
    }
    try {
      return KernelProvider.construct(lookup, vectorClassName, type);
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException("KernelChoice: the vector kernels were chosen but " + vectorClassName
          + " could not be loaded: " + e, e);
    }
  }
}
