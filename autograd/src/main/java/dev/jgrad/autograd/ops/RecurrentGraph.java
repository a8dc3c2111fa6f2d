package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Recurrent.Cell;
import dev.jgrad.autograd.ops.Recurrent.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stack of {@link Recurrent} composed from differentiable Tensor ops, step by step, as PyTorch's CPU
 * implementation builds it: what {@link RecurrentKernel}'s node differentiates through when its backward must itself
 * be differentiable ({@code createGraph}). Gradients of this graph are gradients of the stack (the same function;
 * the values differ from the kernel's only by rounding), and they carry a graph of their own, so second-order
 * gradients reach the input, the initial states and every weight.
 *
 * <p>Same packed layout as the kernel: step t owns rows {@code [rowStart[t], rowStart[t] + batchSizes[t])} of each
 * layer's input and output, and the running {@code [B, state]} state keeps the rows of sequences that have ended.
 */
final class RecurrentGraph {
  private final Spec spec;
  private final int[] batchSizes;
  private final int[] rowStart;
  private final int batch;

  RecurrentGraph(Spec spec, int[] batchSizes) {
    this.spec = spec;
    this.batchSizes = batchSizes;
    this.rowStart = new int[batchSizes.length];
    for (int t = 1; t < batchSizes.length; t++) {
      rowStart[t] = rowStart[t - 1] + batchSizes[t - 1];
    }
    this.batch = batchSizes[0];
  }

  /**
   * The flat {@code [output | hN | cN]} of the kernel's node, as a graph.
   *
   * @param masks per layer, the dropout mask applied to its input, in the input's dtype (null entries: none)
   */
  Tensor forward(Tensor data, Tensor h0, Tensor c0, Tensor[] weights, Tensor[] masks) {
    int dirs = spec.directions();
    int per = spec.weightsPerDirection();
    List<Tensor> hN = new ArrayList<>();
    List<Tensor> cN = new ArrayList<>();
    Tensor in = data;
    for (int l = 0; l < spec.numLayers(); l++) {
      if (masks[l] != null) {
        in = in.mul(masks[l]);
      }
      Tensor[] outs = new Tensor[dirs];
      for (int d = 0; d < dirs; d++) {
        int ld = l * dirs + d;
        Tensor[] state = direction(d, in, Arrays.copyOfRange(weights, ld * per, (ld + 1) * per),
            h0 == null ? null : h0.select(0, ld), c0 == null ? null : c0.select(0, ld));
        outs[d] = state[0];
        hN.add(state[1]);
        if (state[2] != null) {
          cN.add(state[2]);
        }
      }
      in = dirs == 1 ? outs[0] : Tensor.cat(List.of(outs), 1);
    }
    List<Tensor> flat = new ArrayList<>();
    flat.add(in.reshape(-1));
    flat.add(Tensor.stack(hN, 0).reshape(-1));
    if (!cN.isEmpty()) {
      flat.add(Tensor.stack(cN, 0).reshape(-1));
    }
    return Tensor.cat(flat, 0);
  }

  /** One layer and direction: its output {@code [N, state]}, final h and (LSTM) final c. */
  private Tensor[] direction(int d, Tensor x, Tensor[] w, Tensor h0, Tensor c0) {
    Cell cell = spec.cell();
    int hidden = spec.hiddenSize();
    Tensor wih = w[0];
    Tensor whh = w[1];
    Tensor bih = spec.bias() ? w[2] : null;
    Tensor bhh = spec.bias() ? w[3] : null;
    Tensor whr = spec.projSize() > 0 ? w[w.length - 1] : null;
    Tensor xp = x.matmul(wih.t());
    if (bih != null) {
      xp = xp.add(bih);
    }
    Tensor h = h0 != null ? h0 : Tensor.zeros(x.dtype(), batch, spec.stateSize());
    Tensor c = cell != Cell.LSTM ? null : c0 != null ? c0 : Tensor.zeros(x.dtype(), batch, hidden);
    int steps = batchSizes.length;
    Tensor[] out = new Tensor[steps];
    for (int s = 0; s < steps; s++) {
      int t = d == 0 ? s : steps - 1 - s;
      int bs = batchSizes[t];
      Tensor hb = h.narrow(0, 0, bs);
      Tensor gi = xp.narrow(0, rowStart[t], bs);
      Tensor gh = hb.matmul(whh.t());
      if (bhh != null) {
        gh = gh.add(bhh);
      }
      Tensor hNew;
      switch (cell) {
        case LSTM -> {
          Tensor g = gi.add(gh);
          Tensor cNew = g.narrow(1, hidden, hidden).sigmoid().mul(c.narrow(0, 0, bs))
              .add(g.narrow(1, 0, hidden).sigmoid().mul(g.narrow(1, 2 * hidden, hidden).tanh()));
          hNew = g.narrow(1, 3 * hidden, hidden).sigmoid().mul(cNew.tanh());
          if (whr != null) {
            hNew = hNew.matmul(whr.t());
          }
          c = keepEnded(cNew, c, bs);
        }
        case GRU -> {
          Tensor r = gi.narrow(1, 0, hidden).add(gh.narrow(1, 0, hidden)).sigmoid();
          Tensor z = gi.narrow(1, hidden, hidden).add(gh.narrow(1, hidden, hidden)).sigmoid();
          Tensor n = gi.narrow(1, 2 * hidden, hidden).add(r.mul(gh.narrow(1, 2 * hidden, hidden))).tanh();
          hNew = n.add(z.mul(hb.sub(n)));
        }
        default -> hNew = cell == Cell.RNN_TANH ? gi.add(gh).tanh() : gi.add(gh).relu();
      }
      out[t] = hNew;
      h = keepEnded(hNew, h, bs);
    }
    return new Tensor[] {Tensor.cat(List.of(out), 0), h, c};
  }

  /** The new state of the first {@code bs} rows above the kept state of the sequences that have ended. */
  private Tensor keepEnded(Tensor updated, Tensor previous, int bs) {
    return bs == batch ? updated : Tensor.cat(List.of(updated, previous.narrow(0, bs, batch - bs)), 0);
  }
}
