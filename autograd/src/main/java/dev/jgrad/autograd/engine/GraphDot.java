package dev.jgrad.autograd.engine;

import static dev.jgrad.autograd.access.TensorAccess.accumulatorOf;
import static dev.jgrad.autograd.access.TensorAccess.gradFnOf;
import static dev.jgrad.autograd.access.TensorAccess.nextOf;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Renders the backward graph behind a tensor as Graphviz DOT: one box per node named like its grad_fn, leaves that
 * require grad highlighted with their shapes, and the output tensor at the top (the seed tutorial's diagram).
 */
public final class GraphDot {
  private GraphDot() {}

  public static String render(Tensor root) {
    StringBuilder sb = new StringBuilder("digraph jgrad {\n  rankdir=BT;\n  node [fontname=\"Helvetica\"];\n");
    sb.append("  out [label=\"output ").append(Shapes.str(shapeOf(root)))
        .append("\", shape=oval, style=filled, fillcolor=\"#cfe2f3\"];\n");
    Node start = gradFnOf(root) != null ? gradFnOf(root) : (root.requiresGrad() ? accumulatorOf(root) : null);
    if (start == null) {
      return sb.append("}\n").toString();
    }
    // Identity map only for numbering; the output order comes from the breadth-first walk, not the map.
    Map<Node, Integer> ids = new IdentityHashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    ids.put(start, 0);
    queue.add(start);
    StringBuilder edges = new StringBuilder("  n0 -> out;\n");
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      int id = ids.get(n);
      if (n instanceof AccumulateGrad) {
        Tensor v = ((AccumulateGrad) n).variable;
        sb.append("  n").append(id).append(" [label=\"leaf ").append(Shapes.str(shapeOf(v)))
            .append("\\nrequires_grad=True\", shape=box, style=filled, fillcolor=\"#b6d7a8\"];\n");
      } else {
        sb.append("  n").append(id).append(" [label=\"").append(n.name()).append("\", shape=box];\n");
      }
      for (Node m : nextOf(n)) {
        if (m == null) {
          continue;
        }
        Integer mid = ids.get(m);
        if (mid == null) {
          mid = ids.size();
          ids.put(m, mid);
          queue.add(m);
        }
        edges.append("  n").append(mid).append(" -> n").append(id).append(";\n");
      }
    }
    return sb.append(edges).append("}\n").toString();
  }
}
