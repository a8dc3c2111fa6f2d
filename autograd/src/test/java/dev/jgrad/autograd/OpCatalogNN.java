package dev.jgrad.autograd;

import static dev.jgrad.autograd.OpCatalog.op;

import dev.jgrad.autograd.OpCatalog.Entry;
import java.util.List;

/** Catalogue part: neural-network building blocks (PyTorch side: tools/gen_ops_golden.py). */
final class OpCatalogNN {
  private OpCatalogNN() {}

  private static final int[] ONE = {1, 1};
  private static final int[] ZERO = {0, 0};
  private static final String PAD = "the padding row gets no gradient by definition, though the output uses it";

  static List<Entry> entries() {
    return List.of(
        op("softmax", "r[3,4]", in -> in[0].softmax(1)),
        op("softmax_dim0", "r[3,4]", in -> in[0].softmax(0)),
        op("softmax_big", "v(-1000,0,1000,999)[4]", in -> in[0].softmax(0))
            .noFd("float32 steps near ±1000 are too coarse for a 1e-3 difference quotient"),
        op("logSoftmax", "r[3,4]", in -> in[0].logSoftmax(-1)),
        op("logSoftmax_big", "v(-1000,0,1000,999)[4]", in -> in[0].logSoftmax(0))
            .noFd("float32 steps near ±1000 are too coarse for a 1e-3 difference quotient"),
        // The generator is created inside the call so every evaluation (finite differences too) draws one mask.
        op("dropout", "r[4,5]", in -> in[0].dropout(0.5, true, new Generator(1234))),
        op("dropout_p02", "r[40]", in -> in[0].dropout(0.2, true, new Generator(7))),
        op("dropout_eval", "r[3]", in -> in[0].dropout(0.5, false, new Generator(1234))),
        op("dropout_p1", "r[3]", in -> in[0].dropout(1.0, true, new Generator(1234))),
        op("glu", "r[3,4]", in -> in[0].glu(-1)),
        op("glu_dim0", "r[4,2,3]|T(0,1)", in -> in[0].glu(0)),
        op("prelu", "r[2,3,4] r[3]", in -> in[0].prelu(in[1])),
        op("prelu_one", "r[2,3] r[1]", in -> in[0].prelu(in[1])),
        op("prelu_1d", "r[5] r[1]", in -> in[0].prelu(in[1])),
        op("rrelu", "r[3,4]", in -> in[0].rrelu(0.1, 0.3, false, new Generator(5))),
        // Seeded inside the call, like dropout: every evaluation draws the same slopes.
        op("rrelu_train", "r[4,5]", in -> in[0].rrelu(0.1, 0.3, true, new Generator(5))),
        op("linear", "r[2,3] r[4,3] r[4]", in -> in[0].linear(in[1], in[2])),
        op("linear_nobias", "r[2,3] r[4,3]", in -> in[0].linear(in[1], null)),
        op("linear_3d", "r[2,2,3] r[4,3] r[4]", in -> in[0].linear(in[1], in[2])),
        op("linear_3d_nc", "r[2,2,3]|T(0,1) r[4,3] r[4]", in -> in[0].linear(in[1], in[2])),
        op("linear_1d", "r[3] r[4,3] r[4]", in -> in[0].linear(in[1], in[2])),
        op("conv2d", "r[2,3,5,5] r[4,3,3,3] r[4]", in -> in[0].conv2d(in[1], in[2])).tol(1e-5, 2e-5),
        op("conv2d_nobias", "r[1,2,4,4] r[3,2,2,2]", in -> in[0].conv2d(in[1], null)),
        op("conv2d_stride_pad", "r[1,2,6,5] r[3,2,3,2] r[3]",
            in -> in[0].conv2d(in[1], in[2], new int[] {2, 1}, new int[] {1, 2}, ONE, 1)),
        op("conv2d_dilation", "r[1,2,7,7] r[2,2,3,3]", in -> in[0].conv2d(in[1], null, ONE, ONE, new int[] {2, 2}, 1)),
        op("conv2d_groups", "r[2,4,5,5] r[6,2,3,3] r[6]", in -> in[0].conv2d(in[1], in[2], ONE, ZERO, ONE, 2)),
        op("conv2d_1x1", "r[2,3,4,4] r[5,3,1,1]", in -> in[0].conv2d(in[1], null, 1, 0)),
        op("conv2d_unbatched", "r[3,5,5] r[2,3,3,3] r[2]", in -> in[0].conv2d(in[1], in[2])),
        op("conv2d_nc", "r[2,5,5,3]|P(0,3,1,2) r[4,3,3,3]", in -> in[0].conv2d(in[1], null)),
        op("maxPool2d", "r[2,3,6,6]", in -> in[0].maxPool2d(2)),
        op("maxPool2d_full", "r[1,2,7,7]",
            in -> in[0].maxPool2d(new int[] {3, 2}, new int[] {2, 1}, ONE, new int[] {1, 2})),
        op("maxPool2d_unbatched", "r[2,5,5]", in -> in[0].maxPool2d(new int[] {3, 3}, new int[] {2, 2}, ONE, ONE)),
        op("avgPool2d", "r[2,3,6,6]", in -> in[0].avgPool2d(2)),
        op("avgPool2d_pad", "r[1,2,5,5]", in -> in[0].avgPool2d(new int[] {3, 3}, new int[] {2, 2}, ONE, true)),
        op("avgPool2d_nopad", "r[1,2,5,5]", in -> in[0].avgPool2d(new int[] {3, 3}, new int[] {2, 2}, ONE, false)),
        op("avgPool2d_unbatched", "r[2,4,4]", in -> in[0].avgPool2d(2)),
        op("layerNorm", "r[3,4] r[4] r[4]", in -> in[0].layerNorm(new int[] {4}, in[1], in[2], 1e-5)),
        op("layerNorm_noaffine", "r[2,3,4]", in -> in[0].layerNorm(new int[] {3, 4}, null, null, 1e-5)),
        op("layerNorm_eps", "r[2,5] r[5] n[5]", in -> in[0].layerNorm(new int[] {5}, in[1], in[2], 1e-3)),
        op("embedding", "l(1,3,1,0)[2,2] r[4,3]", in -> Tensor.embedding(in[0], in[1])),
        op("embedding_pad", "l(1,2,1,0) r[4,3]", in -> Tensor.embedding(in[0], in[1], 1)).noFd(PAD),
        op("embedding_negpad", "l(3,2,3,0) r[4,3]", in -> Tensor.embedding(in[0], in[1], -1)).noFd(PAD),
        op("batchNorm", "r[4,3] r[3] r[3]", in -> in[0].batchNorm(in[1], in[2], null, null, true, 0.1, 1e-5)),
        op("batchNorm_4d", "r[2,3,2,2] r[3] r[3]", in -> in[0].batchNorm(in[1], in[2], null, null, true, 0.1, 1e-5)),
        op("batchNorm_noaffine", "r[3,2,4]", in -> in[0].batchNorm(null, null, null, null, true, 0.1, 1e-3)),
        op("batchNorm_eval", "r[3,2,2] r[2] r[2] c(0.5,-1) c(2,0.25)",
            in -> in[0].batchNorm(in[1], in[2], in[3], in[4], false, 0.1, 1e-5)),
        op("groupNorm", "r[2,4,3] r[4] r[4]", in -> in[0].groupNorm(2, in[1], in[2], 1e-5)),
        op("groupNorm_4d", "r[2,6,2,2] r[6] r[6]", in -> in[0].groupNorm(3, in[1], in[2], 1e-3)),
        op("groupNorm_noaffine", "r[3,4]", in -> in[0].groupNorm(1, null, null, 1e-5)),
        // sizes 0 and 1
        op("conv2d_empty_batch", "r[0,2,4,4] r[3,2,2,2] r[3]", in -> in[0].conv2d(in[1], in[2])),
        op("maxPool2d_empty_batch", "r[0,2,4,4]", in -> in[0].maxPool2d(2)),
        op("softmax_0d", "r[]", in -> in[0].softmax(0)),
        // One element per row: the output is the bias and dx is 0 up to rounding amplified by rstd = 1/sqrt(eps).
        op("layerNorm_one", "r[3,1] r[1] r[1]", in -> in[0].layerNorm(new int[] {1}, in[1], in[2], 1e-5))
            .gradTol(1e-5, 1e-4).noFd("rstd = 1/sqrt(eps) makes the difference quotient pure rounding noise"),
        op("embedding_0d", "l(2)[] r[4,3]", in -> Tensor.embedding(in[0], in[1])));
  }
}
