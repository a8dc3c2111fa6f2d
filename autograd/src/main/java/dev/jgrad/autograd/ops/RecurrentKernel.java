package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.GradOptions;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Recurrent.Cell;
import dev.jgrad.autograd.ops.Recurrent.Spec;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.kernels.PackedMatrix;
import dev.jgrad.autograd.kernels.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward and backward loops of {@link Recurrent}: plain arrays and the gemm, one node for the whole stack.
 *
 * <p>Per layer and direction the forward keeps, for the backward, the activated gates of every step ({@code act},
 * [N, gates]), the hidden state each step started from ({@code hPrev}, [N, P]) and, for LSTM, the cell state each
 * step started from and tanh of the new one, the unprojected hidden state when there is a projection, and for GRU
 * the hidden part of the candidate gate (W_hn·h + b_hn). The running state of the whole batch lives in one
 * {@code [B, P]} buffer whose first {@code batchSizes[t]} rows a step reads and overwrites; a sequence that has ended
 * keeps its final state in its row, so after the last step the buffer is hN, and the backward runs the same
 * bookkeeping in reverse, which hands the gradient of hN to each sequence at its own last step.
 */
final class RecurrentKernel {
  private final Spec spec;
  private final Cell cell;
  private final int[] batchSizes;
  private final int[] rowStart;
  private final int steps;
  private final int rows;
  private final int batch;
  private final int dirs;
  private final int hidden;
  private final int state;
  private final int gates;
  private final Kernels k = Kernels.get();

  /** Per layer and direction: w_ih, w_hh, b_ih, b_hh, w_hr (null when absent), as dense row-major arrays. */
  private final float[][][] w;
  /** Per layer: its input (after dropout), and the dropout mask applied to it (null without dropout). */
  private final float[][] layerInput;
  private final float[][] mask;
  /** Per layer and direction, saved for the backward (see the class comment). */
  private final float[][] act;
  private final float[][] hPrev;
  private final float[][] cPrev;
  private final float[][] tanhC;
  private final float[][] unprojected;
  private final float[][] hiddenCandidate;

  private RecurrentKernel(Spec spec, int[] batchSizes, Tensor[] weights) {
    this.spec = spec;
    this.cell = spec.cell();
    this.batchSizes = batchSizes;
    this.steps = batchSizes.length;
    this.rowStart = new int[steps];
    int n = 0;
    for (int t = 0; t < steps; t++) {
      rowStart[t] = n;
      n += batchSizes[t];
    }
    this.rows = n;
    this.batch = batchSizes[0];
    this.dirs = spec.directions();
    this.hidden = spec.hiddenSize();
    this.state = spec.stateSize();
    this.gates = cell.gates * hidden;
    int ld = spec.numLayers() * dirs;
    int per = spec.weightsPerDirection();
    w = new float[ld][5][];
    for (int i = 0; i < ld; i++) {
      w[i][0] = dense(weights[i * per]);
      w[i][1] = dense(weights[i * per + 1]);
      if (spec.bias()) {
        w[i][2] = dense(weights[i * per + 2]);
        w[i][3] = dense(weights[i * per + 3]);
      }
      if (spec.projSize() > 0) {
        w[i][4] = dense(weights[i * per + per - 1]);
      }
    }
    layerInput = new float[spec.numLayers()][];
    mask = new float[spec.numLayers()][];
    act = new float[ld][];
    hPrev = new float[ld][];
    cPrev = new float[ld][];
    tanhC = new float[ld][];
    unprojected = new float[ld][];
    hiddenCandidate = new float[ld][];
  }

  private static float[] dense(Tensor t) {
    return t.isContiguous() && t.storageOffset() == 0 && storageOf(t).data.length == t.numel() ? storageOf(t).data : t.toArray();
  }

