package dev.jgrad.autograd.access;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Storage;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one door from autograd's internal packages into the state that {@link Tensor} and {@link Node} keep from
 * users: storage, shape and strides without copies, constructors, and the grad_fn wiring (the JDK's
 * {@code SharedSecrets} pattern). {@code Tensor} installs the only {@link Door} when its class is initialised; the
 * ops, the engine and the printer reach that state through the static methods here and nowhere else, so the
 * public classes expose nothing but their API. This package is exported to no module.
 */
public final class TensorAccess {
  private TensorAccess() {}

  /** What the façade gives the internals; implemented once, inside {@code Tensor}. */
  public interface Door {
    Storage storageOf(Tensor t);
    int[] shapeOf(Tensor t);
    int[] stridesOf(Tensor t);
    float[] dataOf(Tensor t);
    double[] doublesOf(Tensor t);
    int dataOffsetOf(Tensor t);
    Tensor fresh(float[] data, int[] shape, DType dtype);
    Tensor fresh(double[] data, int[] shape);
    Tensor fresh(long[] data, int[] shape);
    Tensor fresh(boolean[] data, int[] shape);
    Tensor newView(Storage storage, int[] shape, int[] strides, int offset, DType dtype);
    Node gradFnOf(Tensor t);
    Tensor attach(Tensor t, Node node);
    Node edgeOf(Tensor t);
    Node accumulatorOf(Tensor t);
    void setGrad(Tensor t, Tensor grad);
    Tensor baseOf(Tensor t);
    void makeViewOf(Tensor view, Tensor of);
    void markViewCurrent(Tensor view);
    void shareHistory(Tensor to, Tensor from);
    void refreshView(Tensor t);
    List<UnaryOperator<Tensor>> hooksOf(Tensor t);
    void addInPlaceUnchecked(Tensor t, Tensor g);
    Tensor detachedContiguousCopy(Tensor t);
    Tensor contiguousCopyKeepingGraph(Tensor t);

    Node[] nextOf(Node n);
    int hashOf(Node n);
    int[] outputShapeOf(Node n);
    DType outputDtypeOf(Node n);
    StackTraceElement[] creationTraceOf(Node n);
    List<UnaryOperator<Tensor>> preHooksOf(Node n);
    Tensor retainGradOf(Node n);
    boolean hasSaved(Node n);
    void release(Node n);
    Tensor[] apply(Node n, Tensor grad);
  }

  private static volatile Door installed;

  /** Called once, by {@code Tensor}'s static initialiser. */
  public static void install(Door door) {
    if (installed != null) {
      throw new IllegalStateException("TensorAccess: the door is already installed");
    }
    installed = door;
  }

  /** Read once, on first use: a constant the JIT inlines through. */
  private static final class Installed {
    static final Door DOOR = resolve();

    private static Door resolve() {
      if (installed == null) {
        try {
          Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());   // its initialiser installs
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
      return installed;
    }
  }

  // ---------------------------------------------------------------- Tensor

