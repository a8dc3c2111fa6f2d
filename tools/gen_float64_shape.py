#!/usr/bin/python3
"""float64 goldens for reductions, statistics, norms, views, shaping, indexing, factories and random streams.

Run from the repository root with Debian's PyTorch:  /usr/bin/python3 tools/gen_float64_shape.py
Writes autograd/src/test/resources/golden/float64/shape.json, read by dev.jgrad.autograd.Float64ShapeTest.

cases: each op applied to float64 inputs (drawn from a per-case seed): its outputs, and the vector-Jacobian products
of the floating outputs with float64 cotangents w ("grads", one per input, null where the input needs no gradient).
The op ids are the keys of the Java test's table. random: torch.randn / torch.rand / normal_ / uniform_ in float64
after torch.manual_seed. ranges: float64 arange and linspace. Doubles are written with repr precision (exact).
"""
import json
import os
import zlib

import torch
import torch.nn.functional as F

OUT = os.path.join('autograd', 'src', 'test', 'resources', 'golden', 'float64', 'shape.json')
D = torch.float64

CASES = []


def case(cid, shapes, fn, grad=None, dtypes=None):
    """shapes: one per input; grad: which inputs require grad (all floating ones by default)."""
    CASES.append((cid, shapes, fn, grad, dtypes))


def tensor_json(t):
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''),
            'values': [float(v) for v in t.detach().reshape(-1).tolist()]}


def run(cid, shapes, fn, grad, dtypes):
    g = torch.Generator().manual_seed(zlib.crc32(cid.encode()))
    inputs = []
    for i, s in enumerate(shapes):
        dt = dtypes[i] if dtypes else D
        if dt == torch.int64:
            t = torch.randint(0, 3, s, generator=g)
        elif dt == torch.bool:
            t = torch.randint(0, 2, s, generator=g).bool()
        else:
            t = torch.randn(s, generator=g, dtype=D).to(dt)
        inputs.append(t)
    needs = grad if grad is not None else [t.dtype.is_floating_point for t in inputs]
    leaves = [t.clone().requires_grad_(bool(r)) for t, r in zip(inputs, needs)]
    out = fn(*leaves)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    entry = {'id': cid, 'inputs': [tensor_json(t) for t in inputs], 'outputs': [tensor_json(o) for o in outs]}
    diff = [o for o in outs if o.requires_grad]
    if diff:
        ws = [torch.randn(o.shape, generator=g, dtype=o.dtype) for o in diff]
        wrt = [l for l in leaves if l.requires_grad]
        gs = torch.autograd.grad(diff, wrt, ws, allow_unused=True)
        it = iter(gs)
        grads = []
        for l in leaves:
            if l.requires_grad:
                gr = next(it)
                grads.append(tensor_json(gr) if gr is not None else None)
            else:
                grads.append(None)
        entry['cotangents'] = [tensor_json(w) for w in ws]
        entry['grads'] = grads
        entry['gradFn'] = diff[0].grad_fn.name()
    return entry


# ------------------------------------------------------------------ reductions and statistics
case('sum_all', [[3, 4]], lambda a: a.sum())
case('sum_dim', [[2, 3, 4]], lambda a: a.sum(1))
case('sum_dims_keep', [[2, 3, 4]], lambda a: a.sum((0, 2), keepdim=True))
case('sum_t', [[4, 3]], lambda a: a.t().sum(1))
case('mean_all', [[3, 4]], lambda a: a.mean())
case('mean_dim', [[2, 3, 4]], lambda a: a.mean(1))
case('mean_dims_keep', [[2, 3, 4]], lambda a: a.mean((0, -1), keepdim=True))
case('max_all', [[3, 4]], lambda a: a.max())
case('min_all', [[3, 4]], lambda a: a.min())
case('max_dim', [[3, 4]], lambda a: tuple(a.max(1)))
case('min_dim_keep', [[3, 4]], lambda a: tuple(a.t().min(0, keepdim=True)))
case('argmax_all', [[3, 4]], lambda a: a.argmax())
case('argmax_dim', [[3, 4]], lambda a: a.argmax(1, keepdim=True))
case('argmin_dim', [[3, 4]], lambda a: a.argmin(0))
case('prod_all', [[2, 3]], lambda a: a.prod())
case('prod_dim', [[3, 4]], lambda a: a.prod(1))
case('logsumexp', [[3, 4]], lambda a: a.logsumexp(1))
case('logsumexp_keep', [[2, 3, 4]], lambda a: a.logsumexp((0, 2), keepdim=True))
case('var_all', [[3, 4]], lambda a: a.var())
case('var_dim_corr0', [[2, 3, 4]], lambda a: a.var((0, 2), correction=0, keepdim=True))
case('std_all', [[3, 4]], lambda a: a.std())
case('std_dim', [[3, 4]], lambda a: a.std(1))
case('norm2', [[3, 4]], lambda a: a.norm())
case('norm1_dim', [[3, 4]], lambda a: a.norm(1, 1))
case('norm3_dims', [[2, 3, 4]], lambda a: a.norm(3, (0, 2), keepdim=True))
case('norm_inf', [[3, 4]], lambda a: a.norm(float('inf')))
case('cumsum', [[3, 4]], lambda a: a.cumsum(1))
case('cumsum_t', [[4, 3]], lambda a: a.t().cumsum(0))