  static Recurrent.Result run(Spec spec, Tensor data, int[] batchSizes, Tensor h0, Tensor c0, Tensor[] weights) {
    if (data.dtype() == DType.FLOAT64) {
      return runComposed(spec, data, batchSizes, h0, c0, weights);
    }
    RecurrentKernel kernel = new RecurrentKernel(spec, batchSizes, weights);
    int ld = spec.numLayers() * kernel.dirs;
    int outSize = kernel.rows * kernel.dirs * kernel.state;
    int hnSize = ld * kernel.batch * kernel.state;
    int cnSize = spec.cell() == Cell.LSTM ? ld * kernel.batch * kernel.hidden : 0;
    float[] flat = new float[outSize + hnSize + cnSize];
    kernel.forward(dense(data), h0 == null ? null : dense(h0), c0 == null ? null : dense(c0), flat);
    Tensor all = fresh(flat, new int[] {flat.length}, DType.FLOAT32);
    boolean needsGrad = data.requiresGrad() || h0 != null && h0.requiresGrad() || c0 != null && c0.requiresGrad();
    for (Tensor t : weights) {
      needsGrad |= t.requiresGrad();
    }
    if (needsGrad && GradMode.isEnabled()) {
      attach(all, kernel.new Backward(data, h0, c0, weights));
    }
    Tensor output = all.narrow(0, 0, outSize).view(kernel.rows, kernel.dirs * kernel.state);
    Tensor hN = all.narrow(0, outSize, hnSize).view(ld, kernel.batch, kernel.state);
    Tensor cN = cnSize == 0 ? null : all.narrow(0, outSize + hnSize, cnSize).view(ld, kernel.batch, kernel.hidden);
    return new Recurrent.Result(output, hN, cN);
  }

  /**
   * A float64 stack: the step-by-step graph of Tensor ops (PyTorch's float64 CPU path is such a composition too),
   * its dropout masks bernoulli(1 - p) / (1 - p) in double from the global generator, layer by layer as the kernel
   * draws them. Its outputs are views of one flat tensor, as the kernel's.
   */
  private static Recurrent.Result runComposed(Spec spec, Tensor data, int[] batchSizes, Tensor h0, Tensor c0,
      Tensor[] weights) {
    int rows = shapeOf(data)[0];
    int width = spec.directions() * spec.stateSize();
    Tensor[] masks = new Tensor[spec.numLayers()];
    for (int l = 1; l < masks.length && spec.training() && spec.dropout() > 0; l++) {
      int n = rows * width;
      float[] keep = new float[n];
      double p = spec.dropout();
      if (p < 1) {
        Generator.global().bernoulli(keep, 0, n, 1 - p);
      }
      double[] m = new double[n];
      for (int i = 0; i < n; i++) {
        m[i] = keep[i] * (1 / (1 - p));
      }
      masks[l] = fresh(m, new int[] {rows, width});
    }
    Tensor all = new RecurrentGraph(spec, batchSizes).forward(data, h0, c0, weights, masks);
    int ld = spec.numLayers() * spec.directions();
    int batch = batchSizes[0];
    int outSize = rows * width;
    int hnSize = ld * batch * spec.stateSize();
    Tensor output = all.narrow(0, 0, outSize).view(rows, width);
    Tensor hN = all.narrow(0, outSize, hnSize).view(ld, batch, spec.stateSize());
    Tensor cN = spec.cell() != Cell.LSTM ? null
        : all.narrow(0, outSize + hnSize, ld * batch * spec.hiddenSize()).view(ld, batch, spec.hiddenSize());
    return new Recurrent.Result(output, hN, cN);
  }

  // ---------------------------------------------------------------- forward

  private void forward(float[] x, float[] h0, float[] c0, float[] flat) {
    int layers = spec.numLayers();
    int outWidth = dirs * state;
    float[] in = x;
    for (int l = 0; l < layers; l++) {
      if (l > 0 && spec.training() && spec.dropout() > 0) {
        in = applyMask(l, in);
      }
      layerInput[l] = in;
      float[] out = l == layers - 1 ? flat : new float[rows * outWidth];
      for (int d = 0; d < dirs; d++) {
        runDirection(l, d, in, spec.layerInputSize(l), out, h0, c0, flat);
      }
      in = out;
    }
  }

