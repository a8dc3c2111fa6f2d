package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** The {@code ceilMode} part of pooling, on top of autograd's floor-mode pooling ops. */
final class Pooling {
  private Pooling() {}

  /**
   * The extra {bottom, right} padding that ceil mode's last, partial window reads beyond the padded input, or null when
   * ceil mode gives floor mode's output size (or the input is not 3-D/4-D, which the op itself reports). PyTorch's
   * {@code pooling_output_shape}: out = ⌈(in + 2p − d(k−1) − 1) / s⌉ + 1, minus one if the last window would start in
   * the bottom/right padding.
   */
  static int[] ceilOverhang(Tensor x, int[] k, int[] s, int[] p, int[] d) {
    int nd = x.dim();
    if (nd != 3 && nd != 4) {
      return null;
    }
    int[] extra = new int[2];
    boolean any = false;
    for (int i = 0; i < 2; i++) {
      int in = x.size(nd - 2 + i);
      int span = d[i] * (k[i] - 1) + 1;
      int room = in + 2 * p[i] - span;
      if (room < 0) {
        return null;
      }
      int floorOut = room / s[i] + 1;
      int ceilOut = (room + s[i] - 1) / s[i] + 1;
      if ((ceilOut - 1) * s[i] >= in + p[i]) {
        ceilOut--;
      }
      if (ceilOut > floorOut) {
        extra[i] = (ceilOut - 1) * s[i] + span - (in + 2 * p[i]);
        any = true;
      }
    }
    return any ? extra : null;
  }

  /**
   * Ceil-mode average pooling: zero-pad explicitly (including the overhang), average over whole windows, then rescale
   * each window from k·k to ATen's divisor: the window clipped to the padded input (count_include_pad) or to the real
   * input. Interior windows get a factor of exactly 1.
   */
  static Tensor avgPool2dCeil(Tensor x, int[] k, int[] s, int[] p, int[] extra, boolean countIncludePad) {
    int nd = x.dim();
    int h = x.size(nd - 2);
    int w = x.size(nd - 1);
    Tensor padded = x.pad(new int[] {p[1], p[1] + extra[1], p[0], p[0] + extra[0]}, 0.0);
    Tensor avg = padded.avgPool2d(k, s, new int[] {0, 0}, true);
    int oh = avg.size(nd - 2);
    int ow = avg.size(nd - 1);
    float[] factor = new float[oh * ow];
    for (int oy = 0; oy < oh; oy++) {
      int hStart = oy * s[0] - p[0];
      int hEnd = Math.min(hStart + k[0], h + p[0]);
      for (int ox = 0; ox < ow; ox++) {
        int wStart = ox * s[1] - p[1];
        int wEnd = Math.min(wStart + k[1], w + p[1]);
        int poolSize = (hEnd - hStart) * (wEnd - wStart);
        int real = (Math.min(hEnd, h) - Math.max(hStart, 0)) * (Math.min(wEnd, w) - Math.max(wStart, 0));
        int divisor = countIncludePad ? poolSize : real;
        factor[oy * ow + ox] = divisor == k[0] * k[1] ? 1f : (float) (k[0] * k[1]) / divisor;
      }
    }
    return avg.mul(Tensor.of(factor, oh, ow));
  }
}
