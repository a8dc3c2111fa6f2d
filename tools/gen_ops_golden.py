#!/usr/bin/python3
"""Golden values for jgrad's op catalogue (autograd/src/test/java/dev/jgrad/autograd/OpCatalog*.java).

Run from the repository root with Debian's PyTorch:  /usr/bin/python3 tools/gen_ops_golden.py
Writes autograd/src/test/resources/golden/ops/ops.txt (and higher_order.txt).

Every case has an id, input specs and a torch function. The Java catalogue lists the same ids with the same
specs and the jgrad function; OpCatalogTest checks that both lists agree, so neither can drift silently.

Input spec grammar (parsed identically by OpCatalogSpec.java):
  base   r[2,3]        randn float32, requires grad      n[2,3]   randn float32, constant
         p[2,3]        uniform(0.5, 2) float32, requires grad (for log, sqrt, ...)
         i0:5[2,3]     int64 uniform in [0, 5)           b[2,3]   bool, P(true) = 1/2
         v(1,2,3)[3]   explicit float32, requires grad   c(1,2)[2] explicit float32, constant
         l(0,2)[2]     explicit int64                    m(1,0)[2] explicit bool
         ([] is a 0-dim tensor; the shape may be omitted after an explicit list: 1-D)
  views  |t  transpose(-2, -1)   |T(a,b)  transpose(a, b)   |s(d,start,end,step)  slice   |e[4,2,3]  expand
         |P(2,0,1)  permute
The base tensor is the leaf; the views make non-contiguous inputs. Gradients are recorded for the leaves.

For each case the fixture holds the exact float32 inputs (%.9g round-trips float32), every output, the grad_fn
name, fixed random weights w_k, the gradients of L = sum_k sum(out_k * w_k) for every leaf that requires grad,
weights u_i and the second-order gradients of L2 = sum_i sum(dL/dleaf_i * u_i) (from create_graph=True).
Error cases hold torch's exception type and message, so the Java test can check that its expected phrase is
really PyTorch's.
"""
import math
import os
import re
import sys
import zlib

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'autograd', 'src', 'test', 'resources', 'golden', 'ops')

CASES = []
ERRORS = []


def case(cid, specs, fn):
    CASES.append((cid, specs, fn))


def err(cid, specs, fn):
    ERRORS.append((cid, specs, fn))


# ----------------------------------------------------------------------------- input specs

BASE = re.compile(r'^(r|n|p|b|i-?\d+:-?\d+)(\[[-\d,]*\])$|^([vclm])\(([^)]*)\)(\[[\d,]*\])?$')


def shape_of(text):
    inner = text[1:-1]
    return [int(s) for s in inner.split(',')] if inner else []


def make_input(spec, gen):
    parts = spec.split('|')
    m = BASE.match(parts[0])
    if not m:
        raise ValueError('bad spec ' + spec)
    grad = False
    if m.group(1):
        kind, shape = m.group(1), shape_of(m.group(2))
        if kind == 'r' or kind == 'n':
            base = torch.randn(shape, generator=gen)
            grad = kind == 'r'
        elif kind == 'p':
            base = torch.rand(shape, generator=gen) * 1.5 + 0.5
            grad = True
        elif kind == 'b':
            base = torch.rand(shape, generator=gen) < 0.5
        else:
            lo, hi = (int(s) for s in kind[1:].split(':'))
            base = torch.randint(lo, hi, shape, generator=gen)
    else:
        kind, values = m.group(3), [float(s) for s in m.group(4).split(',') if s]
        shape = shape_of(m.group(5)) if m.group(5) else [len(values)]
        if kind in 'vc':
            base = torch.tensor(values, dtype=torch.float32).reshape(shape)
            grad = kind == 'v'
        elif kind == 'l':
            base = torch.tensor([int(v) for v in values], dtype=torch.int64).reshape(shape)
        else:
            base = torch.tensor([v != 0 for v in values], dtype=torch.bool).reshape(shape)
    leaf = base.clone().requires_grad_(grad)
    x = leaf
    for mod in parts[1:]:
        if mod == 't':
            x = x.transpose(-2, -1)
        elif mod.startswith('T('):
            a, b = (int(s) for s in mod[2:-1].split(','))
            x = x.transpose(a, b)
        elif mod.startswith('s('):
            d, start, end, step = (int(s) for s in mod[2:-1].split(','))
            x = x[(slice(None),) * (d % x.dim()) + (slice(start, end, step),)]
        elif mod.startswith('e['):
            x = x.expand(shape_of(mod[1:]))
        elif mod.startswith('P('):
            x = x.permute(*[int(s) for s in mod[2:-1].split(',')])
        else:
            raise ValueError('bad view ' + mod + ' in ' + spec)
    return leaf, x


def inputs_for(cid, specs):
    gen = torch.Generator().manual_seed(zlib.crc32(cid.encode()))
    leaves, xs = [], []
    for spec in specs.split():
        leaf, x = make_input(spec, gen)
        leaves.append(leaf)
        xs.append(x)
    return gen, leaves, xs


# ----------------------------------------------------------------------------- fixture writing

def fmt(v):
    if isinstance(v, bool):
        return '1' if v else '0'
    if isinstance(v, int):
        return str(v)
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return '%.9g' % v


def dtype_name(t):
    return {torch.float32: 'float32', torch.int64: 'int64', torch.bool: 'bool'}[t.dtype]


def tensor_text(t):
    t = t.detach()
    if t._is_zerotensor():
        # torch 1.13 returns lazy "efficient zero tensors" from some double-backward rules.
        t = torch.zeros(t.shape, dtype=t.dtype)
    vals = t.reshape(-1).tolist()
    shape = '[' + ','.join(str(s) for s in t.shape) + ']'
    return dtype_name(t) + ' ' + shape + (' ' + ' '.join(fmt(v) for v in vals) if vals else '')


def outputs_of(result):
    if isinstance(result, torch.Tensor):
        return [result]
    out = []
    for r in result:
        out.extend(outputs_of(r))
    return out


