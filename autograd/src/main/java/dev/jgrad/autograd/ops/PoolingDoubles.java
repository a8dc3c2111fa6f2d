package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.doublesOf;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Pooling.Adaptive;
import dev.jgrad.autograd.ops.Pooling.Geometry;
import dev.jgrad.autograd.storage.SizeLimits;

/**
 * The float64 loops of {@link Pooling}: the same windows, the same order of additions and the same first-maximum
 * and NaN rule, over doubles. {@link Pooling} keeps the geometry, the validation and the autograd nodes, and calls
 * these once per op when the input is float64 (its float32 loops stay as they were: a float sum is not the rounded
 * double sum).
 */
final class PoolingDoubles {
  private PoolingDoubles() {}

  /** Max pool values; flat indices (ih·w + iw) of each window's first maximum (a NaN wins) into {@code idx}. */
  static double[] maxPool(Tensor x, Geometry g, long[] idx) {
    int planes = g.n * g.c;
    int l = g.oh * g.ow;
    double[] out = SizeLimits.allocateDoubles("maxPool2d", g.outShape());
    double[] xd = doublesOf(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < planes; p++) {
      int plane = xo + p * g.h * g.w;
      for (int oh = 0; oh < g.oh; oh++) {
        int hs = oh * g.sh - g.ph;
        int he = Math.min(hs + (g.kh - 1) * g.dh + 1, g.h);
        while (hs < 0) {
          hs += g.dh;
        }
        for (int ow = 0; ow < g.ow; ow++) {
          int ws = ow * g.sw - g.pw;
          int we = Math.min(ws + (g.kw - 1) * g.dw + 1, g.w);
          while (ws < 0) {
            ws += g.dw;
          }
          int o = p * l + oh * g.ow + ow;
          out[o] = windowMax(xd, plane, g.w, hs, he, g.dh, ws, we, g.dw, idx, o);
        }
      }
    }
    return out;
  }

  /** Adaptive max pool values, indices into {@code idx}, as {@link #maxPool}. */
  static double[] adaptiveMax(Tensor x, Adaptive a, long[] idx) {
    double[] out = SizeLimits.allocateDoubles("adaptive_max_pool2d", a.outShape());
    double[] xd = doublesOf(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < a.planes(); p++) {
      int plane = xo + p * a.h() * a.w();
      for (int oy = 0; oy < a.oh(); oy++) {
        int h0 = Adaptive.start(oy, a.h(), a.oh());
        int h1 = Adaptive.end(oy, a.h(), a.oh());
        for (int ox = 0; ox < a.ow(); ox++) {
          int o = (p * a.oh() + oy) * a.ow() + ox;
          out[o] = windowMax(xd, plane, a.w(), h0, h1, 1, Adaptive.start(ox, a.w(), a.ow()),
              Adaptive.end(ox, a.w(), a.ow()), 1, idx, o);
        }
      }
    }
    return out;
  }

  /** The first maximum of a window (a later NaN replaces it, as PyTorch); its flat index goes to idx[o]. */
  private static double windowMax(double[] xd, int plane, int w, int hs, int he, int dh, int ws, int we, int dw,
                                  long[] idx, int o) {
    int best = hs * w + ws;
    double max = Double.NEGATIVE_INFINITY;
    for (int ih = hs; ih < he; ih += dh) {
      for (int iw = ws; iw < we; iw += dw) {
        double v = xd[plane + ih * w + iw];
        if (v > max || Double.isNaN(v)) {
          max = v;
          best = ih * w + iw;
        }
      }
    }
    idx[o] = best;
    return max;
  }

  /** Each output gradient added onto the input element its maximum came from. */
  static double[] maxPoolGrad(Tensor grad, long[] idx, int planes, int hw, int l) {
    double[] gd = doublesOf(grad);
    int go = dataOffsetOf(grad);
    double[] gx = new double[planes * hw];
    for (int p = 0; p < planes; p++) {
      for (int i = 0; i < l; i++) {
        gx[p * hw + (int) idx[p * l + i]] += gd[go + p * l + i];
      }
    }
    return gx;
  }

