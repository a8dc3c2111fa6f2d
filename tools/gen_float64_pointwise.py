#!/usr/bin/python3
"""float64 golden values for every elementwise op (the UnaryOp and BinaryOp tables, where, maskedFill, glu, prelu)
and PyTorch's type promotion table for binary ops.

Run from the repository root with Debian's PyTorch:  /usr/bin/python3 tools/gen_float64_pointwise.py
Writes autograd/src/test/resources/golden/float64/pointwise.json, read by autograd's Float64PointwiseTest and
PromotionTableTest.

Every case has float64 inputs drawn from a fixed seed (inside the op's domain, away from its kinks), the forward
value y and, for differentiable ops, the vector-Jacobian products of fixed random weights w:
d sum(y * w) / d input. Tensors are {"shape": [...], "data": [...]} with doubles written by json (repr, exact).
  unary    {"op", "params", "x", "y", "w", "gx"}             op named as jgrad's Tensor method
  binary   {"op", "a", "b", "y", "w", "ga", "gb"}           shapes incl. broadcast and 0-dim operands
  scalar   {"op", "x", "s", "left", "y", "w", "gx"}          x op s, or s op x when left (a Python float s)
  misc     {"op", "inputs": [...], "args", "y", "w", "grads": [...]}
  promotion {"a", "b", "op", "dtype"}: the result dtype of a op b for operands described as
            "<dtype>" (a tensor with dims), "<dtype>0" (a 0-dim tensor), "py_int" / "py_float" / "py_bool" (Python
            scalars 2, 2.5, True).
"""
import json
import os

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'autograd', 'src', 'test', 'resources', 'golden', 'float64', 'pointwise.json')
D = torch.float64
gen = torch.Generator().manual_seed(20261207)


def t(x):
    x = x.detach()
    if x.dtype == torch.bool:
        x = x.to(D)
    return {'shape': list(x.shape), 'data': [float(v) for v in x.reshape(-1).tolist()]}


def randn(shape, scale=1.0):
    return torch.randn(shape, generator=gen, dtype=D) * scale


def domain(kind, shape):
    if kind == 'pos':
        return torch.rand(shape, generator=gen, dtype=D) * 3 + 0.1
    if kind == 'gt-1':
        return torch.rand(shape, generator=gen, dtype=D) * 3 - 0.9
    if kind == 'nonzero':
        x = randn(shape, 2)
        return torch.where(x.abs() < 0.2, x.sign() * 0.2 + x, x)
    if kind == 'int':
        return torch.randint(-2, 3, shape, generator=gen).to(D)
    return randn(shape, 2)


# jgrad method, params, torch function, input domain
UNARY = [
    ('neg', [], lambda x: -x, 'any'),
    ('exp', [], torch.exp, 'any'),
    ('log', [], torch.log, 'pos'),
    ('sqrt', [], torch.sqrt, 'pos'),
    ('abs', [], torch.abs, 'nonzero'),
    ('sin', [], torch.sin, 'any'),
    ('cos', [], torch.cos, 'any'),
    ('tanh', [], torch.tanh, 'any'),
    ('sigmoid', [], torch.sigmoid, 'any'),
    ('relu', [], torch.relu, 'nonzero'),
    ('sign', [], torch.sign, 'nonzero'),
    ('reciprocal', [], torch.reciprocal, 'nonzero'),
    ('clamp', [-0.5, 0.5], lambda x: x.clamp(-0.5, 0.5), 'any'),
    ('clampMin', [0.2], lambda x: x.clamp_min(0.2), 'any'),
    ('clampMax', [-0.1], lambda x: x.clamp_max(-0.1), 'any'),
    ('expm1', [], torch.expm1, 'any'),
    ('log1p', [], torch.log1p, 'gt-1'),
    ('log2', [], torch.log2, 'pos'),
    ('rsqrt', [], torch.rsqrt, 'pos'),
    ('leakyRelu', [0.2], lambda x: F.leaky_relu(x, 0.2), 'nonzero'),
    ('gelu', ['none'], lambda x: F.gelu(x), 'any'),
    ('gelu', ['tanh'], lambda x: F.gelu(x, approximate='tanh'), 'any'),
    ('silu', [], F.silu, 'any'),
    ('softplus', [2.0, 3.0], lambda x: F.softplus(x, 2.0, 3.0), 'any'),
    ('elu', [1.3], lambda x: F.elu(x, 1.3), 'nonzero'),
    ('celu', [0.7], lambda x: F.celu(x, 0.7), 'nonzero'),
    ('selu', [], F.selu, 'nonzero'),
    ('hardtanh', [-0.6, 0.8], lambda x: F.hardtanh(x, -0.6, 0.8), 'any'),
    ('threshold', [0.1, -2.0], lambda x: F.threshold(x, 0.1, -2.0), 'any'),
    ('hardsigmoid', [], F.hardsigmoid, 'any'),
    ('hardswish', [], F.hardswish, 'any'),
    ('mish', [], F.mish, 'any'),
    ('logSigmoid', [], F.logsigmoid, 'any'),
    ('floor', [], torch.floor, 'any'),
    ('ceil', [], torch.ceil, 'any'),
    ('round', [], torch.round, 'any'),
    ('erf', [], torch.erf, 'any'),
]