def run_case(cid, specs, fn, lines):
    gen, leaves, xs = inputs_for(cid, specs)
    outs = outputs_of(fn(*xs))
    lines.append('case ' + cid)
    for k, (spec, leaf) in enumerate(zip(specs.split(), leaves)):
        lines.append('in %d %s %s' % (k, spec, tensor_text(leaf)))
    for k, o in enumerate(outs):
        lines.append('out %d %s' % (k, tensor_text(o)))
    first = outs[0] if outs else None
    lines.append('gradfn ' + (type(first.grad_fn).__name__ if first is not None and first.grad_fn is not None
                              else '-'))
    diff = [o for o in outs if o.dtype == torch.float32 and o.requires_grad]
    grad_idx = [k for k, leaf in enumerate(leaves) if leaf.requires_grad]
    grad_leaves = [leaves[k] for k in grad_idx]
    if not diff or not grad_leaves:
        lines.append('end')
        return
    loss = torch.zeros(())
    for k, o in enumerate(outs):
        if o.dtype == torch.float32 and o.requires_grad:
            w = torch.randn(o.shape, generator=gen)
            lines.append('w %d %s' % (k, tensor_text(w)))
            loss = loss + (o * w).sum()
    try:
        grads = torch.autograd.grad(loss, grad_leaves, allow_unused=True, create_graph=True)
    except RuntimeError as e:
        # e.g. torch 1.13's VarBackward0 on a one-element input returns a wrongly shaped gradient.
        lines.append('grad unsupported ' + str(e).split('\n')[0])
        lines.append('end')
        return
    for k, g in zip(grad_idx, grads):
        lines.append('grad %d %s' % (k, tensor_text(g) if g is not None else 'none'))
    loss2 = torch.zeros(())
    any_graph = False
    for k, leaf, g in zip(grad_idx, grad_leaves, grads):
        u = torch.randn(leaf.shape, generator=gen)
        lines.append('u %d %s' % (k, tensor_text(u)))
        if g is not None and g.requires_grad:
            loss2 = loss2 + (g * u).sum()
            any_graph = True
    try:
        grads2 = torch.autograd.grad(loss2, grad_leaves, allow_unused=True) if any_graph else [None] * len(grad_leaves)
        for k, g2 in zip(grad_idx, grads2):
            lines.append('grad2 %d %s' % (k, tensor_text(g2) if g2 is not None else 'none'))
    except RuntimeError as e:
        lines.append('grad2 unsupported ' + str(e).split('\n')[0])
    lines.append('end')


def run_error(cid, specs, fn, lines):
    _, _, xs = inputs_for(cid, specs)
    try:
        fn(*xs)
    except Exception as e:  # noqa: BLE001 - any torch exception is the golden
        lines.append('error ' + cid)
        for k, spec in enumerate(specs.split()):
            lines.append('in %d %s' % (k, spec))
        lines.append('type ' + type(e).__name__)
        lines.append('msg ' + str(e).split('\n')[0])
        lines.append('end')
        return
    raise AssertionError('error case ' + cid + ' did not raise')


INF = float('inf')

# ============================================================================= elementwise