  /** The storage behind {@code t} (shared by its views). */
  public static Storage storageOf(Tensor t) { return Installed.DOOR.storageOf(t); }
  /** {@code t}'s shape array itself (not a copy: never modify it). */
  public static int[] shapeOf(Tensor t) { return Installed.DOOR.shapeOf(t); }
  /** {@code t}'s strides array itself (not a copy: never modify it). */
  public static int[] stridesOf(Tensor t) { return Installed.DOOR.stridesOf(t); }
  /** The contiguous array behind {@code t} (its storage when contiguous, else a row-major copy). */
  public static float[] dataOf(Tensor t) { return Installed.DOOR.dataOf(t); }
  /**
   * The contiguous double array behind float64 {@code t} (its storage when contiguous, else a row-major copy); starts
   * at {@link #dataOffsetOf}.
   */
  public static double[] doublesOf(Tensor t) { return Installed.DOOR.doublesOf(t); }
  /** Where {@code t}'s data starts in {@link #dataOf} or {@link #doublesOf}. */
  public static int dataOffsetOf(Tensor t) { return Installed.DOOR.dataOffsetOf(t); }
  /** A fresh contiguous tensor owning {@code data}. */
  public static Tensor fresh(float[] data, int[] shape, DType dtype) {
    return Installed.DOOR.fresh(data, shape, dtype);
  }
  /** A fresh contiguous float64 tensor owning {@code data}. */
  public static Tensor fresh(double[] data, int[] shape) {
    return Installed.DOOR.fresh(data, shape);
  }
  /** A fresh contiguous int64 tensor owning {@code data}. */
  public static Tensor fresh(long[] data, int[] shape) {
    return Installed.DOOR.fresh(data, shape);
  }
  /** A fresh contiguous bool tensor owning {@code data}. */
  public static Tensor fresh(boolean[] data, int[] shape) {
    return Installed.DOOR.fresh(data, shape);
  }
  /** A tensor over {@code storage} with the given geometry (a view, or a leaf sharing storage). */
  public static Tensor newView(Storage storage, int[] shape, int[] strides, int offset, DType dtype) {
    return Installed.DOOR.newView(storage, shape, strides, offset, dtype);
  }
  /** {@code t}'s grad_fn as it is (no view refresh, unlike {@link Tensor#gradFn()}). */
  public static Node gradFnOf(Tensor t) { return Installed.DOOR.gradFnOf(t); }
  /** Makes the freshly computed {@code t} the output of {@code node}; returns {@code t}. */
  public static Tensor attach(Tensor t, Node node) { return Installed.DOOR.attach(t, node); }
  /** The node an op links to for input {@code t}: its grad_fn, its accumulator, or null. */
  public static Node edgeOf(Tensor t) { return Installed.DOOR.edgeOf(t); }
  /** The AccumulateGrad node of leaf {@code t} (made on first use). */
  public static Node accumulatorOf(Tensor t) { return Installed.DOOR.accumulatorOf(t); }
  /** Sets {@code t.grad} without the shape check of {@link Tensor#setGrad}. */
  public static void setGrad(Tensor t, Tensor grad) { Installed.DOOR.setGrad(t, grad); }
  /** For a view, the tensor whose storage it views; null otherwise. */
  public static Tensor baseOf(Tensor t) { return Installed.DOOR.baseOf(t); }
  /** Records that {@code view} views {@code of} (or {@code of}'s own base) as of the base's current history. */
  public static void makeViewOf(Tensor view, Tensor of) { Installed.DOOR.makeViewOf(view, of); }
  /** Records that {@code view}'s history is current with its base's. */
  public static void markViewCurrent(Tensor view) { Installed.DOOR.markViewCurrent(view); }
  /** Gives {@code to} the requires-grad flag and grad_fn of {@code from} (a stand-in for from's history). */
  public static void shareHistory(Tensor to, Tensor from) { Installed.DOOR.shareHistory(to, from); }
  /** Regenerates a stale view's history (see {@code Tensor.refreshView}). */
  public static void refreshView(Tensor t) { Installed.DOOR.refreshView(t); }
  /** The hooks registered on leaf {@code t}, or null. */
  public static List<UnaryOperator<Tensor>> hooksOf(Tensor t) { return Installed.DOOR.hooksOf(t); }
  /** Adds {@code g} (same shape) into {@code t} without autograd checks (gradient accumulation). */
  public static void addInPlaceUnchecked(Tensor t, Tensor g) { Installed.DOOR.addInPlaceUnchecked(t, g); }
  /** A contiguous copy with no graph, owning its storage. */
  public static Tensor detachedContiguousCopy(Tensor t) { return Installed.DOOR.detachedContiguousCopy(t); }
  /** A contiguous copy that keeps the graph (for {@code createGraph} accumulation). */
  public static Tensor contiguousCopyKeepingGraph(Tensor t) {
    return Installed.DOOR.contiguousCopyKeepingGraph(t);
  }

  // ---------------------------------------------------------------- Node (for the engine)

  /** The nodes of the inputs of {@code n}'s op (the array itself). */
  public static Node[] nextOf(Node n) { return Installed.DOOR.nextOf(n); }
  /** {@code n}'s fixed hash for the engine's identity index. */
  public static int hashOf(Node n) { return Installed.DOOR.hashOf(n); }
  /** The shape of the tensor {@code n} produced. */
  public static int[] outputShapeOf(Node n) { return Installed.DOOR.outputShapeOf(n); }
  /** The dtype of the tensor {@code n} produced. */
  public static DType outputDtypeOf(Node n) { return Installed.DOOR.outputDtypeOf(n); }
  /** Where {@code n}'s forward op was called (anomaly detection only), or null. */
  public static StackTraceElement[] creationTraceOf(Node n) { return Installed.DOOR.creationTraceOf(n); }
  /** The hooks on {@code n}'s output tensor, or null. */
  public static List<UnaryOperator<Tensor>> preHooksOf(Node n) { return Installed.DOOR.preHooksOf(n); }
  /** The non-leaf output of {@code n} that retains its grad, or null. */
  public static Tensor retainGradOf(Node n) { return Installed.DOOR.retainGradOf(n); }
  /** Whether {@code n} saved tensors for backward. */
  public static boolean hasSaved(Node n) { return Installed.DOOR.hasSaved(n); }
  /** Frees {@code n}'s saved tensors. */
  public static void release(Node n) { Installed.DOOR.release(n); }
  /** Runs {@code n}'s backward rule. */
  public static Tensor[] apply(Node n, Tensor grad) { return Installed.DOOR.apply(n, grad); }
}
