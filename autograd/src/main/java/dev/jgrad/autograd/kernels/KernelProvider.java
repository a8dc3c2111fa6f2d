package dev.jgrad.autograd.kernels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;

/**
 * Chooses the {@link Kernels} implementation once per JVM, as Lucene's {@code VectorizationProvider} does, and logs
 * one INFO line saying which and why.
 *
 * <p>Why by name: any class that mentions a {@code jdk.incubator.vector} type fails with
 * {@code NoClassDefFoundError} when the module is not in the boot layer (the default: it needs
 * {@code --add-modules jdk.incubator.vector}). So the module is probed first, and {@link VectorKernels} is only
 * ever loaded through {@link Class#forName} and a method handle, never referenced directly from here or from any
 * class the rest of the library loads.
 */
final class KernelProvider {

  /** The system property that forces a choice: {@code auto} (default), {@code java} or {@code vector}. */
  static final String PROPERTY = "jgrad.kernels";
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String VECTOR_CLASS = "dev.jgrad.autograd.kernels.VectorKernels";
  private static final System.Logger LOG = System.getLogger("dev.jgrad.autograd.kernels");

  private static volatile Kernels chosen;

  private KernelProvider() {}

  /** The chosen implementation; chooses and logs on the first successful call. */
  static Kernels chosen() {
    Kernels k = chosen;
    if (k == null) {
      synchronized (KernelProvider.class) {
        k = chosen;
        if (k == null) {
          Choice choice = choose(System.getProperty(PROPERTY), vectorModulePresent());
          LOG.log(System.Logger.Level.INFO, choice.logLine());
          chosen = k = choice.kernels();
        }
      }
    }
    return k;
  }

  /**
   * The outcome of {@link #choose}: the implementation and the reason that the log line gives, e.g.
   * {@code jgrad kernels: vector (FloatVector 8 lanes, 256-bit, gemm tile 4x16, float64 tile 4x8, gemm threads 2) - module
   * jdk.incubator.vector is present and jgrad.kernels=auto}.
   */
  record Choice(Kernels kernels, String reason) {
    String logLine() {
      return "jgrad kernels: " + kernels + " - " + reason;
    }
  }

  /** Whether {@code jdk.incubator.vector} is in the boot layer. */
  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /**
   * Decides from the property's value (null means unset) and whether the module is present.
   *
   * @throws IllegalArgumentException if the value is not auto, java or vector, or {@code jgrad.gemm.threads} is not
   *     1 or 2
   * @throws IllegalStateException if the value is vector and the vector implementation cannot be loaded
   */
  static Choice choose(String property, boolean modulePresent) {
    String mode = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "":
      case "auto":
        if (!modulePresent) {
          return new Choice(JavaKernels.INSTANCE, "module " + VECTOR_MODULE + " is not present (start the JVM"
              + " with --add-modules " + VECTOR_MODULE + " for the SIMD kernels)");
        }
        try {
          Kernels vector = loadVector();
          return new Choice(vector, "module " + VECTOR_MODULE + " is present and " + PROPERTY + "=auto");
        } catch (IllegalArgumentException e) {
          throw e;   // a bad setting (jgrad.gemm.threads) is the user's to fix, not a reason to fall back
        } catch (RuntimeException | LinkageError e) {
          return new Choice(JavaKernels.INSTANCE, "module " + VECTOR_MODULE + " is present but the vector"
              + " kernels could not be loaded: " + e);
        }
      case "java":
        return new Choice(JavaKernels.INSTANCE, "forced by -D" + PROPERTY + "=java");
      case "vector":
        if (!modulePresent) {
          throw new IllegalStateException("Kernels: -D" + PROPERTY + "=vector but module " + VECTOR_MODULE
              + " is not present; start the JVM with --add-modules " + VECTOR_MODULE + ", or use -D"
              + PROPERTY + "=auto to fall back to plain Java");
        }
        try {
          Kernels vector = loadVector();
          return new Choice(vector, "forced by -D" + PROPERTY + "=vector");
        } catch (IllegalArgumentException e) {
          throw e;
        } catch (RuntimeException | LinkageError e) {
          throw new IllegalStateException("Kernels: -D" + PROPERTY + "=vector but the vector kernels could not"
              + " be loaded: " + e, e);
        }
      default:
        throw new IllegalArgumentException("Kernels: " + PROPERTY + " must be one of auto, java, vector, got '"
            + property + "'");
    }
  }

  /**
   * Loads and constructs {@link VectorKernels} by name. Only call this when the module is present; without it the
   * class fails to link ({@link LinkageError}).
   *
   * @throws IllegalStateException if the constructor fails (for example the CPU has no useful vector width)
   */
  static Kernels loadVector() {
    return construct(MethodHandles.lookup(), VECTOR_CLASS, Kernels.class);
  }

  /**
   * Loads {@code className} through {@code lookup} (which must be able to see the class and its no-argument
   * constructor) and constructs it as a {@code type}, without any compile-time reference to the class.
   *
   * @throws IllegalStateException if the class is missing or its constructor cannot be called
   */
  static <T> T construct(MethodHandles.Lookup lookup, String className, Class<T> type) {
    try {
      Class<?> loaded = Class.forName(className, true, lookup.lookupClass().getClassLoader());
      MethodHandle constructor = lookup
          .findConstructor(loaded, MethodType.methodType(void.class))
          .asType(MethodType.methodType(Object.class));
      return type.cast(constructor.invokeExact());
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Kernels: cannot construct " + className + ": " + e, e);
    }
  }
}