case('add', 'r[2,3] r[3]', lambda a, b: a + b)
case('add_views', 'r[3,2]|t r[1,3]|e[2,3]', lambda a, b: a + b)
case('add_scalar', 'r[2,3]', lambda a: a + 2.5)
case('add_alpha', 'r[2,3] r[2,3]', lambda a, b: torch.add(a, b, alpha=2))
case('add_empty', 'r[0,3] r[3]', lambda a, b: a + b)
case('add_0d', 'r[] r[2]', lambda a, b: a + b)
case('sub', 'r[2,3] r[2,1]', lambda a, b: a - b)
case('sub_scalar', 'r[2,3]', lambda a: a - 1.5)
case('rsub', 'r[2,3]', lambda a: 1.5 - a)
case('mul', 'r[2,3] r[6]|s(0,0,6,2)', lambda a, b: a * b)
case('mul_scalar', 'r[3,2]|t', lambda a: a * 3)
case('mul_self', 'r[4]', lambda a: a * a)
case('div', 'r[2,3] p[2,3]', lambda a, b: a / b)
case('div_scalar', 'r[2,3]', lambda a: a / 4)
case('rdiv', 'p[2,3]', lambda a: 2 / a)
case('pow_scalar', 'p[2,3]', lambda a: a ** 2.5)
case('pow_int', 'r[2,3]', lambda a: a ** 3)
case('pow_zero', 'r[3]', lambda a: a ** 0)
case('pow_neg', 'p[4]', lambda a: a ** -1.5)
case('pow_tensor', 'p[2,3] r[2,3]', lambda a, b: a ** b)
case('pow_base', 'r[2,3]', lambda a: torch.pow(2, a))
case('maximum', 'r[2,3] r[3]', torch.maximum)
case('maximum_ties', 'v(1,2,3)[3] v(1,0,3)[3]', torch.maximum)
case('minimum', 'r[2,3] r[3]', torch.minimum)
case('minimum_ties', 'v(1,2,3)[3] v(1,0,3)[3]', torch.minimum)
case('eq', 'v(1,2,3,2)[2,2] v(2,2)[2]', torch.eq)
case('eq_scalar', 'v(1,2,3,2)[2,2]', lambda a: a.eq(2))
case('ne', 'v(1,2,3,2)[2,2] v(2,2)[2]', torch.ne)
case('ne_scalar', 'v(1,2,3,2)[2,2]', lambda a: a.ne(2))
case('gt', 'v(1,2,3,2)[2,2] v(2,2)[2]', torch.gt)
case('gt_scalar', 'v(1,2,3,2)[2,2]', lambda a: a.gt(2))
case('ge', 'v(1,2,3,2)[2,2] v(2,2)[2]', torch.ge)
case('ge_scalar', 'v(1,2,3,2)[2,2]', lambda a: a.ge(2))
case('lt', 'v(1,2,3,2)[2,2] v(2,2)[2]', torch.lt)
case('lt_scalar', 'v(1,2,3,2)[2,2]', lambda a: a.lt(2))
case('le', 'v(1,2,3,2)[2,2] v(2,2)[2]', torch.le)
case('le_scalar', 'v(1,2,3,2)[2,2]', lambda a: a.le(2))
case('neg', 'r[3,2]|t', torch.neg)
case('reciprocal', 'p[2,3]', torch.reciprocal)
case('exp', 'r[2,3]', torch.exp)
case('exp_0d', 'r[]', torch.exp)
case('exp_empty', 'r[0]', torch.exp)
case('expm1', 'r[2,3]', torch.expm1)
case('log', 'p[2,3]', torch.log)
case('log1p', 'p[2,3]', torch.log1p)
case('log2', 'p[3]', torch.log2)
case('sqrt', 'p[3,2]|t', torch.sqrt)
case('rsqrt', 'p[2,3]', torch.rsqrt)
case('abs', 'r[2,3]', torch.abs)
case('abs_zero', 'v(-1,0,2)[3]', torch.abs)
case('sign', 'v(-2,0,3)[3]', torch.sign)
case('sin', 'r[2,3]|s(1,0,3,2)', torch.sin)
case('cos', 'r[2,3]', torch.cos)
case('tanh', 'r[2,3]', torch.tanh)
case('sigmoid', 'r[2,3]', torch.sigmoid)
case('relu', 'r[3,4]', torch.relu)
case('relu_zero', 'v(-1,0,1)[3]', torch.relu)
case('leakyRelu', 'r[3,4]', F.leaky_relu)
case('leakyRelu_slope', 'r[3,4]', lambda a: F.leaky_relu(a, 0.2))
case('gelu', 'r[3,4]', F.gelu)
case('gelu_tanh', 'r[3,4]', lambda a: F.gelu(a, approximate='tanh'))
case('silu', 'r[3,4]', F.silu)
case('softplus', 'r[3,4]', F.softplus)
case('softplus_beta', 'r[3,4]', lambda a: F.softplus(a, 2, 1))
case('elu', 'r[3,4]', F.elu)
case('elu_alpha', 'r[3,4]', lambda a: F.elu(a, 0.5))
case('celu', 'r[3,4]', lambda a: F.celu(a, 1.0))
case('celu_alpha', 'r[3,4]', lambda a: F.celu(a, 0.5))
case('selu', 'r[3,4]', F.selu)
case('selu_big', 'v(-20,-1,0,1,20)[5]', F.selu)
case('hardtanh', 'r[3,4]', lambda a: F.hardtanh(a, -0.5, 0.8))
case('hardtanh_bounds', 'v(-2,-1,-0.5,0,1,2)[6]', lambda a: F.hardtanh(a, -1, 1))
case('threshold', 'r[3,4]', lambda a: F.threshold(a, 0.1, 20))
case('threshold_at', 'v(-1,0.5,2)[3]', lambda a: F.threshold(a, 0.5, -3))
case('hardsigmoid', 'r[3,4]', F.hardsigmoid)
case('hardsigmoid_kinks', 'v(-4,-3,-1,0,2,3,4)[7]', F.hardsigmoid)
case('hardswish', 'r[3,4]', F.hardswish)
case('hardswish_kinks', 'v(-4,-3,-1,0,2,3,4)[7]', F.hardswish)
case('mish', 'r[3,4]', F.mish)
case('mish_big', 'v(-30,-5,0,5,30)[5]', F.mish)
case('logSigmoid', 'r[3,4]', F.logsigmoid)
case('logSigmoid_big', 'v(-100,-1,0,1,100)[5]', F.logsigmoid)
case('clamp', 'r[3,4]', lambda a: a.clamp(-0.5, 0.5))
case('clamp_bounds', 'v(-1,-0.5,0,0.5,1)[5]', lambda a: a.clamp(-0.5, 0.5))
case('clampMin', 'r[3,4]', lambda a: a.clamp_min(0.1))
case('clampMax', 'r[3,4]', lambda a: a.clamp_max(0.1))
case('where', 'b[2,3] r[2,3] r[3]', torch.where)
case('where_scalar', 'b[2,3] r[2,3]', lambda c, a: torch.where(c, a, 0.))
case('maskedFill', 'r[2,3] b[3]', lambda a, m: a.masked_fill(m, -1.))
case('floor', 'r[3,4]', torch.floor)
case('ceil', 'r[3,4]', torch.ceil)
case('round', 'v(0.5,1.5,2.5,-0.5,-1.5,0.49)[6]', torch.round)
case('erf', 'r[3,4]', torch.erf)
case('clone', 'r[3,2]|t', torch.clone)
case('contiguous', 'r[3,2]|t', lambda a: a.contiguous())
case('detach', 'r[2,3]', lambda a: a.detach())
case('to_int', 'v(1.5,-2.7,3)[3]', lambda a: a.to(torch.int64))
case('to_float', 'l(1,-2)[2]', lambda a: a.to(torch.float32))
case('fill_', 'r[2,3]', lambda a: a.mul(1).fill_(2.5))
case('zero_', 'r[2,3]', lambda a: a.mul(1).zero_())
case('copy_', 'r[2,3] r[3]', lambda a, b: a.mul(1).copy_(b))

# ============================================================================= reductions

