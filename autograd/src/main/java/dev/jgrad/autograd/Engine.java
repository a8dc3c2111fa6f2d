package dev.jgrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backward engine: walks the graph from the roots in a topological order built iteratively (deep graphs do
 * not overflow the stack), runs each node's rule once with the sum of the gradients that reached it, and either
 * accumulates into leaves ({@code backward}) or hands the gradients back ({@code Autograd.grad}).
 *
 * <p>Order: reverse post-order of a depth-first walk that follows {@link Node#next} in input order, so the same
 * graph is always processed in the same order.
 */
final class Engine {
  private Engine() {}

  private static final AtomicInteger STAMP = new AtomicInteger();

  /**
   * @param roots the outputs to differentiate
   * @param rootGrads dL/d(root) per root, or null entries for implicit ones (scalars only)
   * @param inputs null for {@code backward()} into every leaf; otherwise the tensors whose gradients are wanted
   * @param accumulate true for {@code backward} (write {@code .grad}), false for {@code Autograd.grad}
   * @return for {@code accumulate == false}, the gradient per input (null where none reached it)
   */
  static Tensor[] run(Tensor[] roots, Tensor[] rootGrads, boolean retainGraph, boolean createGraph,
      Tensor[] inputs, boolean accumulate) {
    Node[] rootNodes = new Node[roots.length];
    for (int i = 0; i < roots.length; i++) {
      Tensor r = roots[i];
      Node n = r.gradFn != null ? r.gradFn : (r.requiresGrad ? r.accumulator() : null);
      if (n == null) {
        throw new IllegalStateException(
            "backward: element " + i + " of tensors does not require grad and does not have a grad_fn "
                + "(the output was computed from tensors that do not require grad, or under Autograd.noGrad())");
      }
      rootNodes[i] = n;
    }
    Node[] inputNodes = null;
    Tensor[] captured = null;
    if (inputs != null) {
      inputNodes = new Node[inputs.length];
      captured = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        Tensor t = inputs[i];
        if (!t.requiresGrad) {
          throw new IllegalArgumentException(
              "grad: One of the differentiated Tensors does not require grad (input " + i + ", shape "
                  + Shapes.str(t.shape) + ")");
        }
        inputNodes[i] = t.gradFn != null ? t.gradFn : t.accumulator();
      }
    }

    List<Node> order = topologicalOrder(rootNodes);
    for (int i = 0; i < roots.length; i++) {
      Tensor g = initialGrad(roots[i], rootGrads == null ? null : rootGrads[i], i);
      Node n = rootNodes[i];
      n.pendingGrad = n.pendingGrad == null ? g : Autograd.withGradMode(createGraph, () -> n.pendingGrad.add(g));
    }

    boolean previousMode = GradMode.set(createGraph);
    try {
      for (Node node : order) {
        Tensor grad = node.pendingGrad;
        node.pendingGrad = null;
        if (grad == null) {
          continue;
        }
        if (node.preHooks != null) {
          grad = AccumulateGrad.runHooks(node.preHooks, grad);
        }
        if (node.retainGradOf != null) {
          Tensor owner = node.retainGradOf;
          if (owner.gradFn == node) {
            Tensor g = grad;
            Tensor prev = owner.grad;
            owner.grad = prev == null ? g.detachedContiguousCopy() : Autograd.noGrad(() -> prev.add(g));
          }
        }
        if (inputNodes != null) {
          boolean wanted = false;
          for (int i = 0; i < inputNodes.length; i++) {
            if (inputNodes[i] == node) {
              wanted = true;
              if (!accumulate) {
                captured[i] = captured[i] == null ? grad : captured[i].add(grad);
              }
            }
          }
          if (node instanceof AccumulateGrad) {
            if (accumulate && wanted) {
              AccumulateGrad acc = (AccumulateGrad) node;
              acc.accumulate(AccumulateGrad.runHooks(acc.variable.hooks, grad), createGraph);
            }
            continue;
          }
        } else if (node instanceof AccumulateGrad) {
          AccumulateGrad acc = (AccumulateGrad) node;
          acc.accumulate(AccumulateGrad.runHooks(acc.variable.hooks, grad), createGraph);
          continue;
        }
        Tensor[] grads = node.apply(grad);
        if (Anomaly.isEnabled()) {
          Anomaly.check(node, grads);
        }
        Node[] next = node.next;
        for (int i = 0; i < next.length; i++) {
          Node target = next[i];
          Tensor g = grads[i];
          if (target == null || g == null) {
            continue;
          }
          target.pendingGrad = target.pendingGrad == null ? g : target.pendingGrad.add(g);
        }
      }
    } finally {
      GradMode.set(previousMode);
      for (Node node : order) {
        node.pendingGrad = null;
        if (!retainGraph) {
          node.release();
        }
      }
    }
    return captured;
  }

  private static Tensor initialGrad(Tensor root, Tensor given, int index) {
    if (given == null) {
      if (root.numel() != 1) {
        throw new IllegalStateException(
            "backward: grad can be implicitly created only for scalar outputs (output " + index + " has shape "
                + Shapes.str(root.shape) + "; pass a gradient of that shape, e.g. backward(Tensor.onesLike(out)))");
      }
      return Tensor.onesLike(root);
    }
    if (!Arrays.equals(given.shape, root.shape)) {
      throw new IllegalArgumentException(
          "backward: Mismatch in shape: grad_output[" + index + "] has a shape of " + Shapes.str(given.shape)
              + " and output[" + index + "] has a shape of " + Shapes.str(root.shape) + ".");
    }
    return given;
  }

  /** Reverse post-order of an iterative depth-first walk from the roots. */
  private static List<Node> topologicalOrder(Node[] roots) {
    int stamp = STAMP.incrementAndGet();
    ArrayList<Node> post = new ArrayList<>();
    Node[] stack = new Node[16];
    int[] child = new int[16];
    for (Node root : roots) {
      if (root.visitStamp == stamp) {
        continue;
      }
      int sp = 0;
      stack[0] = root;
      child[0] = 0;
      root.visitStamp = stamp;
      while (sp >= 0) {
        Node n = stack[sp];
        Node[] next = n.next;
        int c = child[sp];
        while (c < next.length && (next[c] == null || next[c].visitStamp == stamp)) {
          c++;
        }
        if (c < next.length) {
          child[sp] = c + 1;
          Node m = next[c];
          m.visitStamp = stamp;
          if (++sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
            child = Arrays.copyOf(child, sp * 2);
          }
          stack[sp] = m;
          child[sp] = 0;
        } else {
          post.add(n);
          sp--;
        }
      }
    }
    java.util.Collections.reverse(post);
    return post;
  }
}