  /** Draws the dropout mask of layer l's input as PyTorch's CPU dropout does: bernoulli(1 - p) / (1 - p). */
  private float[] applyMask(int l, float[] in) {
    int n = rows * dirs * state;
    float[] m = new float[n];
    double p = spec.dropout();
    if (p < 1) {
      Generator.global().bernoulli(m, 0, n, 1 - p);
      float scale = 1f / (float) (1 - p);
      for (int i = 0; i < n; i++) {
        m[i] *= scale;
      }
    }
    mask[l] = m;
    float[] masked = new float[n];
    for (int i = 0; i < n; i++) {
      masked[i] = in[i] * m[i];
    }
    return masked;
  }

  private void runDirection(int l, int d, float[] x, int inWidth, float[] out, float[] h0, float[] c0,
                            float[] flat) {
    int ld = l * dirs + d;
    float[][] p = w[ld];
    int outWidth = dirs * state;
    float[] a = new float[rows * gates];
    // The input projection of every time step: one product.
    k.gemm(false, true, rows, gates, inWidth, x, 0, inWidth, p[0], 0, inWidth, 0f, a, 0, gates);
    if (p[2] != null) {
      // GRU keeps b_hn apart: it is inside r * (W_hn·h + b_hn).
      int folded = cell == Cell.GRU ? 2 * hidden : gates;
      float[] b = new float[gates];
      for (int j = 0; j < gates; j++) {
        b[j] = j < folded ? p[2][j] + p[3][j] : p[2][j];
      }
      for (int r = 0; r < rows; r++) {
        int o = r * gates;
        for (int j = 0; j < gates; j++) {
          a[o + j] += b[j];
        }
      }
    }
    float[] h = new float[batch * state];
    float[] c = cell == Cell.LSTM ? new float[batch * hidden] : null;
    if (h0 != null) {
      System.arraycopy(h0, ld * batch * state, h, 0, batch * state);
    }
    if (c0 != null) {
      System.arraycopy(c0, ld * batch * hidden, c, 0, batch * hidden);
    }
    // The per-step products take the recurrent weights packed once here for all T steps, not at every step.
    PackedMatrix whh = k.pack(true, state, gates, p[1], 0, state);
    PackedMatrix whr = p[4] == null ? null : k.pack(true, hidden, state, p[4], 0, hidden);
    float[] hp = new float[rows * state];
    float[] cp = c == null ? null : new float[rows * hidden];
    float[] tc = c == null ? null : new float[rows * hidden];
    float[] m = p[4] == null ? null : new float[rows * hidden];
    float[] hc = cell == Cell.GRU ? new float[rows * hidden] : null;
    float[] gh = cell == Cell.GRU ? new float[batch * gates] : null;
    for (int s = 0; s < steps; s++) {
      int t = d == 0 ? s : steps - 1 - s;
      int bs = batchSizes[t];
      int r0 = rowStart[t];
      System.arraycopy(h, 0, hp, r0 * state, bs * state);
      switch (cell) {
        case LSTM -> {
          System.arraycopy(c, 0, cp, r0 * hidden, bs * hidden);
          k.gemmPacked(false, bs, h, 0, state, whh, 1f, a, r0 * gates, gates);
          lstmCells(a, r0, bs, c, tc);
          float[] target = m == null ? h : m;
          int tOff = m == null ? 0 : r0 * hidden;
          for (int i = 0; i < bs; i++) {
            int g = (r0 + i) * gates + 3 * hidden;
            int ci = (r0 + i) * hidden;
            for (int j = 0; j < hidden; j++) {
              target[tOff + i * hidden + j] = a[g + j] * tc[ci + j];
            }
          }
          if (m != null) {
            k.gemmPacked(false, bs, m, r0 * hidden, hidden, whr, 0f, h, 0, state);
          }
        }
        case GRU -> {
          k.gemmPacked(false, bs, h, 0, state, whh, 0f, gh, 0, gates);
          gruCells(a, gh, p[3], r0, bs, h, hc);
        }
        case RNN_TANH, RNN_RELU -> {
          k.gemmPacked(false, bs, h, 0, state, whh, 1f, a, r0 * gates, gates);
          if (cell == Cell.RNN_TANH) {
            k.unary(UnaryOp.TANH, a, r0 * gates, a, r0 * gates, bs * gates);
          } else {
            k.relu(a, r0 * gates, a, r0 * gates, bs * gates);
          }
          System.arraycopy(a, r0 * gates, h, 0, bs * state);
        }
      }
      for (int i = 0; i < bs; i++) {
        System.arraycopy(h, i * state, out, (r0 + i) * outWidth + d * state, state);
      }
    }
    int hnOff = rows * outWidth;
    System.arraycopy(h, 0, flat, hnOff + ld * batch * state, batch * state);
    if (c != null) {
      int cnOff = hnOff + spec.numLayers() * dirs * batch * state;
      System.arraycopy(c, 0, flat, cnOff + ld * batch * hidden, batch * hidden);
    }
    act[ld] = a;
    hPrev[ld] = hp;
    cPrev[ld] = cp;
    tanhC[ld] = tc;
    unprojected[ld] = m;
    hiddenCandidate[ld] = hc;
  }