case('sum_all', 'r[3,2]|t', torch.sum)
case('sum_dim', 'r[2,3,4]', lambda a: a.sum(1))
case('sum_dim_keep', 'r[2,3,4]', lambda a: a.sum(-1, keepdim=True))
case('sum_dims', 'r[2,3,4]', lambda a: a.sum((0, 2)))
case('sum_empty', 'r[0,3]', torch.sum)
case('sum_int', 'l(1,2,3)', torch.sum)
case('mean_all', 'r[3,4]', torch.mean)
case('mean_dim', 'r[2,3,4]', lambda a: a.mean(1))
case('mean_dims_keep', 'r[2,3,4]', lambda a: a.mean((0, -1), keepdim=True))
for name, f in (('var', torch.var), ('std', torch.std)):
    case(name + '_all', 'r[3,4]', lambda a, f=f: f(a))
    case(name + '_biased', 'r[3,4]', lambda a, f=f: f(a, unbiased=False))
    case(name + '_dim', 'r[3,4]', lambda a, f=f: f(a, 1))
    case(name + '_dims_corr', 'r[2,3,4]', lambda a, f=f: f(a, (0, 2), correction=0, keepdim=True))
    case(name + '_dims_unbiased', 'r[3,4]', lambda a, f=f: f(a, [1], unbiased=False, keepdim=True))
    case(name + '_corr2', 'r[5]', lambda a, f=f: f(a, None, correction=2))
    case(name + '_t', 'r[4,3]|t', lambda a, f=f: f(a, 0))
case('var_one', 'r[1]', torch.var)
case('std_const', 'v(2,2,2)[3]', torch.std)
case('max_all', 'r[3,4]', torch.max)
case('max_ties', 'v(1,3,3,2)[4]', torch.max)
case('min_all', 'r[3,4]', torch.min)
case('min_ties', 'v(1,-3,-3,2)[4]', torch.min)
case('max_dim', 'r[3,4]', lambda a: a.max(1))
case('max_dim_keep', 'r[3,4]', lambda a: a.max(0, keepdim=True))
case('max_dim_ties', 'v(1,3,3)[3]', lambda a: a.max(0))
case('min_dim', 'r[3,4]|t', lambda a: a.min(-1))
case('argmax_all', 'r[3,4]', torch.argmax)
case('argmax_dim', 'r[3,4]', lambda a: a.argmax(1, keepdim=True))
case('argmax_ties', 'v(1,3,3)[3]', torch.argmax)
case('argmin_all', 'r[3,4]', torch.argmin)
case('argmin_dim', 'r[3,4]', lambda a: a.argmin(0))
case('logsumexp', 'r[3,4]', lambda a: a.logsumexp(1))
case('logsumexp_keep', 'r[2,3,4]', lambda a: a.logsumexp((0, 2), keepdim=True))
case('logsumexp_big', 'v(-1000,1000,999)[3]', lambda a: a.logsumexp(0))
case('prod_all', 'r[3,4]', torch.prod)
case('prod_dim', 'r[3,4]', lambda a: a.prod(1))
case('prod_dim_keep', 'r[3,4]', lambda a: a.prod(0, keepdim=True))
case('prod_zero', 'v(2,0,3,4)[4]', torch.prod)
case('prod_zeros2', 'v(2,0,3,0)[4]', torch.prod)
case('prod_zero_dim', 'v(2,0,3,4,5,6)[2,3]', lambda a: a.prod(1))
case('prod_empty', 'r[0]', torch.prod)
case('norm_2', 'r[3,4]', torch.norm)
case('norm_1', 'r[3,4]', lambda a: a.norm(1))
case('norm_inf', 'r[3,4]', lambda a: a.norm(INF))
case('norm_dim', 'r[3,4]', lambda a: a.norm(2, dim=1))
case('norm_dims_keep', 'r[2,3,4]', lambda a: a.norm(2, dim=(0, 2), keepdim=True))
case('norm_3', 'r[3,4]', lambda a: a.norm(3))
case('norm_half', 'p[5]', lambda a: a.norm(0.5))
case('norm_zero', 'v(0,0,0)[3]', torch.norm)
case('norm_inf_ties', 'v(1,-3,3,2)[4]', lambda a: a.norm(INF))

# ============================================================================= linear algebra

case('matmul_11', 'r[3] r[3]', torch.matmul)
case('matmul_22', 'r[2,3] r[3,4]', torch.matmul)
case('matmul_21', 'r[2,3] r[3]', torch.matmul)
case('matmul_12', 'r[3] r[3,4]', torch.matmul)
case('matmul_32', 'r[2,2,3] r[3,4]', torch.matmul)
case('matmul_batched', 'r[2,1,2,3] r[3,3,2]', torch.matmul)
case('matmul_t', 'r[3,2]|t r[4,3]|t', torch.matmul)
case('matmul_empty', 'r[0,3] r[3,2]', torch.matmul)
case('mm', 'r[2,3] r[3,4]', torch.mm)
case('mm_t', 'r[3,2]|t r[3,4]', torch.mm)
case('bmm', 'r[2,2,3] r[2,3,4]', torch.bmm)
case('dot', 'r[4] r[4]', torch.dot)
case('mv', 'r[2,3] r[3]', torch.mv)
case('outer', 'r[3] r[4]', torch.outer)
case('t', 'r[2,3]', torch.t)
case('t_1d', 'r[3]', torch.t)
case('transpose', 'r[2,3,4]', lambda a: a.transpose(0, 2))

# ============================================================================= shape and movement

