package dev.jgrad.autograd;

import static dev.jgrad.autograd.OpCatalog.op;

import dev.jgrad.autograd.OpCatalog.Entry;
import dev.jgrad.autograd.OpCatalog.Grad;
import java.util.ArrayList;
import java.util.List;

/** Catalogue part: reductions and linear algebra (PyTorch side: tools/gen_ops_golden.py). */
final class OpCatalogReductions {
  private OpCatalogReductions() {}

  private static final String TIES = "tied values on purpose (PyTorch's tie conventions); not differentiable there";

  static List<Entry> entries() {
    List<Entry> e = new ArrayList<>();
    e.add(op("sum_all", "r[3,2]|t", in -> in[0].sum()));
    e.add(op("sum_dim", "r[2,3,4]", in -> in[0].sum(1)));
    e.add(op("sum_dim_keep", "r[2,3,4]", in -> in[0].sum(-1, true)));
    e.add(op("sum_dims", "r[2,3,4]", in -> in[0].sum(new int[] {0, 2}, false)));
    e.add(op("sum_empty", "r[0,3]", in -> in[0].sum()));
    e.add(op("sum_int", "l(1,2,3)", in -> in[0].sum()).grad(Grad.NONE));
    e.add(op("mean_all", "r[3,4]", in -> in[0].mean()));
    e.add(op("mean_dim", "r[2,3,4]", in -> in[0].mean(1)));
    e.add(op("mean_dims_keep", "r[2,3,4]", in -> in[0].mean(new int[] {0, -1}, true)));
    for (boolean std : new boolean[] {false, true}) {
      String n = std ? "std" : "var";
      e.add(op(n + "_all", "r[3,4]", in -> std ? in[0].std() : in[0].var()));
      e.add(op(n + "_biased", "r[3,4]", in -> std ? in[0].std(false) : in[0].var(false)));
      e.add(op(n + "_dim", "r[3,4]", in -> std ? in[0].std(1, false) : in[0].var(1, false)));
      e.add(op(n + "_dims_corr", "r[2,3,4]",
          in -> std ? in[0].std(new int[] {0, 2}, 0.0, true) : in[0].var(new int[] {0, 2}, 0.0, true)));
      e.add(op(n + "_dims_unbiased", "r[3,4]",
          in -> std ? in[0].std(new int[] {1}, false, true) : in[0].var(new int[] {1}, false, true)));
      e.add(op(n + "_corr2", "r[5]", in -> std ? in[0].std(null, 2.0, false) : in[0].var(null, 2.0, false)));
      e.add(op(n + "_t", "r[4,3]|t", in -> std ? in[0].std(0, false) : in[0].var(0, false)));
    }
    e.add(op("var_one", "r[1]", in -> in[0].var()).noFd("the unbiased variance of one element is NaN"));
    e.add(op("std_const", "v(2,2,2)[3]", in -> in[0].std()).noFd("std is not differentiable at zero spread"));
    e.add(op("max_all", "r[3,4]", in -> in[0].max()));
    e.add(op("max_ties", "v(1,3,3,2)[4]", in -> in[0].max()).noFd(TIES));
    e.add(op("min_all", "r[3,4]", in -> in[0].min()));
    e.add(op("min_ties", "v(1,-3,-3,2)[4]", in -> in[0].min()).noFd(TIES));
    e.add(op("max_dim", "r[3,4]", in -> in[0].max(1, false)));
    e.add(op("max_dim_keep", "r[3,4]", in -> in[0].max(0, true)));
    e.add(op("max_dim_ties", "v(1,3,3)[3]", in -> in[0].max(0, false)).noFd(TIES));
    e.add(op("min_dim", "r[3,4]|t", in -> in[0].min(-1, false)));
    e.add(op("argmax_all", "r[3,4]", in -> in[0].argmax()).grad(Grad.NONE));
    e.add(op("argmax_dim", "r[3,4]", in -> in[0].argmax(1, true)).grad(Grad.NONE));
    e.add(op("argmax_ties", "v(1,3,3)[3]", in -> in[0].argmax()).grad(Grad.NONE));
    e.add(op("argmin_all", "r[3,4]", in -> in[0].argmin()).grad(Grad.NONE));
    e.add(op("argmin_dim", "r[3,4]", in -> in[0].argmin(0, false)).grad(Grad.NONE));
    e.add(op("logsumexp", "r[3,4]", in -> in[0].logsumexp(1, false)));
    e.add(op("logsumexp_keep", "r[2,3,4]", in -> in[0].logsumexp(new int[] {0, 2}, true)));
    e.add(op("logsumexp_big", "v(-1000,1000,999)[3]", in -> in[0].logsumexp(0, false))
        .noFd("float32 steps near ±1000 are too coarse for a 1e-3 difference quotient"));
    e.add(op("prod_all", "r[3,4]", in -> in[0].prod()));
    e.add(op("prod_dim", "r[3,4]", in -> in[0].prod(1, false)));
    e.add(op("prod_dim_keep", "r[3,4]", in -> in[0].prod(0, true)));
    e.add(op("prod_zero", "v(2,0,3,4)[4]", in -> in[0].prod()));
    e.add(op("prod_zeros2", "v(2,0,3,0)[4]", in -> in[0].prod()));
    e.add(op("prod_zero_dim", "v(2,0,3,4,5,6)[2,3]", in -> in[0].prod(1, false)));
    e.add(op("prod_empty", "r[0]", in -> in[0].prod()));
    e.add(op("norm_2", "r[3,4]", in -> in[0].norm()));
    e.add(op("norm_1", "r[3,4]", in -> in[0].norm(1)));
    e.add(op("norm_inf", "r[3,4]", in -> in[0].norm(Double.POSITIVE_INFINITY)));
    e.add(op("norm_dim", "r[3,4]", in -> in[0].norm(2, 1, false)));
    e.add(op("norm_dims_keep", "r[2,3,4]", in -> in[0].norm(2, new int[] {0, 2}, true)));
    e.add(op("norm_3", "r[3,4]", in -> in[0].norm(3)));
    e.add(op("norm_half", "p[5]", in -> in[0].norm(0.5)));
    e.add(op("norm_zero", "v(0,0,0)[3]", in -> in[0].norm()).noFd("the norm has a kink at the zero vector")
        .noGrad2("the second derivative at the zero vector is undefined: PyTorch returns NaN, jgrad 0"));
    e.add(op("logsumexp_empty", "r[2,0]", in -> in[0].logsumexp(1, false)));
    e.add(op("norm_empty", "r[0]", in -> in[0].norm()));
    e.add(op("prod_dim_one", "r[3,1]", in -> in[0].prod(1, false)));
    e.add(op("cumsum", "r[3,4]", in -> in[0].cumsum(1)));
    e.add(op("cumsum_t", "r[4,3]|t", in -> in[0].cumsum(-2)));
    e.add(op("cumsum_0d", "r[]", in -> in[0].cumsum(0)));
    e.add(op("cumsum_int", "l(1,2,3)[3]", in -> in[0].cumsum(0)).grad(Grad.NONE));
    e.add(op("cumsum_bool", "m(1,0,1)[3]", in -> in[0].cumsum(0)).grad(Grad.NONE));
    e.add(op("norm_inf_ties", "v(1,-3,3,2)[4]", in -> in[0].norm(Double.POSITIVE_INFINITY)).noFd(TIES));

    String batchedView = "batched matmul ends in a view (PyTorch: _unsafe_view, UnsafeViewBackward0)";
    e.add(op("matmul_11", "r[3] r[3]", in -> in[0].matmul(in[1])));
    e.add(op("matmul_22", "r[2,3] r[3,4]", in -> in[0].matmul(in[1])));
    e.add(op("matmul_21", "r[2,3] r[3]", in -> in[0].matmul(in[1])));
    e.add(op("matmul_12", "r[3] r[3,4]", in -> in[0].matmul(in[1]))
        .gradFnDiffers("the 1-D·2-D form squeezes out of place (PyTorch: squeeze_, SqueezeBackward3)"));
    e.add(op("matmul_32", "r[2,2,3] r[3,4]", in -> in[0].matmul(in[1])).gradFnDiffers(batchedView));
    e.add(op("matmul_batched", "r[2,1,2,3] r[3,3,2]", in -> in[0].matmul(in[1])).gradFnDiffers(batchedView));
    e.add(op("matmul_t", "r[3,2]|t r[4,3]|t", in -> in[0].matmul(in[1])));
    e.add(op("matmul_empty", "r[0,3] r[3,2]", in -> in[0].matmul(in[1])));
    e.add(op("matmul_one", "r[1,1] r[1]", in -> in[0].matmul(in[1])));
    e.add(op("mm", "r[2,3] r[3,4]", in -> in[0].mm(in[1])));
    e.add(op("mm_t", "r[3,2]|t r[3,4]", in -> in[0].mm(in[1])));
    e.add(op("bmm", "r[2,2,3] r[2,3,4]", in -> in[0].bmm(in[1])));
    e.add(op("dot", "r[4] r[4]", in -> in[0].dot(in[1])));
    e.add(op("mv", "r[2,3] r[3]", in -> in[0].mv(in[1])));
    e.add(op("outer", "r[3] r[4]", in -> in[0].outer(in[1])));
    e.add(op("t", "r[2,3]", in -> in[0].t()));
    e.add(op("t_1d", "r[3]", in -> in[0].t()));
    e.add(op("transpose", "r[2,3,4]", in -> in[0].transpose(0, 2)));
    return e;
  }
}