BINARY = [
    ('add', torch.add, 'any', 'any'),
    ('sub', torch.sub, 'any', 'any'),
    ('mul', torch.mul, 'any', 'any'),
    ('div', torch.div, 'any', 'nonzero'),
    ('pow', torch.pow, 'pos', 'any'),
    ('maximum', torch.maximum, 'int', 'any'),
    ('minimum', torch.minimum, 'int', 'any'),
    ('eq', torch.eq, 'int', 'int'),
    ('ne', torch.ne, 'int', 'int'),
    ('gt', torch.gt, 'int', 'int'),
    ('ge', torch.ge, 'int', 'int'),
    ('lt', torch.lt, 'int', 'int'),
    ('le', torch.le, 'int', 'int'),
]
NO_GRAD = {'eq', 'ne', 'gt', 'ge', 'lt', 'le'}

SHAPES = [([3, 4], [3, 4]), ([3, 4], [4]), ([2, 1, 3], [4, 1]), ([3, 4], []), ([], [5])]

# (op, s, left, torch function, domain)
SCALAR = [
    ('add', 2.5, False, lambda x, s: x + s, 'any'),
    ('sub', 1.5, False, lambda x, s: x - s, 'any'),
    ('rsub', 3.25, True, lambda x, s: s - x, 'any'),
    ('mul', -1.75, False, lambda x, s: x * s, 'any'),
    ('div', 3.5, False, lambda x, s: x / s, 'any'),
    ('rdiv', 2.0, True, lambda x, s: s / x, 'nonzero'),
    ('pow', 2.5, False, lambda x, s: x ** s, 'pos'),
    ('pow', 2.0, False, lambda x, s: x ** s, 'any'),
    ('pow', 3.0, False, lambda x, s: x ** s, 'any'),
    ('pow', 0.5, False, lambda x, s: x ** s, 'pos'),
    ('pow', -1.0, False, lambda x, s: x ** s, 'nonzero'),
    ('pow', -2.0, False, lambda x, s: x ** s, 'nonzero'),
    ('pow', 0.3, True, lambda x, s: s ** x, 'any'),
    ('eq', 1.0, False, lambda x, s: x == s, 'int'),
    ('ne', 1.0, False, lambda x, s: x != s, 'int'),
    ('gt', 0.3, False, lambda x, s: x > s, 'any'),
    ('ge', 1.0, False, lambda x, s: x >= s, 'int'),
    ('lt', 0.3, False, lambda x, s: x < s, 'any'),
    ('le', 1.0, False, lambda x, s: x <= s, 'int'),
]


def vjp(y, inputs):
    w = randn(y.shape)
    grads = torch.autograd.grad(y, inputs, w, allow_unused=True)
    return w, [torch.zeros_like(i) if g is None else g for i, g in zip(inputs, grads)]


def unary_cases():
    out = []
    for op, params, fn, kind in UNARY:
        for shape in ([7], [3, 4]):
            x = domain(kind, shape).requires_grad_()
            y = fn(x)
            w, (gx,) = vjp(y, [x])
            out.append({'op': op, 'params': params, 'x': t(x), 'y': t(y), 'w': t(w), 'gx': t(gx)})
    return out


