package dev.jgrad.autograd;

import dev.jgrad.autograd.storage.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A node of the backward graph: PyTorch's {@code grad_fn}. It was created by one forward op, knows the nodes of
 * that op's inputs ({@link #nextFunctions()}) and turns the gradient of its output into gradients of its inputs.
 *
 * <p>Contract: {@link #apply} receives dL/d(output) and returns exactly one gradient per entry of
 * {@link #nextFunctions()} (null where an input needs none), each with that input's shape. The engine enforces it
 * like PyTorch's validate_outputs: a wrong count fails ("returned an incorrect number of gradients"), a gradient
 * that still has broadcast dims is summed back, any other shape fails ("returned an invalid gradient at index
 * i"). Rules are written with Tensor ops, so when the engine runs them with grad mode on ({@code createGraph})
 * they record a graph themselves and higher-order gradients work. Tensors a rule needs are kept with
 * {@code save} and read back with {@link #saved(int)}, which detects in-place changes and freed graphs.
 */
public abstract class Node {
  private static final Tensor[] NONE = new Tensor[0];

  /** One entry per forward input: its node, or null for an input that does not require grad. */
  protected final Node[] next;

  /** A fixed, well-spread hash for the engine's per-pass identity index (cheaper than an identity hash code). */
  final int hash = nextHash();

  private static int hashSeed;

  /** A racy counter is fine: a lost update only makes two hashes equal, which the index handles. */
  private static int nextHash() {
    int h = hashSeed += 0x61c88647;   // the golden-ratio increment ThreadLocal uses: consecutive nodes spread out
    return h ^ (h >>> 16);
  }

  private Tensor[] saved = NONE;
  private int[] savedVersions;
  /** Per saved slot: the tensor is this node's own output (so in-place errors name this node, like PyTorch). */
  private boolean[] savedIsOutput;
  /** Per saved slot: the grad_fn the tensor had when it was saved (PyTorch names that one for inputs). */
  private Node[] savedGradFns;
  private boolean released;

  /** The shape of the tensor this node produced (set when it is attached); the engine checks gradients by it. */
  int[] outputShape;
  /** The dtype of that tensor: a gradient of another floating dtype is converted to it (validate_outputs). */
  DType outputDtype;

  /** Where the forward op was called, recorded only under anomaly detection. */
  StackTraceElement[] creationTrace;

  // Hooks on the output tensor of this node (registered through Tensor.registerHook / retainGrad).
  List<UnaryOperator<Tensor>> preHooks;
  Tensor retainGradOf;

  /**
   * @param next one entry per input of the forward op: that input's node ({@code grad_fn}, or the
   *     {@code AccumulateGrad} of a leaf that requires grad), or null for an input that needs no gradient
   */
  protected Node(Node... next) {
    this.next = next;
  }

  /** PyTorch's class name for this node, e.g. {@code AddBackward0}. */
  public abstract String name();

  /** The nodes of the inputs of the op that created this node, null for inputs that need no gradient. */
  public List<Node> nextFunctions() {
    List<Node> out = new ArrayList<>(next.length);
    Collections.addAll(out, next);
    return Collections.unmodifiableList(out);
  }

  /** Computes the gradients of the inputs from the gradient of the output. */
  protected abstract Tensor[] apply(Tensor grad);

  /** Saves tensors for backward, remembering their versions so in-place changes are detected. */
  protected final void save(Tensor... tensors) {
    saved = tensors;
    savedVersions = new int[tensors.length];
    savedIsOutput = new boolean[tensors.length];
    savedGradFns = new Node[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      savedVersions[i] = tensors[i] == null ? 0 : tensors[i].storage.version();
      savedGradFns[i] = tensors[i] == null ? null : tensors[i].gradFn;
    }
  }

  /** Called when {@code output} becomes this node's output: records its shape and which saved slots hold it. */
  final void attachedTo(Tensor output) {
    outputShape = output.shape;
    outputDtype = output.dtype;
    for (int i = 0; i < saved.length; i++) {
      if (saved[i] == output) {
        savedIsOutput[i] = true;
      }
    }
  }

  /** Returns a saved tensor, failing like PyTorch when it was freed or modified in place since the forward. */
  protected final Tensor saved(int i) {
    if (released) {
      throw new IllegalStateException(
          name() + ": Trying to backward through the graph a second time (or directly access saved tensors after "
              + "they have already been freed). Saved intermediate values of the graph are freed when you call "
              + ".backward() or Autograd.grad(). Specify retainGraph=true if you need to backward through the graph "
              + "a second time or if you need to access saved tensors after calling backward.");
    }
    Tensor t = saved[i];
    if (t != null && t.storage.version() != savedVersions[i]) {
      // PyTorch names this node for a saved output, and the tensor's current grad_fn for a saved input.
      Node p = savedIsOutput[i] ? this : t.gradFn != null ? t.gradFn : savedGradFns[i];
      String producer = p == null ? "" : ", which is output 0 of " + p.name() + ",";
      throw new IllegalStateException(
          "one of the variables needed for gradient computation has been modified by an inplace operation: "
              + "[torch.FloatTensor " + Shapes.str(t.shape) + "]" + producer + " is at version "
              + t.storage.version() + "; expected version " + savedVersions[i] + " instead (needed by " + name()
              + "). Hint: enable anomaly detection with Autograd.detectAnomaly() to find the operation that "
              + "failed to compute its gradient.");
    }
    return t;
  }

  final boolean hasSaved() {
    return saved.length > 0;
  }

  /** Frees the saved tensors (after a backward without retainGraph). */
  final void release() {
    if (saved.length > 0) {
      saved = NONE;
      released = true;
    }
  }

  @Override
  public String toString() {
    return "<" + name() + ">";
  }
}