case('reshape', 'r[2,3]', lambda a: a.reshape(3, 2))
case('reshape_copy', 'r[3,2]|t', lambda a: a.reshape(6))
case('view', 'r[2,3]', lambda a: a.view(-1))
case('flatten', 'r[2,3,4]', torch.flatten)
case('flatten_range', 'r[2,3,4]', lambda a: a.flatten(1, 2))
case('unflatten', 'r[2,6]', lambda a: a.unflatten(1, (2, 3)))
case('unflatten_infer', 'r[2,6]', lambda a: a.unflatten(1, (-1, 3)))
case('permute', 'r[2,3,4]', lambda a: a.permute(2, 0, 1))
case('unsqueeze', 'r[2,3]', lambda a: a.unsqueeze(-1))
case('squeeze', 'r[2,1,3,1]', torch.squeeze)
case('squeeze_dim', 'r[2,1,3,1]', lambda a: a.squeeze(1))
case('expand', 'r[3,1]', lambda a: a.expand(2, 3, 4))
case('expandAs', 'r[3,1] n[2,3,4]', lambda a, b: a.expand_as(b))
case('repeat', 'r[2,3]', lambda a: a.repeat(2, 1, 2))
case('repeat_t', 'r[3,2]|t', lambda a: a.repeat(1, 2))
case('narrow', 'r[4,3]', lambda a: a.narrow(0, 1, 2))
case('select', 'r[4,3]', lambda a: a.select(1, -1))
case('slice', 'r[4,6]', lambda a: a[:, 1:5:2])
case('slice_neg', 'r[6]', lambda a: a[-4:-1])
case('flip', 'r[2,3,4]', lambda a: a.flip(0, 2))
case('flip_t', 'r[3,2]|t', lambda a: a.flip(-1))
case('cat', 'r[2,3] r[1,3]', lambda a, b: torch.cat([a, b], 0))
case('cat_dim1', 'r[2,3] r[2,1]', lambda a, b: torch.cat([a, b], -1))
case('cat_three', 'r[2] r[3,2]|t|s(0,0,1,1) r[1]', lambda a, b, c: torch.cat([a, b.reshape(-1), c], 0))
case('cat_legacy_empty', 'r[2,3] r[0]', lambda a, b: torch.cat([a, b], 0))
case('stack', 'r[2,3] r[2,3]', lambda a, b: torch.stack([a, b], 1))
case('stack_neg', 'r[2,3] r[3,2]|t', lambda a, b: torch.stack([a, b], -1))
case('split', 'r[5,2]', lambda a: a.split(2, 0))
case('split_sizes', 'r[2,5]', lambda a: a.split([1, 4], 1))
case('chunk', 'r[2,5]', lambda a: a.chunk(2, 1))
case('chunk_uneven', 'r[6]', lambda a: a.chunk(4, 0))
case('gather', 'r[3,4] l(0,3,1,1,2,0)[3,2]', lambda a, i: a.gather(1, i))
case('gather_dim0', 'r[3,4] l(2,0,1,1)[1,4]', lambda a, i: a.gather(0, i))
case('scatterAdd', 'r[3,4] l(0,2,0,1,0,0,1,2)[2,4] r[2,4]', lambda a, i, s: a.scatter_add(0, i, s))
case('indexSelect', 'r[4,3] l(2,0,2)', lambda a, i: a.index_select(0, i))
case('indexSelect_dim1', 'r[3,4]|t l(1,1)', lambda a, i: a.index_select(1, i))
case('maskedSelect', 'r[3,4] m(1,0,0,1)', lambda a, m: a.masked_select(m))
case('oneHot', 'l(0,2,1,2)', lambda a: F.one_hot(a))
case('oneHot_n', 'l(0,2,1)[3]', lambda a: F.one_hot(a, 4))
case('pad', 'r[2,3]', lambda a: F.pad(a, (1, 2)))
case('pad_2d', 'r[1,2,3]', lambda a: F.pad(a, (1, 0, 0, 2), value=0.5))
case('pad_neg', 'r[2,5]', lambda a: F.pad(a, (-1, 2)))

# ============================================================================= nn building blocks

case('softmax', 'r[3,4]', lambda a: a.softmax(1))
case('softmax_dim0', 'r[3,4]', lambda a: a.softmax(0))
case('softmax_big', 'v(-1000,0,1000,999)[4]', lambda a: a.softmax(0))
case('logSoftmax', 'r[3,4]', lambda a: a.log_softmax(-1))
case('logSoftmax_big', 'v(-1000,0,1000,999)[4]', lambda a: a.log_softmax(0))


def dropout(p, training, seed=1234):
    def f(a):
        torch.manual_seed(seed)
        return F.dropout(a, p, training)
    return f


case('dropout', 'r[4,5]', dropout(0.5, True))
case('dropout_p02', 'r[40]', dropout(0.2, True, 7))
case('dropout_eval', 'r[3]', dropout(0.5, False))
case('dropout_p1', 'r[3]', dropout(1.0, True))
case('glu', 'r[3,4]', lambda a: F.glu(a, -1))
case('glu_dim0', 'r[4,2,3]|T(0,1)', lambda a: F.glu(a, 0))
case('prelu', 'r[2,3,4] r[3]', F.prelu)
case('prelu_one', 'r[2,3] r[1]', F.prelu)
case('prelu_1d', 'r[5] r[1]', F.prelu)
case('rrelu', 'r[3,4]', lambda a: F.rrelu(a, 0.1, 0.3, False))


def rrelu_train(a):
    torch.manual_seed(5)
    return F.rrelu(a, 0.1, 0.3, True)