def binary_cases():
    out = []
    for op, fn, ka, kb in BINARY:
        for sa, sb in SHAPES:
            a = domain(ka, sa).requires_grad_()
            b = domain(kb, sb).requires_grad_()
            y = fn(a, b)
            case = {'op': op, 'a': t(a), 'b': t(b), 'y': t(y)}
            if op not in NO_GRAD:
                w, (ga, gb) = vjp(y, [a, b])
                case.update({'w': t(w), 'ga': t(ga), 'gb': t(gb)})
            out.append(case)
    return out


def scalar_cases():
    out = []
    for op, s, left, fn, kind in SCALAR:
        x = domain(kind, [3, 4]).requires_grad_()
        y = fn(x, s)
        case = {'op': op, 's': s, 'left': left, 'x': t(x), 'y': t(y)}
        if y.dtype != torch.bool:
            w, (gx,) = vjp(y, [x])
            case.update({'w': t(w), 'gx': t(gx)})
        out.append(case)
    return out


def misc_case(op, inputs, args, fn, grad_inputs):
    y = fn(*inputs)
    case = {'op': op, 'inputs': [t(i) for i in inputs], 'args': args, 'y': t(y)}
    w, grads = vjp(y, [inputs[i] for i in grad_inputs])
    case.update({'w': t(w), 'grads': [t(g) for g in grads]})
    return case


def misc_cases():
    cond = torch.rand([3, 4], generator=gen) > 0.5
    a = randn([3, 4]).requires_grad_()
    b = randn([4]).requires_grad_()
    x = randn([2, 3, 4]).requires_grad_()
    mask = torch.rand([3, 1], generator=gen) > 0.5
    g = randn([2, 6, 3]).requires_grad_()
    p = randn([2, 3, 5]).requires_grad_()
    pw = (torch.rand([3], generator=gen, dtype=D) * 0.5).requires_grad_()
    c = randn([3, 4]).requires_grad_()
    return [
        misc_case('where', [cond.to(D), a, b], [], lambda cd, u, v: torch.where(cd.bool(), u, v), [1, 2]),
        misc_case('whereScalar', [cond.to(D), a], [-0.75], lambda cd, u: torch.where(cd.bool(), u, -0.75), [1]),
        misc_case('maskedFill', [x, mask.to(D)], [-1.25], lambda u, m: u.masked_fill(m.bool(), -1.25), [0]),
        misc_case('glu', [g], [1], lambda u: F.glu(u, 1), [0]),
        misc_case('prelu', [p, pw], [], F.prelu, [0, 1]),
        misc_case('add_alpha', [c, a], [0.3], lambda u, v: torch.add(u, v, alpha=0.3), [0, 1]),
    ]


DTYPES = {'float32': torch.float32, 'float64': torch.float64, 'int64': torch.int64, 'bool': torch.bool}


def operand(desc):
    if desc == 'py_int':
        return 2
    if desc == 'py_float':
        return 2.5
    if desc == 'py_bool':
        return True
    zero = desc.endswith('0')
    dt = DTYPES[desc[:-1] if zero else desc]
    shape = [] if zero else [2]
    return torch.ones(shape, dtype=dt)


def promotion_cases():
    tensors = [d + z for d in DTYPES for z in ('', '0')]
    out = []
    for op in ('add', 'mul', 'div', 'gt'):
        for a in tensors:
            for b in tensors + ['py_int', 'py_float', 'py_bool']:
                x, y = operand(a), operand(b)
                try:
                    r = getattr(torch, op)(x, y)
                    dtype = str(r.dtype).replace('torch.', '')
                except RuntimeError as e:
                    dtype = 'error: ' + str(e).split('\n')[0]
                out.append({'a': a, 'b': b, 'op': op, 'dtype': dtype})
    return out


def main():
    data = {
        'header': 'tools/gen_float64_pointwise.py, torch ' + torch.__version__,
        'unary': unary_cases(),
        'binary': binary_cases(),
        'scalar': scalar_cases(),
        'misc': misc_cases(),
        'promotion': promotion_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