  /** Gates i, f, g, o of rows [r0, r0 + bs) activated in place; c = f·c + i·g; tc = tanh(c). */
  private void lstmCells(float[] a, int r0, int bs, float[] c, float[] tc) {
    int hd = hidden;
    for (int i = 0; i < bs; i++) {
      int g = (r0 + i) * gates;
      k.unary(UnaryOp.SIGMOID, a, g, a, g, 2 * hd);
      k.unary(UnaryOp.TANH, a, g + 2 * hd, a, g + 2 * hd, hd);
      k.unary(UnaryOp.SIGMOID, a, g + 3 * hd, a, g + 3 * hd, hd);
      int ci = i * hd;
      for (int j = 0; j < hd; j++) {
        c[ci + j] = a[g + hd + j] * c[ci + j] + a[g + j] * a[g + 2 * hd + j];
      }
    }
    k.unary(UnaryOp.TANH, c, 0, tc, r0 * hd, bs * hd);
  }

  /** r, z = σ(x + W_h·h + b); n = tanh(x_n + r·(W_hn·h + b_hn)); h = n + z·(h − n), as PyTorch's GRU cell. */
  private void gruCells(float[] a, float[] gh, float[] bhh, int r0, int bs, float[] h, float[] hc) {
    int hd = hidden;
    for (int i = 0; i < bs; i++) {
      int g = (r0 + i) * gates;
      int q = i * gates;
      for (int j = 0; j < 2 * hd; j++) {
        a[g + j] += gh[q + j];
      }
      k.unary(UnaryOp.SIGMOID, a, g, a, g, 2 * hd);
      int ci = (r0 + i) * hd;
      for (int j = 0; j < hd; j++) {
        float cand = gh[q + 2 * hd + j] + (bhh == null ? 0f : bhh[2 * hd + j]);
        hc[ci + j] = cand;
        a[g + 2 * hd + j] += a[g + j] * cand;
      }
      k.unary(UnaryOp.TANH, a, g + 2 * hd, a, g + 2 * hd, hd);
      int hi = i * hd;
      for (int j = 0; j < hd; j++) {
        float n = a[g + 2 * hd + j];
        h[hi + j] = n + a[g + hd + j] * (h[hi + j] - n);
      }
    }
  }

  // ---------------------------------------------------------------- backward