case('rrelu_train', 'r[4,5]', rrelu_train)
case('linear', 'r[2,3] r[4,3] r[4]', F.linear)
case('linear_nobias', 'r[2,3] r[4,3]', F.linear)
case('linear_3d', 'r[2,2,3] r[4,3] r[4]', F.linear)
case('linear_3d_nc', 'r[2,2,3]|T(0,1) r[4,3] r[4]', F.linear)
case('linear_1d', 'r[3] r[4,3] r[4]', F.linear)
case('conv2d', 'r[2,3,5,5] r[4,3,3,3] r[4]', F.conv2d)
case('conv2d_nobias', 'r[1,2,4,4] r[3,2,2,2]', F.conv2d)
case('conv2d_stride_pad', 'r[1,2,6,5] r[3,2,3,2] r[3]', lambda x, w, b: F.conv2d(x, w, b, (2, 1), (1, 2)))
case('conv2d_dilation', 'r[1,2,7,7] r[2,2,3,3]', lambda x, w: F.conv2d(x, w, None, 1, 1, 2))
case('conv2d_groups', 'r[2,4,5,5] r[6,2,3,3] r[6]', lambda x, w, b: F.conv2d(x, w, b, 1, 0, 1, 2))
case('conv2d_1x1', 'r[2,3,4,4] r[5,3,1,1]', F.conv2d)
case('conv2d_unbatched', 'r[3,5,5] r[2,3,3,3] r[2]', F.conv2d)
case('conv2d_nc', 'r[2,5,5,3]|P(0,3,1,2) r[4,3,3,3]', F.conv2d)
case('maxPool2d', 'r[2,3,6,6]', lambda x: F.max_pool2d(x, 2))
case('maxPool2d_full', 'r[1,2,7,7]', lambda x: F.max_pool2d(x, (3, 2), (2, 1), (1, 1), (1, 2)))
case('maxPool2d_unbatched', 'r[2,5,5]', lambda x: F.max_pool2d(x, 3, 2, 1))
case('avgPool2d', 'r[2,3,6,6]', lambda x: F.avg_pool2d(x, 2))
case('avgPool2d_pad', 'r[1,2,5,5]', lambda x: F.avg_pool2d(x, 3, 2, 1))
case('avgPool2d_nopad', 'r[1,2,5,5]', lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False))
case('avgPool2d_unbatched', 'r[2,4,4]', lambda x: F.avg_pool2d(x, 2))
case('layerNorm', 'r[3,4] r[4] r[4]', lambda x, w, b: F.layer_norm(x, (4,), w, b, 1e-5))
case('layerNorm_noaffine', 'r[2,3,4]', lambda x: F.layer_norm(x, (3, 4), None, None, 1e-5))
case('layerNorm_eps', 'r[2,5] r[5] n[5]', lambda x, w, b: F.layer_norm(x, (5,), w, b, 1e-3))
case('embedding', 'l(1,3,1,0)[2,2] r[4,3]', F.embedding)
case('embedding_pad', 'l(1,2,1,0) r[4,3]', lambda i, w: F.embedding(i, w, padding_idx=1))
case('embedding_negpad', 'l(3,2,3,0) r[4,3]', lambda i, w: F.embedding(i, w, padding_idx=-1))
case('batchNorm', 'r[4,3] r[3] r[3]', lambda x, w, b: torch.batch_norm(x, w, b, None, None, True, 0.1, 1e-5, False))
case('batchNorm_4d', 'r[2,3,2,2] r[3] r[3]',
     lambda x, w, b: torch.batch_norm(x, w, b, None, None, True, 0.1, 1e-5, False))
case('batchNorm_noaffine', 'r[3,2,4]', lambda x: torch.batch_norm(x, None, None, None, None, True, 0.1, 1e-3, False))
case('batchNorm_eval', 'r[3,2,2] r[2] r[2] c(0.5,-1) c(2,0.25)',
     lambda x, w, b, m, v: torch.batch_norm(x, w, b, m, v, False, 0.1, 1e-5, False))
case('groupNorm', 'r[2,4,3] r[4] r[4]', lambda x, w, b: F.group_norm(x, 2, w, b))
case('groupNorm_4d', 'r[2,6,2,2] r[6] r[6]', lambda x, w, b: F.group_norm(x, 3, w, b, 1e-3))
case('groupNorm_noaffine', 'r[3,4]', lambda x: F.group_norm(x, 1))
case('embeddingBag', 'l(1,2,4,0,4,3) r[5,3] l(0,2,2)', lambda i, w, o: F.embedding_bag(i, w, o, mode='sum'))
case('embeddingBag_mean_pad', 'l(1,2,4,0,4,3) r[5,3] l(0,3,5)',
     lambda i, w, o: F.embedding_bag(i, w, o, mode='mean', padding_idx=4))
case('embeddingBag_max', 'l(1,2,4,0,4,3) r[5,3] l(0,1,4)', lambda i, w, o: F.embedding_bag(i, w, o, mode='max'))
case('embeddingBag_weighted', 'l(1,2,4,0,4,3) r[5,3] l(0,2) r[6]',
     lambda i, w, o, p: F.embedding_bag(i, w, o, mode='sum', per_sample_weights=p))
case('embeddingBag_freq', 'l(1,2,4,1,4,2) r[5,3] l(0,2)',
     lambda i, w, o: F.embedding_bag(i, w, o, mode='mean', scale_grad_by_freq=True))
case('embeddingBag_last', 'l(1,2,4,0,4,3) r[5,3] l(0,2,6)',
     lambda i, w, o: F.embedding_bag(i, w, o, mode='sum', include_last_offset=True))

# ============================================================================= sizes 0 and 1

case('conv2d_empty_batch', 'r[0,2,4,4] r[3,2,2,2] r[3]', F.conv2d)
case('maxPool2d_empty_batch', 'r[0,2,4,4]', lambda x: F.max_pool2d(x, 2))
case('softmax_0d', 'r[]', lambda a: a.softmax(0))
case('logsumexp_empty', 'r[2,0]', lambda a: a.logsumexp(1))
case('norm_empty', 'r[0]', torch.norm)
case('layerNorm_one', 'r[3,1] r[1] r[1]', lambda x, w, b: F.layer_norm(x, (1,), w, b))
case('indexSelect_empty', 'r[3,2] l()[0]', lambda a, i: a.index_select(0, i))
case('embedding_0d', 'l(2)[] r[4,3]', F.embedding)
case('repeat_0d', 'r[]', lambda a: a.repeat(2, 3))
case('pad_empty', 'r[0,3]', lambda a: F.pad(a, (1, 1)))
case('stack_0d', 'r[] r[]', lambda a, b: torch.stack([a, b], 0))
case('where_0d', 'm(1)[] r[] r[3]', torch.where)
case('prod_dim_one', 'r[3,1]', lambda a: a.prod(1))
case('cumsum', 'r[3,4]', lambda a: a.cumsum(1))
case('cumsum_t', 'r[4,3]|t', lambda a: a.cumsum(-2))
case('cumsum_0d', 'r[]', lambda a: a.cumsum(0))
case('cumsum_int', 'l(1,2,3)[3]', lambda a: a.cumsum(0))
case('cumsum_bool', 'm(1,0,1)[3]', lambda a: a.cumsum(0))
case('gather_empty', 'r[2,3] l()[2,0]', lambda a, i: a.gather(1, i))
case('split_one', 'r[1]', lambda a: a.split(1, 0))
case('matmul_one', 'r[1,1] r[1]', torch.matmul)