# ------------------------------------------------------------------ views and copies
case('view', [[3, 4]], lambda a: a.view(2, 6))
case('reshape_t', [[3, 4]], lambda a: a.t().reshape(12))
case('transpose', [[2, 3, 4]], lambda a: a.transpose(0, 2))
case('permute', [[2, 3, 4]], lambda a: a.permute(2, 0, 1))
case('expand', [[1, 3]], lambda a: a.expand(4, 3))
case('narrow', [[4, 3]], lambda a: a.narrow(0, 1, 2))
case('select', [[4, 3]], lambda a: a.select(1, 2))
case('unflatten', [[2, 6]], lambda a: a.unflatten(1, (2, 3)))
case('split', [[5, 2]], lambda a: a.split(2, 0))
case('chunk', [[2, 6]], lambda a: a.chunk(3, 1))
case('contiguous_t', [[3, 4]], lambda a: a.t().contiguous())
case('clone', [[3, 4]], lambda a: a.clone())
case('cat', [[2, 3], [1, 3]], lambda a, b: torch.cat([a, b], 0))
case('cat_mixed', [[2, 3], [2, 2]], lambda a, b: torch.cat([a, b], 1), dtypes=[torch.float32, D])
case('cat_long', [[2, 3], [2, 2]], lambda a, b: torch.cat([a, b], 1), dtypes=[torch.int64, D])
case('stack', [[2, 3], [2, 3]], lambda a, b: torch.stack([a, b], 1))
case('repeat', [[2, 3]], lambda a: a.repeat(2, 1, 2))
case('flip', [[2, 3, 4]], lambda a: a.flip(0, 2))
case('pad_value', [[2, 3]], lambda a: F.pad(a, (1, 2, 0, 1), value=0.5))
case('pad_reflect', [[1, 2, 4]], lambda a: F.pad(a, (2, 1), mode='reflect'))

# ------------------------------------------------------------------ indexing
case('gather', [[3, 4], [3, 2]], lambda a, i: a.gather(1, i), dtypes=[D, torch.int64])
case('scatter_add', [[3, 4], [3, 2], [3, 2]], lambda a, i, s: a.scatter_add(1, i, s),
     dtypes=[D, torch.int64, D])
case('index_select', [[4, 3], [5]], lambda a, i: a.index_select(0, i), dtypes=[D, torch.int64])
case('masked_select', [[3, 4], [3, 4]], lambda a, m: a.masked_select(m), dtypes=[D, torch.bool])


def random_streams():
    out = []
    for seed in (0, 1234):
        for size in (1, 7, 16, 17, 100, 1000):
            for kind in ('randn', 'rand'):
                torch.manual_seed(seed)
                t = (torch.randn if kind == 'randn' else torch.rand)(size, dtype=D)
                out.append({'kind': kind, 'seed': seed, 'sizes': [size], 'values': t.tolist()})
        # consecutive calls: the scalar path's cached sample carries over, the vector path's does not
        torch.manual_seed(seed)
        t = torch.cat([torch.randn(3, dtype=D), torch.randn(20, dtype=D), torch.randn(5, dtype=D)])
        out.append({'kind': 'randn', 'seed': seed, 'sizes': [3, 20, 5], 'values': t.tolist()})
        for size in (5, 20):
            torch.manual_seed(seed)
            t = torch.empty(size, dtype=D).normal_(0.5, 2.0)
            out.append({'kind': 'normal', 'seed': seed, 'sizes': [size], 'mean': 0.5, 'std': 2.0,
                        'values': t.tolist()})
            torch.manual_seed(seed)
            t = torch.empty(size, dtype=D).uniform_(-0.3, 0.7)
            out.append({'kind': 'uniform', 'seed': seed, 'sizes': [size], 'from': -0.3, 'to': 0.7,
                        'values': t.tolist()})
    return out


def ranges():
    out = []
    for start, end, step in ((0, 10, 0.3), (-1, 1, 0.1), (0, 100, 0.7), (1.5, 2.5, 0.01), (3, -2, -0.35)):
        out.append({'kind': 'arange', 'args': [start, end, step],
                    'values': torch.arange(start, end, step, dtype=D).tolist()})
    for start, end, steps in ((-1, 1, 7), (0, 1, 100), (-3.3, 7.1, 37), (2, 3, 1), (0, 1, 0), (0.1, 0.9, 16)):
        out.append({'kind': 'linspace', 'args': [start, end, steps],
                    'values': torch.linspace(start, end, steps, dtype=D).tolist()})
    return out


def main():
    doc = {'header': 'generated by tools/gen_float64_shape.py with torch ' + torch.__version__,
           'cases': [run(*c) for c in CASES], 'random': random_streams(), 'ranges': ranges()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(doc, f)
        f.write('\n')
    print('wrote', len(doc['cases']), 'cases,', len(doc['random']), 'streams,', len(doc['ranges']), 'ranges')


if __name__ == '__main__':
    main()