  /** Gradients of the whole stack from the gradient of the flat output [output | hN | cN]. */
  private Tensor[] backward(float[] g, int gOff, boolean[] needs) {
    int layers = spec.numLayers();
    int ld = layers * dirs;
    float[][][] dw = new float[ld][5][];
    float[] dh0 = new float[ld * batch * state];
    float[] dc0 = cell == Cell.LSTM ? new float[ld * batch * hidden] : null;
    float[] dOut = g;
    int dOutOff = gOff;
    float[] dIn = null;
    for (int l = layers - 1; l >= 0; l--) {
      int inWidth = spec.layerInputSize(l);
      // The input of the first layer usually needs no gradient (data, not a parameter): skip its product.
      dIn = l > 0 || needs[0] ? new float[rows * inWidth] : null;
      for (int d = 0; d < dirs; d++) {
        backDirection(l, d, dOut, dOutOff, inWidth, dIn, g, gOff, dw[l * dirs + d], dh0, dc0);
      }
      if (l > 0 && mask[l] != null) {
        float[] m = mask[l];
        for (int i = 0; i < dIn.length; i++) {
          dIn[i] *= m[i];
        }
      }
      dOut = dIn;
      dOutOff = 0;
    }
    int per = spec.weightsPerDirection();
    Tensor[] grads = new Tensor[3 + ld * per];
    grads[0] = needs[0] ? fresh(dIn, new int[] {rows, spec.inputSize()}, DType.FLOAT32) : null;
    grads[1] = needs[1] ? fresh(dh0, new int[] {ld, batch, state}, DType.FLOAT32) : null;
    grads[2] = needs[2] ? fresh(dc0, new int[] {ld, batch, hidden}, DType.FLOAT32) : null;
    for (int i = 0; i < ld; i++) {
      int l = i / dirs;
      int base = 3 + i * per;
      grads[base] = fresh(dw[i][0], new int[] {gates, spec.layerInputSize(l)}, DType.FLOAT32);
      grads[base + 1] = fresh(dw[i][1], new int[] {gates, state}, DType.FLOAT32);
      if (spec.bias()) {
        grads[base + 2] = fresh(dw[i][2], new int[] {gates}, DType.FLOAT32);
        grads[base + 3] = fresh(dw[i][3], new int[] {gates}, DType.FLOAT32);
      }
      if (spec.projSize() > 0) {
        grads[base + per - 1] = fresh(dw[i][4], new int[] {state, hidden}, DType.FLOAT32);
      }
    }
    for (int i = 0; i < grads.length; i++) {
      if (!needs[i]) {
        grads[i] = null;
      }
    }
    return grads;
  }