# ============================================================================= error inputs

err('e_broadcast', 'r[2,3] r[2]', lambda a, b: a + b)
err('e_where_cond', 'r[2,3] r[2,3] r[2,3]', torch.where)
err('e_gelu', 'r[3]', lambda a: F.gelu(a, approximate='foo'))
err('e_glu_odd', 'r[2,5]', lambda a: F.glu(a, 1))
err('e_glu_0d', 'r[]', lambda a: F.glu(a, 0))
err('e_prelu_count', 'r[2,4] r[3]', F.prelu)
err('e_prelu_ndim', 'r[2,4] r[2,2]', F.prelu)
err('e_rrelu_bounds', 'r[3]', lambda a: F.rrelu(a, 0.5, 0.1, True))
err('e_maskedFill_mask', 'r[2,3] r[2,3]', lambda a, m: a.masked_fill(m, 1.))
err('e_maskedSelect_mask', 'r[2,3] r[2,3]', lambda a, m: a.masked_select(m))
err('e_sum_dup', 'r[2,3]', lambda a: a.sum((0, 0)))
err('e_sum_dim', 'r[2,3]', lambda a: a.sum(2))
err('e_var_dim', 'r[2,3]', lambda a: a.var(5))
err('e_var_int', 'l(1,2)', torch.var)
err('e_max_empty', 'r[0]', torch.max)
err('e_max_dim_empty', 'r[0,3]', lambda a: a.max(0))
err('e_argmax_empty', 'r[0]', torch.argmax)
err('e_argmax_dim_empty', 'r[0,3]', lambda a: a.argmax(0))
err('e_mm', 'r[2,3] r[2,3]', torch.mm)
err('e_matmul_0d', 'r[] r[3]', torch.matmul)
err('e_matmul_batch', 'r[2,2,3] r[2,4,2]', torch.matmul)
err('e_bmm', 'r[2,3] r[3,2]', torch.bmm)
err('e_bmm_size', 'r[1,3,4] r[1,3,4]', torch.bmm)
err('e_dot', 'r[2,2] r[2,2]', torch.dot)
err('e_dot_size', 'r[3] r[4]', torch.dot)
err('e_outer', 'r[2,2] r[2]', torch.outer)
err('e_mv', 'r[3] r[3]', torch.mv)
err('e_t', 'r[2,3,4]', torch.t)
err('e_view', 'r[3,2]|t', lambda a: a.view(6))
err('e_reshape', 'r[2,3]', lambda a: a.reshape(4))
err('e_expand', 'r[3]', lambda a: a.expand(2, 4))
err('e_permute', 'r[2,3]', lambda a: a.permute(0))
err('e_unflatten', 'r[3,4]', lambda a: a.unflatten(1, (3, 2)))
err('e_flatten', 'r[2,3,4]', lambda a: a.flatten(2, 1))
err('e_narrow', 'r[4]', lambda a: a.narrow(0, 2, 3))
err('e_select', 'r[4]', lambda a: a.select(0, 4))
err('e_repeat', 'r[2,3]', lambda a: a.repeat(2))
err('e_flip_dup', 'r[2,3]', lambda a: a.flip(0, 0))
err('e_cat_empty', '', lambda: torch.cat([], 0))
err('e_cat_size', 'r[2,3] r[2,4]', lambda a, b: torch.cat([a, b], 0))
err('e_cat_ndim', 'r[2,3] r[3]', lambda a, b: torch.cat([a, b], 0))
err('e_cat_0d', 'r[] r[]', lambda a, b: torch.cat([a, b], 0))
err('e_stack_size', 'r[2,3] r[3,3]', lambda a, b: torch.stack([a, b], 0))
err('e_stack_empty', '', lambda: torch.stack([], 0))
err('e_split_sizes', 'r[3,4]', lambda a: a.split([1, 2], 1))
err('e_split_zero', 'r[3,4]', lambda a: a.split(0, 1))
err('e_split_0d', 'r[]', lambda a: a.split(1, 0))
err('e_chunk', 'r[3,4]', lambda a: a.chunk(0, 1))
err('e_gather_dtype', 'r[3,4] r[3,1]', lambda a, i: a.gather(1, i))
err('e_gather_oob', 'r[3,4] l(5)[1,1]', lambda a, i: a.gather(1, i))
err('e_gather_neg', 'r[3,4] l(-1)[1,1]', lambda a, i: a.gather(1, i))
err('e_scatterAdd_oob', 'r[3,4] l(3)[1,1] r[1,1]', lambda a, i, s: a.scatter_add(0, i, s))
err('e_indexSelect_dtype', 'r[3,4] c(0,1)', lambda a, i: a.index_select(0, i))
err('e_indexSelect_oob', 'r[3,4] l(3)', lambda a, i: a.index_select(0, i))
err('e_indexSelect_2d', 'r[3,4] l(0)[1,1]', lambda a, i: a.index_select(0, i))
err('e_oneHot_dtype', 'c(1,2)', lambda a: F.one_hot(a))
err('e_oneHot_neg', 'l(1,-1)', lambda a: F.one_hot(a))
err('e_oneHot_big', 'l(1,3)', lambda a: F.one_hot(a, 3))
err('e_oneHot_empty', 'l()[0]', lambda a: F.one_hot(a))
err('e_pad_odd', 'r[2,3]', lambda a: F.pad(a, (1,)))
err('e_pad_large', 'r[2,3]', lambda a: F.pad(a, (1, 1, 1, 1, 1, 1)))
err('e_dropout_p', 'r[3]', lambda a: F.dropout(a, 1.5, True))
err('e_linear', 'r[3,4] r[2,3]', F.linear)
err('e_linear_bias', 'r[3,4] r[2,4] r[3]', F.linear)
err('e_conv_channels', 'r[2,4,5,5] r[6,2,3,3]', F.conv2d)
err('e_conv_groups_div', 'r[2,4,5,5] r[5,2,3,3]', lambda x, w: F.conv2d(x, w, None, 1, 0, 1, 2))
err('e_conv_bias', 'r[2,4,5,5] r[6,2,3,3] r[5]', lambda x, w, b: F.conv2d(x, w, b, 1, 0, 1, 2))
err('e_conv_stride', 'r[2,4,5,5] r[6,2,3,3]', lambda x, w: F.conv2d(x, w, None, 0, 0, 1, 2))
err('e_conv_padding', 'r[2,4,5,5] r[6,2,3,3]', lambda x, w: F.conv2d(x, w, None, 1, -1, 1, 2))
err('e_conv_dilation', 'r[2,4,5,5] r[6,2,3,3]', lambda x, w: F.conv2d(x, w, None, 1, 0, 0, 2))
err('e_conv_groups0', 'r[2,4,5,5] r[6,2,3,3]', lambda x, w: F.conv2d(x, w, None, 1, 0, 1, 0))
err('e_conv_kernel', 'r[2,4,5,5] r[6,2,7,7]', lambda x, w: F.conv2d(x, w, None, 1, 0, 1, 2))
err('e_conv_rank', 'r[5,5] r[6,2,3,3]', F.conv2d)
err('e_maxpool_pad', 'r[2,4,5,5]', lambda x: F.max_pool2d(x, 3, padding=2))
err('e_maxpool_small', 'r[2,4,5,5]', lambda x: F.max_pool2d(x, 7))
err('e_maxpool_rank', 'r[5,5]', lambda x: F.max_pool2d(x, 2))
err('e_maxpool_dilation', 'r[2,4,5,5]', lambda x: F.max_pool2d(x, 2, dilation=0))
err('e_maxpool_stride', 'r[2,4,5,5]', lambda x: F.max_pool2d(x, 3, stride=0))
err('e_maxpool_empty', 'r[1,1,0,4]', lambda x: F.max_pool2d(x, 2))
err('e_avgpool_pad', 'r[2,4,5,5]', lambda x: F.avg_pool2d(x, 3, padding=2))
err('e_avgpool_small', 'r[2,4,5,5]', lambda x: F.avg_pool2d(x, 7))
err('e_layerNorm_shape', 'r[3,4]', lambda x: F.layer_norm(x, (3,)))
err('e_layerNorm_weight', 'r[3,4] r[3]', lambda x, w: F.layer_norm(x, (4,), w))
err('e_layerNorm_empty', 'r[3,4]', lambda x: F.layer_norm(x, ()))
err('e_embedding_oob', 'l(5) r[4,3]', F.embedding)
err('e_embedding_dtype', 'c(1) r[4,3]', F.embedding)
err('e_embedding_pad', 'l(1) r[4,3]', lambda i, w: F.embedding(i, w, padding_idx=5))
err('e_softmax_dim', 'r[2,3]', lambda a: a.softmax(2))
err('e_logsumexp_dim', 'r[2,3]', lambda a: a.logsumexp(-3))
err('e_prod_dim', 'r[2,3]', lambda a: a.prod(5))
err('e_cumsum_dim', 'r[2,3]', lambda a: a.cumsum(2))


