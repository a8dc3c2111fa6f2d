package dev.jgrad.autograd;

import static dev.jgrad.autograd.OpCatalog.op;

import dev.jgrad.autograd.OpCatalog.Entry;
import dev.jgrad.autograd.OpCatalog.Grad;
import java.util.List;

/** Catalogue part: shape, movement and indexing ops (PyTorch side: tools/gen_ops_golden.py). */
final class OpCatalogShapes {
  private OpCatalogShapes() {}

  static List<Entry> entries() {
    return List.of(
        op("reshape", "r[2,3]", in -> in[0].reshape(3, 2)),
        op("reshape_copy", "r[3,2]|t", in -> in[0].reshape(6)),
        op("view", "r[2,3]", in -> in[0].view(-1)),
        op("flatten", "r[2,3,4]", in -> in[0].flatten()),
        op("flatten_range", "r[2,3,4]", in -> in[0].flatten(1, 2)),
        op("unflatten", "r[2,6]", in -> in[0].unflatten(1, 2, 3)),
        op("unflatten_infer", "r[2,6]", in -> in[0].unflatten(1, -1, 3)),
        op("permute", "r[2,3,4]", in -> in[0].permute(2, 0, 1)),
        op("unsqueeze", "r[2,3]", in -> in[0].unsqueeze(-1)),
        op("squeeze", "r[2,1,3,1]", in -> in[0].squeeze()),
        op("squeeze_dim", "r[2,1,3,1]", in -> in[0].squeeze(1)),
        op("expand", "r[3,1]", in -> in[0].expand(2, 3, 4)),
        op("expandAs", "r[3,1] n[2,3,4]", in -> in[0].expandAs(in[1])),
        op("repeat", "r[2,3]", in -> in[0].repeat(2, 1, 2)),
        op("repeat_t", "r[3,2]|t", in -> in[0].repeat(1, 2)),
        op("narrow", "r[4,3]", in -> in[0].narrow(0, 1, 2)),
        op("select", "r[4,3]", in -> in[0].select(1, -1)),
        op("slice", "r[4,6]", in -> in[0].slice(1, 1, 5, 2)),
        op("slice_neg", "r[6]", in -> in[0].slice(0, -4, -1, 1)),
        op("flip", "r[2,3,4]", in -> in[0].flip(0, 2)),
        op("flip_t", "r[3,2]|t", in -> in[0].flip(-1)),
        op("cat", "r[2,3] r[1,3]", in -> Tensor.cat(List.of(in[0], in[1]), 0)),
        op("cat_dim1", "r[2,3] r[2,1]", in -> Tensor.cat(List.of(in[0], in[1]), -1)),
        op("cat_three", "r[2] r[3,2]|t|s(0,0,1,1) r[1]",
            in -> Tensor.cat(List.of(in[0], in[1].reshape(-1), in[2]), 0)),
        op("cat_legacy_empty", "r[2,3] r[0]", in -> Tensor.cat(List.of(in[0], in[1]), 0)),
        op("stack", "r[2,3] r[2,3]", in -> Tensor.stack(List.of(in[0], in[1]), 1)),
        op("stack_neg", "r[2,3] r[3,2]|t", in -> Tensor.stack(List.of(in[0], in[1]), -1)),
        op("split", "r[5,2]", in -> in[0].split(2, 0)),
        op("split_sizes", "r[2,5]", in -> in[0].split(new int[] {1, 4}, 1)),
        op("chunk", "r[2,5]", in -> in[0].chunk(2, 1)),
        op("chunk_uneven", "r[6]", in -> in[0].chunk(4, 0)),
        op("gather", "r[3,4] l(0,3,1,1,2,0)[3,2]", in -> in[0].gather(1, in[1])),
        op("gather_dim0", "r[3,4] l(2,0,1,1)[1,4]", in -> in[0].gather(0, in[1])),
        op("scatterAdd", "r[3,4] l(0,2,0,1,0,0,1,2)[2,4] r[2,4]", in -> in[0].scatterAdd(0, in[1], in[2])),
        op("indexSelect", "r[4,3] l(2,0,2)", in -> in[0].indexSelect(0, in[1])),
        op("indexSelect_dim1", "r[3,4]|t l(1,1)", in -> in[0].indexSelect(1, in[1])),
        op("maskedSelect", "r[3,4] m(1,0,0,1)", in -> in[0].maskedSelect(in[1])),
        op("oneHot", "l(0,2,1,2)", in -> in[0].oneHot(-1)).grad(Grad.NONE),
        op("oneHot_n", "l(0,2,1)[3]", in -> in[0].oneHot(4)).grad(Grad.NONE),
        op("pad", "r[2,3]", in -> in[0].pad(1, 2)),
        op("pad_2d", "r[1,2,3]", in -> in[0].pad(new int[] {1, 0, 0, 2}, 0.5)),
        op("pad_neg", "r[2,5]", in -> in[0].pad(-1, 2)),
        // sizes 0 and 1
        op("indexSelect_empty", "r[3,2] l()[0]", in -> in[0].indexSelect(0, in[1])),
        op("repeat_0d", "r[]", in -> in[0].repeat(2, 3)),
        op("pad_empty", "r[0,3]", in -> in[0].pad(1, 1)),
        op("stack_0d", "r[] r[]", in -> Tensor.stack(List.of(in[0], in[1]), 0)),
        op("gather_empty", "r[2,3] l()[2,0]", in -> in[0].gather(1, in[1])),
        op("split_one", "r[1]", in -> in[0].split(1, 0)));
  }
}