  private void backDirection(int l, int d, float[] dOut, int dOutOff, int inWidth, float[] dIn, float[] g,
                             int gOff, float[][] dw, float[] dh0, float[] dc0) {
    int ld = l * dirs + d;
    float[][] p = w[ld];
    int outWidth = dirs * state;
    int hnOff = gOff + rows * outWidth;
    int cnOff = hnOff + spec.numLayers() * dirs * batch * state;
    float[] a = act[ld];
    float[] dg = new float[rows * gates];
    float[] dgh = cell == Cell.GRU ? new float[rows * gates] : dg;
    float[] dh = new float[batch * state];
    System.arraycopy(g, hnOff + ld * batch * state, dh, 0, batch * state);
    float[] dc = null;
    if (cell == Cell.LSTM) {
      dc = new float[batch * hidden];
      System.arraycopy(g, cnOff + ld * batch * hidden, dc, 0, batch * hidden);
    }
    float[] dhAll = p[4] == null ? null : new float[rows * state];
    float[] dm = p[4] == null ? dh : new float[batch * hidden];
    // The per-step products with W_hh (and W_hr) as they are stored, packed once for all T steps.
    PackedMatrix whh = k.pack(false, gates, state, p[1], 0, state);
    PackedMatrix whr = p[4] == null ? null : k.pack(false, state, hidden, p[4], 0, hidden);
    for (int s = steps - 1; s >= 0; s--) {
      int t = d == 0 ? s : steps - 1 - s;
      int bs = batchSizes[t];
      int r0 = rowStart[t];
      for (int i = 0; i < bs; i++) {
        int o = dOutOff + (r0 + i) * outWidth + d * state;
        int hi = i * state;
        for (int j = 0; j < state; j++) {
          dh[hi + j] += dOut[o + j];
        }
      }
      switch (cell) {
        case LSTM -> {
          if (dhAll != null) {
            System.arraycopy(dh, 0, dhAll, r0 * state, bs * state);
            k.gemmPacked(false, bs, dh, 0, state, whr, 0f, dm, 0, hidden);
          }
          lstmCellsBackward(a, dg, dm, dc, r0, bs, ld);
          k.gemmPacked(false, bs, dg, r0 * gates, gates, whh, 0f, dh, 0, state);
        }
        case GRU -> {
          gruCellsBackward(a, dg, dgh, dh, r0, bs, ld);
          k.gemmPacked(false, bs, dgh, r0 * gates, gates, whh, 1f, dh, 0, state);
        }
        case RNN_TANH, RNN_RELU -> {
          for (int i = 0; i < bs * gates; i++) {
            float y = a[r0 * gates + i];
            dg[r0 * gates + i] = cell == Cell.RNN_TANH ? dh[i] * (1 - y * y) : y > 0 ? dh[i] : 0f;
          }
          k.gemmPacked(false, bs, dg, r0 * gates, gates, whh, 0f, dh, 0, state);
        }
      }
    }
    System.arraycopy(dh, 0, dh0, ld * batch * state, batch * state);
    if (dc != null) {
      System.arraycopy(dc, 0, dc0, ld * batch * hidden, batch * hidden);
    }
    // Weight gradients: one product over all time steps each.
    float[] x = layerInput[l];
    dw[0] = new float[gates * inWidth];
    k.gemm(true, false, gates, inWidth, rows, dg, 0, gates, x, 0, inWidth, 0f, dw[0], 0, inWidth);
    dw[1] = new float[gates * state];
    k.gemm(true, false, gates, state, rows, dgh, 0, gates, hPrev[ld], 0, state, 0f, dw[1], 0, state);
    if (p[2] != null) {
      dw[2] = columnSums(dg);
      dw[3] = dgh == dg ? dw[2].clone() : columnSums(dgh);
    }
    if (p[4] != null) {
      dw[4] = new float[state * hidden];
      k.gemm(true, false, state, hidden, rows, dhAll, 0, state, unprojected[ld], 0, hidden, 0f, dw[4], 0, hidden);
    }
    if (dIn != null) {
      k.gemm(false, false, rows, inWidth, gates, dg, 0, gates, p[0], 0, inWidth, 1f, dIn, 0, inWidth);
    }
  }

  private float[] columnSums(float[] m) {
    float[] s = new float[gates];
    for (int r = 0; r < rows; r++) {
      int o = r * gates;
      for (int j = 0; j < gates; j++) {
        s[j] += m[o + j];
      }
    }
    return s;
  }

  /** dm is the gradient of o·tanh(c); writes the pre-activation gate gradients and carries dc to c_prev. */
  private void lstmCellsBackward(float[] a, float[] dg, float[] dm, float[] dc, int r0, int bs, int ld) {
    int hd = hidden;
    float[] tc = tanhC[ld];
    float[] cp = cPrev[ld];
    for (int i = 0; i < bs; i++) {
      int g = (r0 + i) * gates;
      int ci = (r0 + i) * hd;
      int li = i * hd;
      for (int j = 0; j < hd; j++) {
        float ig = a[g + j];
        float fg = a[g + hd + j];
        float gg = a[g + 2 * hd + j];
        float og = a[g + 3 * hd + j];
        float t = tc[ci + j];
        float dmv = dm[li + j];
        float dcv = dc[li + j] + dmv * og * (1 - t * t);
        dg[g + j] = dcv * gg * ig * (1 - ig);
        dg[g + hd + j] = dcv * cp[ci + j] * fg * (1 - fg);
        dg[g + 2 * hd + j] = dcv * ig * (1 - gg * gg);
        dg[g + 3 * hd + j] = dmv * t * og * (1 - og);
        dc[li + j] = dcv * fg;
      }
    }
  }