# ============================================================================= higher-order derivatives

def higher_order(lines):
    """Second (and third) derivatives of scalar functions at fixed points, for HigherOrderTest."""
    def record(name, f, x):
        x = x.clone().requires_grad_(True)
        y = f(x)
        g1, = torch.autograd.grad(y.sum(), x, create_graph=True)
        g2, = torch.autograd.grad(g1.sum(), x, create_graph=True)
        try:
            g3, = torch.autograd.grad(g2.sum(), x, allow_unused=True)
        except RuntimeError:
            g3 = None
        lines.append('case ' + name)
        lines.append('x ' + tensor_text(x))
        lines.append('y ' + tensor_text(y))
        lines.append('g1 ' + tensor_text(g1))
        lines.append('g2 ' + tensor_text(g2))
        lines.append('g3 ' + (tensor_text(g3) if g3 is not None else 'none'))
        lines.append('end')

    x = torch.tensor([-1.5, -0.3, 0.2, 1.1, 2.0])
    record('cube', lambda t: t ** 3, x)
    record('tanh', torch.tanh, x)
    record('sigmoid', torch.sigmoid, x)
    record('log', torch.log, x.abs() + 0.5)
    record('exp', torch.exp, x)
    record('softmax', lambda t: t.softmax(0) * torch.tensor([1., 2., 3., 4., 5.]), x)
    record('logSoftmax', lambda t: t.log_softmax(0) * torch.tensor([1., 2., 3., 4., 5.]), x)
    m = torch.tensor([[0.5, -1.0], [2.0, 0.3]])
    record('matmul', lambda t: t.view(1, 5).matmul(torch.ones(5, 2)).matmul(m).pow(2), x)


def main():
    lines = ['# op catalogue goldens generated by tools/gen_ops_golden.py with torch ' + torch.__version__]
    seen = set()
    for cid, specs, fn in CASES:
        assert cid not in seen, cid
        seen.add(cid)
        run_case(cid, specs, fn, lines)
    for cid, specs, fn in ERRORS:
        assert cid not in seen, cid
        seen.add(cid)
        run_error(cid, specs, fn, lines)
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, 'ops.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    ho = ['# higher-order derivative goldens generated by tools/gen_ops_golden.py with torch ' + torch.__version__]
    higher_order(ho)
    with open(os.path.join(OUT_DIR, 'higher_order.txt'), 'w') as f:
        f.write('\n'.join(ho) + '\n')
    print('wrote %d cases and %d error cases' % (len(CASES), len(ERRORS)), file=sys.stderr)


if __name__ == '__main__':
    main()
