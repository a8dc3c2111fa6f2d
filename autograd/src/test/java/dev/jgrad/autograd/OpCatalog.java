package dev.jgrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The op catalogue: every public op of {@link Tensor} listed with sample inputs, its jgrad call, whether it is
 * differentiable, tolerances, its in-place form, and (in {@link OpCatalogErrors}) bad inputs with the expected
 * message. The entries live in four parts by family ({@link OpCatalogElementwise}, {@link OpCatalogReductions},
 * {@link OpCatalogShapes}, {@link OpCatalogNN}); {@link OpCatalogTest} iterates them generically.
 *
 * <p>Each entry's id and input specs must equal a case written by tools/gen_ops_golden.py (the script holds the
 * PyTorch side of the same table); the spec grammar is in the script's docstring. The part of an id before the
 * first '_' names the Tensor method it covers (ids ending in '_' name in-place methods), unless
 * {@link Entry#covers} says otherwise.
 */
final class OpCatalog {
  private OpCatalog() {}

  /** How an op relates to autograd. */
  enum Grad {
    /** Has a derivative rule: its float output gets a grad_fn when an input requires grad. */
    RULE,
    /** Has a rule whose gradient is zero everywhere (PyTorch's floor, ceil, round, sign). */
    ZERO,
    /** Not differentiable: integer or bool output (comparisons, argmax, oneHot), or detach. */
    NONE
  }

  /** The jgrad side of a case: takes the inputs (views already applied), returns a Tensor, a List or a pair. */
  @FunctionalInterface
  interface Fn {
    Object apply(Tensor[] in);
  }

  static final class Entry {
    final String id;
    final String specs;
    final Fn fn;
    final Set<String> covers = new LinkedHashSet<>();
    Grad grad = Grad.RULE;
    double rtol = 1e-5;
    double atol = 1e-5;
    double gradRtol = 1e-5;
    double gradAtol = 1e-5;
    /** Why finite differences do not apply here (a kink or jump at the sample point), or null. */
    String noFd;
    /** Why the second-order gradient is not compared with PyTorch's, or null. */
    String noGrad2;
    /** Why jgrad's grad_fn name differs from PyTorch 1.13's here, or null when they must be equal. */
    String gradFnDiffers;
    /** The in-place form on a fresh non-leaf copy of in[0], e.g. {@code in -> in[0].mul(1).add_(in[1])}. */
    Fn inplace;

    Entry(String id, String specs, Fn fn) {
      this.id = id;
      this.specs = specs;
      this.fn = fn;
      int cut = id.indexOf('_');
      covers.add(cut < 0 || cut == id.length() - 1 ? id : id.substring(0, cut));
    }

    /** Replaces the covered method names. */
    Entry covers(String... names) {
      covers.clear();
      covers.addAll(Arrays.asList(names));
      return this;
    }

    Entry grad(Grad g) {
      this.grad = g;
      return this;
    }

    /** Forward tolerance |jgrad - torch| <= atol + rtol |torch|. */
    Entry tol(double rtol, double atol) {
      this.rtol = rtol;
      this.atol = atol;
      return this;
    }

    /** Tolerance of first- and second-order gradients against PyTorch's. */
    Entry gradTol(double rtol, double atol) {
      this.gradRtol = rtol;
      this.gradAtol = atol;
      return this;
    }

    Entry noFd(String why) {
      this.noFd = why;
      return this;
    }

    Entry noGrad2(String why) {
      this.noGrad2 = why;
      return this;
    }

    Entry gradFnDiffers(String why) {
      this.gradFnDiffers = why;
      return this;
    }

    /** Adds the in-place form and the in-place method it covers. */
    Entry inplace(String method, Fn f) {
      this.inplace = f;
      covers.add(method);
      return this;
    }

    @Override
    public String toString() {
      return id;
    }
  }

  /** A bad input: the call, the exception type, and the phrase that must appear in jgrad's message. */
  static final class ErrorEntry {
    final String id;
    final String specs;
    final Fn fn;
    final Class<? extends RuntimeException> type;
    final String phrase;
    /** Why PyTorch 1.13's message does not contain the phrase (jgrad follows 2.x or words it itself), or null. */
    String notTorch113;

    ErrorEntry(String id, String specs, Fn fn, Class<? extends RuntimeException> type, String phrase) {
      this.id = id;
      this.specs = specs;
      this.fn = fn;
      this.type = type;
      this.phrase = phrase;
    }

    ErrorEntry notTorch113(String why) {
      this.notTorch113 = why;
      return this;
    }

    @Override
    public String toString() {
      return id;
    }
  }

  static Entry op(String id, String specs, Fn fn) {
    return new Entry(id, specs, fn);
  }

  static ErrorEntry error(String id, String specs, Fn fn, Class<? extends RuntimeException> type, String phrase) {
    return new ErrorEntry(id, specs, fn, type, phrase);
  }

  /**
   * Public Tensor methods that are not ops (factories, accessors, autograd state, printing): each is covered by
   * its own test class (TensorTest, EngineTest, GeneratorTest, TensorPrintTest) and listed here with that reason.
   */
  static final Set<String> NOT_OPS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
      // factories (Factories, GeneratorTest)
      "of", "ofLongs", "scalar", "zeros", "ones", "full", "arange", "linspace", "eye", "manualSeed", "randn", "rand",
      "randint", "randperm", "zerosLike", "onesLike", "fullLike", "randnLike", "randLike", "ofDoubles",
      // the default dtype (Float64CoreTest)
      "setDefaultDtype", "defaultDtype",
      // accessors
      "shape", "size", "stride", "storageOffset", "dim", "numel", "dtype", "isContiguous", "version", "item",
      "toArray", "toLongArray", "toBooleanArray", "get", "toDoubleArray", "doubleValue", "longValue",
      // autograd state and the engine (EngineTest, HooksTest)
      "requiresGrad", "requiresGrad_", "isLeaf", "grad", "setGrad", "gradFn", "retainGrad", "retainsGrad",
      "registerHook", "backward",
      // PyTorch's t.data = x (SetDataTest)
      "setData",
      // printing (TensorPrintTest)
      "setPrintOptions", "printOptions", "toString")));

  private static List<Entry> entries;
  private static List<ErrorEntry> errors;

  static synchronized List<Entry> entries() {
    if (entries == null) {
      List<Entry> all = new ArrayList<>();
      all.addAll(OpCatalogElementwise.entries());
      all.addAll(OpCatalogReductions.entries());
      all.addAll(OpCatalogShapes.entries());
      all.addAll(OpCatalogNN.entries());
      entries = Collections.unmodifiableList(all);
    }
    return entries;
  }

  static synchronized List<ErrorEntry> errors() {
    if (errors == null) {
      errors = Collections.unmodifiableList(OpCatalogErrors.entries());
    }
    return errors;
  }
}
