package dev.jgrad.autograd;

import static dev.jgrad.autograd.OpCatalog.op;

import dev.jgrad.autograd.OpCatalog.Entry;
import dev.jgrad.autograd.OpCatalog.Grad;
import java.util.List;

/** Catalogue part: elementwise ops, copies and the in-place fills (PyTorch side: tools/gen_ops_golden.py). */
final class OpCatalogElementwise {
  private OpCatalogElementwise() {}

  private static final String KINK = "the sample sits on a kink or jump on purpose (PyTorch's convention there)";

  static List<Entry> entries() {
    return List.of(
        op("add", "r[2,3] r[3]", in -> in[0].add(in[1])).inplace("add_", in -> in[0].mul(1).add_(in[1])),
        op("add_views", "r[3,2]|t r[1,3]|e[2,3]", in -> in[0].add(in[1]))
            .inplace("add_", in -> in[0].mul(1).add_(in[1])),
        op("add_scalar", "r[2,3]", in -> in[0].add(2.5)).inplace("add_", in -> in[0].mul(1).add_(2.5)),
        op("add_alpha", "r[2,3] r[2,3]", in -> in[0].add(in[1], 2))
            .inplace("add_", in -> in[0].mul(1).add_(in[1], 2)),
        op("add_empty", "r[0,3] r[3]", in -> in[0].add(in[1])),
        op("add_0d", "r[] r[2]", in -> in[0].add(in[1])),
        op("sub", "r[2,3] r[2,1]", in -> in[0].sub(in[1])).inplace("sub_", in -> in[0].mul(1).sub_(in[1])),
        op("sub_scalar", "r[2,3]", in -> in[0].sub(1.5)).inplace("sub_", in -> in[0].mul(1).sub_(1.5)),
        op("rsub", "r[2,3]", in -> in[0].rsub(1.5)),
        op("mul", "r[2,3] r[6]|s(0,0,6,2)", in -> in[0].mul(in[1])).inplace("mul_", in -> in[0].mul(1).mul_(in[1])),
        op("mul_scalar", "r[3,2]|t", in -> in[0].mul(3)).inplace("mul_", in -> in[0].mul(1).mul_(3)),
        op("mul_self", "r[4]", in -> in[0].mul(in[0])),
        op("div", "r[2,3] p[2,3]", in -> in[0].div(in[1])).inplace("div_", in -> in[0].mul(1).div_(in[1])),
        op("div_scalar", "r[2,3]", in -> in[0].div(4)).inplace("div_", in -> in[0].mul(1).div_(4)),
        op("rdiv", "p[2,3]", in -> in[0].rdiv(2)),
        op("pow_scalar", "p[2,3]", in -> in[0].pow(2.5)),
        op("pow_int", "r[2,3]", in -> in[0].pow(3)),
        op("pow_zero", "r[3]", in -> in[0].pow(0)),
        op("pow_neg", "p[4]", in -> in[0].pow(-1.5)),
        op("pow_tensor", "p[2,3] r[2,3]", in -> in[0].pow(in[1])),
        op("pow_base", "r[2,3]", in -> Tensor.pow(2, in[0])),
        op("maximum", "r[2,3] r[3]", in -> in[0].maximum(in[1])),
        op("maximum_ties", "v(1,2,3)[3] v(1,0,3)[3]", in -> in[0].maximum(in[1])).noFd(KINK),
        op("minimum", "r[2,3] r[3]", in -> in[0].minimum(in[1])),
        op("minimum_ties", "v(1,2,3)[3] v(1,0,3)[3]", in -> in[0].minimum(in[1])).noFd(KINK),
        op("eq", "v(1,2,3,2)[2,2] v(2,2)[2]", in -> in[0].eq(in[1])).grad(Grad.NONE),
        op("eq_scalar", "v(1,2,3,2)[2,2]", in -> in[0].eq(2)).grad(Grad.NONE),
        op("ne", "v(1,2,3,2)[2,2] v(2,2)[2]", in -> in[0].ne(in[1])).grad(Grad.NONE),
        op("ne_scalar", "v(1,2,3,2)[2,2]", in -> in[0].ne(2)).grad(Grad.NONE),
        op("gt", "v(1,2,3,2)[2,2] v(2,2)[2]", in -> in[0].gt(in[1])).grad(Grad.NONE),
        op("gt_scalar", "v(1,2,3,2)[2,2]", in -> in[0].gt(2)).grad(Grad.NONE),
        op("ge", "v(1,2,3,2)[2,2] v(2,2)[2]", in -> in[0].ge(in[1])).grad(Grad.NONE),
        op("ge_scalar", "v(1,2,3,2)[2,2]", in -> in[0].ge(2)).grad(Grad.NONE),
        op("lt", "v(1,2,3,2)[2,2] v(2,2)[2]", in -> in[0].lt(in[1])).grad(Grad.NONE),
        op("lt_scalar", "v(1,2,3,2)[2,2]", in -> in[0].lt(2)).grad(Grad.NONE),
        op("le", "v(1,2,3,2)[2,2] v(2,2)[2]", in -> in[0].le(in[1])).grad(Grad.NONE),
        op("le_scalar", "v(1,2,3,2)[2,2]", in -> in[0].le(2)).grad(Grad.NONE),
        op("neg", "r[3,2]|t", in -> in[0].neg()),
        op("reciprocal", "p[2,3]", in -> in[0].reciprocal()),
        op("exp", "r[2,3]", in -> in[0].exp()),
        op("exp_0d", "r[]", in -> in[0].exp()),
        op("exp_empty", "r[0]", in -> in[0].exp()),
        op("expm1", "r[2,3]", in -> in[0].expm1()),
        op("log", "p[2,3]", in -> in[0].log()),
        op("log1p", "p[2,3]", in -> in[0].log1p()),
        op("log2", "p[3]", in -> in[0].log2()),
        op("sqrt", "p[3,2]|t", in -> in[0].sqrt()),
        op("rsqrt", "p[2,3]", in -> in[0].rsqrt()),
        op("abs", "r[2,3]", in -> in[0].abs()),
        op("abs_zero", "v(-1,0,2)[3]", in -> in[0].abs()).noFd(KINK),
        op("sign", "v(-2,0,3)[3]", in -> in[0].sign()).grad(Grad.ZERO).noFd(KINK),
        op("sin", "r[2,3]|s(1,0,3,2)", in -> in[0].sin()),
        op("cos", "r[2,3]", in -> in[0].cos()),
        op("tanh", "r[2,3]", in -> in[0].tanh()),
        op("sigmoid", "r[2,3]", in -> in[0].sigmoid()),
        op("relu", "r[3,4]", in -> in[0].relu()),
        op("relu_zero", "v(-1,0,1)[3]", in -> in[0].relu()).noFd(KINK),
        op("leakyRelu", "r[3,4]", in -> in[0].leakyRelu()),
        op("leakyRelu_slope", "r[3,4]", in -> in[0].leakyRelu(0.2)),
        op("gelu", "r[3,4]", in -> in[0].gelu()),
        op("gelu_tanh", "r[3,4]", in -> in[0].gelu("tanh")),
        op("silu", "r[3,4]", in -> in[0].silu()),
        op("softplus", "r[3,4]", in -> in[0].softplus()),
        op("softplus_beta", "r[3,4]", in -> in[0].softplus(2, 1)),
        op("elu", "r[3,4]", in -> in[0].elu()),
        op("elu_alpha", "r[3,4]", in -> in[0].elu(0.5)),
        op("clamp", "r[3,4]", in -> in[0].clamp(-0.5, 0.5)).inplace("clamp_", in -> in[0].mul(1).clamp_(-0.5, 0.5)),
        op("clamp_bounds", "v(-1,-0.5,0,0.5,1)[5]", in -> in[0].clamp(-0.5, 0.5)).noFd(KINK),
        op("clampMin", "r[3,4]", in -> in[0].clampMin(0.1)),
        op("clampMax", "r[3,4]", in -> in[0].clampMax(0.1)),
        op("where", "b[2,3] r[2,3] r[3]", in -> Tensor.where(in[0], in[1], in[2])),
        op("where_0d", "m(1)[] r[] r[3]", in -> Tensor.where(in[0], in[1], in[2])),
        op("where_scalar", "b[2,3] r[2,3]", in -> Tensor.where(in[0], in[1], 0)),
        op("maskedFill", "r[2,3] b[3]", in -> in[0].maskedFill(in[1], -1)),
        op("floor", "r[3,4]", in -> in[0].floor()).grad(Grad.ZERO),
        op("ceil", "r[3,4]", in -> in[0].ceil()).grad(Grad.ZERO),
        op("round", "v(0.5,1.5,2.5,-0.5,-1.5,0.49)[6]", in -> in[0].round()).grad(Grad.ZERO).noFd(KINK),
        op("erf", "r[3,4]", in -> in[0].erf()),
        op("clone", "r[3,2]|t", in -> in[0].clone()),
        op("contiguous", "r[3,2]|t", in -> in[0].contiguous()),
        op("detach", "r[2,3]", in -> in[0].detach()).grad(Grad.NONE),
        op("to_int", "v(1.5,-2.7,3)[3]", in -> in[0].to(DType.INT64)).grad(Grad.NONE),
        op("to_float", "l(1,-2)[2]", in -> in[0].to(DType.FLOAT32)).grad(Grad.NONE),
        op("fill_", "r[2,3]", in -> in[0].mul(1).fill_(2.5)).grad(Grad.ZERO),
        op("zero_", "r[2,3]", in -> in[0].mul(1).zero_()).grad(Grad.ZERO),
        op("copy_", "r[2,3] r[3]", in -> in[0].mul(1).copy_(in[1])));
  }
}