  /** Writes the gate gradients of the input side (dg) and the hidden side (dgh); leaves z·dh in dh. */
  private void gruCellsBackward(float[] a, float[] dg, float[] dgh, float[] dh, int r0, int bs, int ld) {
    int hd = hidden;
    float[] hp = hPrev[ld];
    float[] hc = hiddenCandidate[ld];
    for (int i = 0; i < bs; i++) {
      int g = (r0 + i) * gates;
      int ci = (r0 + i) * hd;
      int li = i * hd;
      for (int j = 0; j < hd; j++) {
        float r = a[g + j];
        float z = a[g + hd + j];
        float n = a[g + 2 * hd + j];
        float dhv = dh[li + j];
        float dnp = dhv * (1 - z) * (1 - n * n);
        float dr = dnp * hc[ci + j] * r * (1 - r);
        float dz = dhv * (hp[ci + j] - n) * z * (1 - z);
        dg[g + j] = dr;
        dg[g + hd + j] = dz;
        dg[g + 2 * hd + j] = dnp;
        dgh[g + j] = dr;
        dgh[g + hd + j] = dz;
        dgh[g + 2 * hd + j] = dnp * r;
        dh[li + j] = dhv * z;
      }
    }
  }

  /** The node of the whole stack; its output is the flat [output | hN | cN] buffer. */
  private final class Backward extends Node {
    private final boolean[] needs;

    Backward(Tensor data, Tensor h0, Tensor c0, Tensor[] weights) {
      super(edges(data, h0, c0, weights));
      needs = new boolean[next.length];
      for (int i = 0; i < next.length; i++) {
        needs[i] = next[i] != null;
      }
      Tensor[] keep = new Tensor[3 + weights.length];
      keep[0] = data;
      keep[1] = h0;
      keep[2] = c0;
      System.arraycopy(weights, 0, keep, 3, weights.length);
      save(keep);
    }

    @Override
    public String name() {
      return switch (cell) {
        case LSTM -> "LstmBackward0";
        case GRU -> "GruBackward0";
        case RNN_TANH -> "RnnTanhBackward0";
        case RNN_RELU -> "RnnReluBackward0";
      };
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      for (int i = 0; i < needs.length; i++) {
        saved(i);   // fails like PyTorch after an in-place change of an input or weight, or a released graph
      }
      if (GradMode.isEnabled()) {
        return differentiable(grad);
      }
      return backward(dataOf(grad), dataOffsetOf(grad), needs);
    }

    /**
     * The gradients as a graph of their own ({@code createGraph}, so double backward works as PyTorch's CPU
     * recurrent layers allow it): the gradients of the stack recomposed from Tensor ops on the saved input, states
     * and weights, with this node's dropout masks. Recomputing costs one more forward, only on this path.
     */
    private Tensor[] differentiable(Tensor grad) {
      Tensor[] weights = new Tensor[needs.length - 3];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = saved(3 + i);
      }
      Tensor[] masks = new Tensor[mask.length];
      for (int l = 0; l < mask.length; l++) {
        masks[l] = mask[l] == null ? null : fresh(mask[l], new int[] {rows, dirs * state}, DType.FLOAT32);
      }
      Tensor flat = new RecurrentGraph(spec, batchSizes).forward(saved(0), saved(1), saved(2), weights, masks);
      List<Tensor> wanted = new ArrayList<>();
      for (int i = 0; i < needs.length; i++) {
        if (needs[i]) {
          wanted.add(saved(i));
        }
      }
      List<Tensor> g = Autograd.grad(List.of(flat), wanted, GradOptions.defaults().withGradOutputs(List.of(grad))
          .withRetainGraph(true).withCreateGraph(true).withAllowUnused(true));
      Tensor[] grads = new Tensor[needs.length];
      for (int i = 0, j = 0; i < needs.length; i++) {
        grads[i] = needs[i] ? g.get(j++) : null;
      }
      return grads;
    }
  }

  private static Node[] edges(Tensor data, Tensor h0, Tensor c0, Tensor[] weights) {
    Node[] e = new Node[3 + weights.length];
    e[0] = edgeOf(data);
    e[1] = h0 == null ? null : edgeOf(h0);
    e[2] = c0 == null ? null : edgeOf(c0);
    for (int i = 0; i < weights.length; i++) {
      e[3 + i] = edgeOf(weights[i]);
    }
    return e;
  }
}
