package dev.jgrad.autograd.engine;

import static dev.jgrad.autograd.access.TensorAccess.detachedContiguousCopy;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.gradFnOf;
import static dev.jgrad.autograd.access.TensorAccess.hashOf;
import static dev.jgrad.autograd.access.TensorAccess.hooksOf;
import static dev.jgrad.autograd.access.TensorAccess.nextOf;
import static dev.jgrad.autograd.access.TensorAccess.outputDtypeOf;
import static dev.jgrad.autograd.access.TensorAccess.outputShapeOf;
import static dev.jgrad.autograd.access.TensorAccess.preHooksOf;
import static dev.jgrad.autograd.access.TensorAccess.retainGradOf;
import static dev.jgrad.autograd.access.TensorAccess.setGrad;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.BackwardOptions;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.GradOptions;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.ObservingHook;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.access.TensorAccess;
import dev.jgrad.autograd.ops.Reductions;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.Storage;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The backward engine: walks the graph from the roots in a topological order built iteratively (deep graphs do
 * not overflow the stack), runs each node's rule once with the sum of the gradients that reached it, and either
 * accumulates into leaves ({@code backward}) or hands the gradients back ({@code Autograd.grad}).
 *
 * <p>Order: reverse post-order of a depth-first walk that follows {@link Node#next} in input order, so the same
 * graph is always processed in the same order. All per-pass state (visited marks, pending gradients) lives in this
 * pass's own arrays, never in the nodes, so two threads may run backward through graphs that share nodes (for
 * example a shared parameter's {@link AccumulateGrad}).
 *
 * <p>When {@code inputs} are given, only the nodes on a path to one of them run (PyTorch's exec_info): other
 * leaves are not touched and other nodes keep their saved tensors.
 */
public final class Engine {
  private Engine() {}

  /** {@code backward}: accumulates the gradients into the leaves' (or only {@code options.inputs()}') .grad. */
  public static void backward(Tensor[] roots, Tensor[] rootGrads, BackwardOptions options) {
    List<Tensor> only = options.inputs();
    new Pass(only == null ? null : only.toArray(new Tensor[0]), true, options.retainGraph(), options.createGraph())
        .run(roots, rootGrads);
  }

  /** {@code Autograd.grad}: the gradient per input (null where none reached it); no .grad is touched. */
  public static Tensor[] grad(Tensor[] roots, Tensor[] inputs, GradOptions options) {
    List<Tensor> rootGrads = options.gradOutputs();
    return new Pass(inputs, false, options.retainGraph(), options.createGraph())
        .run(roots, rootGrads == null ? null : rootGrads.toArray(new Tensor[0]));
  }

  /**
   * One backward pass: what was asked and all the pass's state, which lives here and never in the nodes. Its jobs,
   * in order: {@link #seed} the roots, find the {@link #inputNodes}, {@link #plan} the order, {@link #execute}.
   */
  private static final class Pass {
    /** The tensors whose gradients are wanted, or null for {@code backward()} into every leaf. */
    private final Tensor[] inputs;
    /** True for {@code backward} (write {@code .grad}), false for {@code Autograd.grad} (capture). */
    private final boolean accumulate;
    private final boolean retainGraph;
    private final boolean createGraph;
    private final NodeIndex index = new NodeIndex();
    private final Tensor[] captured;
    private Node[] inputNodes;
    private Node[] order;
    /** With inputs: the nodes of the inputs, and the nodes that must run because a wanted node lies below. */
    private boolean[] wanted;
    private boolean[] mustRun;
    private Tensor[] pending;
    private boolean[] ran;
    private long id;
    private boolean stealing;

    Pass(Tensor[] inputs, boolean accumulate, boolean retainGraph, boolean createGraph) {
      this.inputs = inputs;
      this.accumulate = accumulate;
      this.retainGraph = retainGraph;
      this.createGraph = createGraph;
      this.captured = inputs == null || accumulate ? null : new Tensor[inputs.length];
    }

    /** Runs the pass; for {@code Autograd.grad}, returns the gradient per input. */
    Tensor[] run(Tensor[] roots, Tensor[] rootGrads) {
      Node[] rootNodes = new Node[roots.length];
      Tensor[] seeds = new Tensor[roots.length];
      seed(roots, rootGrads, rootNodes, seeds);
      inputNodes = inputNodes();
      plan(rootNodes);
      execute(rootNodes, seeds);
      return captured;
    }

    /** Checks the roots and their gradients: each root's node, and dL/d(root) given or implied. */
    private static void seed(Tensor[] roots, Tensor[] rootGrads, Node[] rootNodes, Tensor[] seeds) {
      if (rootGrads != null && rootGrads.length != roots.length) {
        throw new IllegalArgumentException(
            "backward: got " + rootGrads.length + " gradients for " + roots.length + " tensors");
      }
      for (int i = 0; i < roots.length; i++) {
        Tensor r = roots[i];
        Node n = edgeOf(r);
        if (n == null) {
          throw new IllegalStateException(
              "backward: element " + i + " of tensors does not require grad and does not have a grad_fn "
                  + "(it was computed from tensors that do not require grad, or under Autograd.noGrad(); shape "
                  + Shapes.str(shapeOf(r)) + ")");
        }
        rootNodes[i] = n;
        seeds[i] = initialGrad(r, rootGrads == null ? null : rootGrads[i], i);
      }
    }

    /** The node of each wanted input, or null when every leaf is wanted. */
    private Node[] inputNodes() {
      if (inputs == null) {
        return null;
      }
      Node[] nodes = new Node[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        Tensor t = inputs[i];
        if (!t.requiresGrad()) {
          throw new IllegalArgumentException(
              (accumulate ? "backward" : "grad") + ": One of the differentiated Tensors does not require grad "
                  + "(input " + i + ", shape " + Shapes.str(shapeOf(t)) + ")");
        }
        nodes[i] = edgeOf(t);
      }
      return nodes;
    }

    /** The order of the nodes and, with inputs, which of them are wanted or must run. */
    private void plan(Node[] rootNodes) {
      order = topologicalOrder(rootNodes, index);
      int count = order.length;
      pending = new Tensor[count];
      ran = new boolean[count];
      if (inputNodes == null) {
        return;
      }
      wanted = new boolean[count];
      mustRun = new boolean[count];
      for (Node n : inputNodes) {
        int at = index.get(n);
        if (at >= 0) {
          wanted[at] = true;
        }
      }
      // Children come after parents in the order, so one backward sweep sees every child first.
      for (int i = count - 1; i >= 0; i--) {
        for (Node m : nextOf(order[i])) {
          if (m != null) {
            int j = index.get(m);
            if (wanted[j] || mustRun[j]) {
              mustRun[i] = true;
              break;
            }
          }
        }
      }
    }

    /** Runs the nodes in order, each once with the sum of the gradients that reached it; frees the graph. */
    private void execute(Node[] rootNodes, Tensor[] seeds) {
      id = Storage.startPass();
      // A freshly computed gradient may become a leaf's .grad without a copy, unless something outside the engine
      // might hold it: a graph being built, or a user hook on a node (which sees the gradient passing through).
      stealing = !createGraph;
      boolean previousMode = GradMode.set(createGraph);
      try {
        for (int i = 0; i < rootNodes.length; i++) {
          add(index.get(rootNodes[i]), seeds[i]);
        }
        for (int i = 0; i < order.length; i++) {
          Tensor grad = pending[i];
          pending[i] = null;
          if (grad != null && (wanted == null || wanted[i] || mustRun[i])) {
            step(i, grad);
          }
        }
      } finally {
        GradMode.set(previousMode);
        if (!retainGraph) {
          release();
        }
      }
    }

    private void add(int at, Tensor g) {
      pending[at] = pending[at] == null ? g : pending[at].add(g);
    }

    /** One node: its hooks, then a leaf's accumulation, a wanted node's delivery, or the node's rule. */
    private void step(int i, Tensor grad) {
      Node node = order[i];
      if (preHooksOf(node) != null && !preHooksOf(node).isEmpty()) {
        grad = AccumulateGrad.runHooks(preHooksOf(node), grad);
        stealing = false;
      }
      Tensor owner = retainGradOf(node);
      if (owner != null && gradFnOf(owner) == node) {
        Tensor g = grad;
        Tensor prev = owner.grad();
        setGrad(owner, prev == null ? detachedContiguousCopy(g) : Autograd.noGrad(() -> prev.add(g)));
      }
      if (node instanceof AccumulateGrad) {
        reachLeaf((AccumulateGrad) node, grad);
        return;
      }
      if (wanted != null) {
        if (wanted[i]) {
          deliver(node, grad);
        }
        if (!mustRun[i]) {
          return;
        }
      }
      Tensor[] grads = TensorAccess.apply(node, grad);
      ran[i] = true;
      propagate(node, grads);
    }

    private void reachLeaf(AccumulateGrad acc, Tensor grad) {
      List<UnaryOperator<Tensor>> hooks = hooksOf(acc.variable);
      Tensor g = AccumulateGrad.runHooks(hooks, grad);
      if (inputs == null) {
        acc.accumulate(g, createGraph, stealing && g == grad && observeOnly(hooks) && madeBy(id, g));
      } else {
        deliver(acc, g);
      }
    }

    /** Checks a rule's gradients and adds each to the pending gradient of the node it is for. */
    private void propagate(Node node, Tensor[] grads) {
      Node[] next = nextOf(node);
      if (grads == null || grads.length != next.length) {
        throw new IllegalStateException(
            "Function " + node.name() + " returned an incorrect number of gradients (expected " + next.length
                + ", got " + (grads == null ? "null" : String.valueOf(grads.length)) + ")");
      }
      if (Anomaly.isEnabled()) {
        Anomaly.check(node, grads);
      }
      if (grads.length > 1) {
        markShared(grads);
      }
      for (int k = 0; k < next.length; k++) {
        Node target = next[k];
        Tensor g = grads[k];
        if (target != null && g != null) {
          add(index.get(target), validate(node, k, g, target));
        }
      }
    }

    /** Hands the gradient of a wanted node to every input it stands for: captured, or accumulated into .grad. */
    private void deliver(Node node, Tensor grad) {
      for (int j = 0; j < inputNodes.length; j++) {
        if (inputNodes[j] != node) {
          continue;
        }
        if (!accumulate) {
          captured[j] = captured[j] == null ? grad : captured[j].add(grad);
          continue;
        }
        if (node instanceof AccumulateGrad) {
          ((AccumulateGrad) node).accumulate(grad, createGraph);
        } else {
          // backward(inputs=[nonLeaf]) fills that non-leaf's .grad, as PyTorch does.
          AccumulateGrad.accumulateInto(inputs[j], grad, createGraph);
        }
        return; // the same tensor listed twice is accumulated once
      }
    }

    /** Frees the saved tensors of the nodes that ran. */
    private void release() {
      for (int i = 0; i < order.length; i++) {
        if (ran[i]) {
          TensorAccess.release(order[i]);
        }
      }
    }
  }

  /**
   * True when {@code g} was made by this pass (after it began) and is not a view: then the only references to it are
   * the engine's, unless it went to two places ({@link #markShared}) or a hook saw it.
   */
  private static boolean madeBy(long pass, Tensor g) {
    Storage s = storageOf(g);
    return s.owner == g && s.born >= pass && g.storageOffset() == 0 && g.isContiguous()
        && (s.isDouble() ? s.doubles.length : s.data.length) == g.numel();
  }

  /** A rule that returns one gradient object for two inputs (an addition's pass-through) must not let either steal. */
  private static void markShared(Tensor[] grads) {
    for (int k = 0; k < grads.length; k++) {
      Tensor g = grads[k];
      if (g == null) {
        continue;
      }
      for (int j = k + 1; j < grads.length; j++) {
        if (grads[j] == g) {
          storageOf(g).owner = null;
        }
      }
    }
  }

  /** Only {@link ObservingHook}s (or none): they promise to keep no reference to the gradient they see. */
  private static boolean observeOnly(List<UnaryOperator<Tensor>> hooks) {
    if (hooks != null) {
      for (UnaryOperator<Tensor> h : hooks) {
        if (!(h instanceof ObservingHook)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * PyTorch's validate_outputs: a rule's gradient must have the shape of the input it is for. A gradient that
   * still has broadcast dims is summed back; any other shape is a bug in the rule and fails naming it.
   */
  private static Tensor validate(Node node, int k, Tensor g, Node target) {
    boolean leaf = target instanceof AccumulateGrad;
    int[] expected = leaf ? shapeOf(((AccumulateGrad) target).variable) : outputShapeOf(target);
    DType dtype = leaf ? ((AccumulateGrad) target).variable.dtype() : outputDtypeOf(target);
    if (dtype != null && dtype != g.dtype() && dtype.isFloatingPoint() && g.dtype().isFloatingPoint()) {
      g = g.to(dtype);   // the gradient of an input of another floating dtype (float32 x + float64 y) is in its dtype
    }
    if (expected == null || expected == shapeOf(g) || Arrays.equals(expected, shapeOf(g))) {
      return g;
    }
    if (expandable(expected, shapeOf(g))) {
      return Reductions.sumTo(g, expected);
    }
    throw new IllegalStateException(
        "Function " + node.name() + " returned an invalid gradient at index " + k + " - got "
            + Shapes.str(shapeOf(g)) + " but expected shape compatible with " + Shapes.str(expected));
  }

  /** Whether {@code shape} broadcasts to {@code target}. */
  private static boolean expandable(int[] shape, int[] target) {
    if (shape.length > target.length) {
      return false;
    }
    int lead = target.length - shape.length;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] != 1 && shape[i] != target[lead + i]) {
        return false;
      }
    }
    return true;
  }

  private static Tensor initialGrad(Tensor root, Tensor given, int index) {
    if (given == null) {
      if (root.numel() != 1) {
        throw new IllegalStateException(
            "backward: grad can be implicitly created only for scalar outputs (output " + index + " has shape "
                + Shapes.str(shapeOf(root)) + "; pass a gradient of that shape, e.g. backward(Tensor.onesLike(out)))");
      }
      return Tensor.onesLike(root);
    }
    if (!Arrays.equals(shapeOf(given), shapeOf(root))) {
      throw new IllegalArgumentException(
          "backward: Mismatch in shape: grad_output[" + index + "] has a shape of " + Shapes.str(shapeOf(given))
              + " and output[" + index + "] has a shape of " + Shapes.str(shapeOf(root)) + ".");
    }
    return given;
  }

  /**
   * Reverse post-order of an iterative depth-first walk from the roots (parents before children). On return
   * {@code index} maps every node of the graph to its position in the returned array.
   */
  static Node[] topologicalOrder(Node[] roots, NodeIndex index) {
    Node[] post = new Node[16];
    int count = 0;
    Node[] stack = new Node[16];
    int[] child = new int[16];
    for (Node root : roots) {
      if (!index.add(root)) {
        continue;
      }
      int sp = 0;
      stack[0] = root;
      child[0] = 0;
      while (sp >= 0) {
        Node n = stack[sp];
        Node[] next = nextOf(n);
        int c = child[sp];
        while (c < next.length && (next[c] == null || index.contains(next[c]))) {
          c++;
        }
        if (c < next.length) {
          child[sp] = c + 1;
          Node m = next[c];
          index.add(m);
          if (++sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
            child = Arrays.copyOf(child, sp * 2);
          }
          stack[sp] = m;
          child[sp] = 0;
        } else {
          if (count == post.length) {
            post = Arrays.copyOf(post, count * 2);
          }
          post[count++] = n;
          sp--;
        }
      }
    }
    Node[] order = new Node[count];
    for (int i = 0; i < count; i++) {
      Node n = post[count - 1 - i];
      order[i] = n;
      index.set(n, i);
    }
    return order;
  }

  /**
   * An identity map from the nodes of one pass to their positions: open addressing on each node's fixed hash, with
   * no boxing and no per-entry objects (this pass's own state, never stored in the shared nodes).
   */
  static final class NodeIndex {
    private Node[] keys = new Node[64];
    private int[] values = new int[64];
    private int size;

    /** Adds {@code n} (position -1 until {@link #set}); false if it was already present. */
    boolean add(Node n) {
      if ((size + 1) * 2 > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      for (int i = hashOf(n) & mask; ; i = (i + 1) & mask) {
        Node k = keys[i];
        if (k == null) {
          keys[i] = n;
          values[i] = -1;
          size++;
          return true;
        }
        if (k == n) {
          return false;
        }
      }
    }

    boolean contains(Node n) {
      return slot(n) >= 0;
    }

    /** The position of {@code n}, or -1 if it is not in this pass's graph. */
    int get(Node n) {
      int s = slot(n);
      return s < 0 ? -1 : values[s];
    }

    void set(Node n, int position) {
      values[slot(n)] = position;
    }

    private int slot(Node n) {
      int mask = keys.length - 1;
      for (int i = hashOf(n) & mask; ; i = (i + 1) & mask) {
        Node k = keys[i];
        if (k == n) {
          return i;
        }
        if (k == null) {
          return -1;
        }
      }
    }

    private void grow() {
      Node[] oldKeys = keys;
      int[] oldValues = values;
      keys = new Node[oldKeys.length * 2];
      values = new int[oldKeys.length * 2];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        Node n = oldKeys[j];
        if (n != null) {
          int i = hashOf(n) & mask;
          while (keys[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = n;
          values[i] = oldValues[j];
        }
      }
    }
  }
}