  /** Window sums divided by {@link Pooling#divisor}. */
  static double[] avgPool(Tensor x, Geometry g, boolean countIncludePad) {
    int planes = g.n * g.c;
    int l = g.oh * g.ow;
    double[] out = SizeLimits.allocateDoubles("avgPool2d", g.outShape());
    double[] xd = doublesOf(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < planes; p++) {
      int plane = xo + p * g.h * g.w;
      for (int oh = 0; oh < g.oh; oh++) {
        int hs = Math.max(oh * g.sh - g.ph, 0);
        int he = Math.min(oh * g.sh - g.ph + g.kh, g.h);
        for (int ow = 0; ow < g.ow; ow++) {
          int ws = Math.max(ow * g.sw - g.pw, 0);
          int we = Math.min(ow * g.sw - g.pw + g.kw, g.w);
          double sum = 0;
          for (int ih = hs; ih < he; ih++) {
            for (int iw = ws; iw < we; iw++) {
              sum += xd[plane + ih * g.w + iw];
            }
          }
          out[p * l + oh * g.ow + ow] = sum / Pooling.divisor(g, oh, ow, countIncludePad);
        }
      }
    }
    return out;
  }

  /** The adjoint of {@link #avgPool}. */
  static double[] avgPoolGrad(Tensor gy, Geometry g, boolean countIncludePad) {
    int planes = g.n * g.c;
    int l = g.oh * g.ow;
    int hw = g.h * g.w;
    double[] gx = SizeLimits.allocateDoubles("avgPool2d backward", g.inShape());
    double[] gd = doublesOf(gy);
    int go = dataOffsetOf(gy);
    for (int p = 0; p < planes; p++) {
      int plane = p * hw;
      for (int oh = 0; oh < g.oh; oh++) {
        int hs = Math.max(oh * g.sh - g.ph, 0);
        int he = Math.min(oh * g.sh - g.ph + g.kh, g.h);
        for (int ow = 0; ow < g.ow; ow++) {
          int ws = Math.max(ow * g.sw - g.pw, 0);
          int we = Math.min(ow * g.sw - g.pw + g.kw, g.w);
          double v = gd[go + p * l + oh * g.ow + ow] / Pooling.divisor(g, oh, ow, countIncludePad);
          for (int ih = hs; ih < he; ih++) {
            for (int iw = ws; iw < we; iw++) {
              gx[plane + ih * g.w + iw] += v;
            }
          }
        }
      }
    }
    return gx;
  }

  /** Window sums / kh / kw (PyTorch's order of operations). */
  static double[] adaptiveAvg(Tensor x, Adaptive a) {
    double[] out = SizeLimits.allocateDoubles("adaptive_avg_pool2d", a.outShape());
    double[] xd = doublesOf(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < a.planes(); p++) {
      int plane = xo + p * a.h() * a.w();
      for (int oy = 0; oy < a.oh(); oy++) {
        int h0 = Adaptive.start(oy, a.h(), a.oh());
        int h1 = Adaptive.end(oy, a.h(), a.oh());
        for (int ox = 0; ox < a.ow(); ox++) {
          int w0 = Adaptive.start(ox, a.w(), a.ow());
          int w1 = Adaptive.end(ox, a.w(), a.ow());
          double sum = 0;
          for (int ih = h0; ih < h1; ih++) {
            for (int iw = w0; iw < w1; iw++) {
              sum += xd[plane + ih * a.w() + iw];
            }
          }
          out[(p * a.oh() + oy) * a.ow() + ox] = sum / (h1 - h0) / (w1 - w0);
        }
      }
    }
    return out;
  }

  /** The adjoint of {@link #adaptiveAvg}. */
  static double[] adaptiveAvgGrad(Tensor gy, Adaptive a) {
    double[] gx = SizeLimits.allocateDoubles("adaptive_avg_pool2d backward", a.inShape());
    double[] gd = doublesOf(gy);
    int go = dataOffsetOf(gy);
    for (int p = 0; p < a.planes(); p++) {
      int plane = p * a.h() * a.w();
      for (int oy = 0; oy < a.oh(); oy++) {
        int h0 = Adaptive.start(oy, a.h(), a.oh());
        int h1 = Adaptive.end(oy, a.h(), a.oh());
        for (int ox = 0; ox < a.ow(); ox++) {
          int w0 = Adaptive.start(ox, a.w(), a.ow());
          int w1 = Adaptive.end(ox, a.w(), a.ow());
          double v = gd[go + (p * a.oh() + oy) * a.ow() + ox] / (h1 - h0) / (w1 - w0);
          for (int ih = h0; ih < h1; ih++) {
            for (int iw = w0; iw < w1; iw++) {
              gx[plane + ih * a.w() + iw] += v;
            }
          }
        }
      }
    }
    return gx;
  }
}
