"""Float64 optimizer fixtures from PyTorch (run with /usr/bin/python3, torch 1.13).

Writes
  optim/src/test/resources/golden/float64/optim_trajectories.json: each optimizer's float64 trajectory (12 steps of
      PyTorch's single-tensor code path, foreach=False) on a [2, 3] parameter with given float64 gradients, the
      parameter after every step and the final state;
  train/src/test/resources/golden/float64/mlp.json: a float64 4-16-3 MLP (tanh, then relu, cross-entropy) with fixed
      initial weights trained 100 steps with SGD(momentum) and with Adam: the loss at every step and the final weights;
  nn/src/test/resources/golden/safetensors/*.safetensors: F64, I64, F16 and BF16 files written by hand (8-byte
      little-endian header length, JSON header, data) with the values they hold in dtypes.json.
Doubles are written with json.dumps (repr: exact).
"""
import json
import os
import struct

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
HEADER = 'tools/gen_float64_optim.py, torch ' + torch.__version__


def write_json(rel, obj):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


CASES = [
    ('SGD', {'lr': 0.1}),
    ('SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.1, 'weight_decay': 0.01}),
    ('SGD', {'lr': 0.05, 'momentum': 0.8, 'nesterov': True, 'weight_decay': 0.02, 'maximize': True}),
    ('Adam', {'lr': 0.01}),
    ('Adam', {'lr': 0.02, 'betas': [0.8, 0.99], 'eps': 1e-6, 'weight_decay': 0.1, 'amsgrad': True}),
    ('AdamW', {'lr': 0.01, 'weight_decay': 0.05}),
    ('AdamW', {'lr': 0.02, 'amsgrad': True, 'maximize': True}),
    ('RMSprop', {'lr': 0.01}),
    ('RMSprop', {'lr': 0.01, 'alpha': 0.9, 'momentum': 0.5, 'centered': True, 'weight_decay': 0.1}),
    ('Adagrad', {'lr': 0.1, 'lr_decay': 0.01, 'weight_decay': 0.05, 'initial_accumulator_value': 0.1}),
    ('Adamax', {'lr': 0.02, 'weight_decay': 0.01}),
    ('NAdam', {'lr': 0.01, 'weight_decay': 0.01}),
    ('RAdam', {'lr': 0.01, 'weight_decay': 0.01}),
    ('Adadelta', {'lr': 1.0, 'rho': 0.8, 'weight_decay': 0.01}),
    ('ASGD', {'lr': 0.05, 'lambd': 1e-3, 't0': 4.0, 'weight_decay': 0.01}),
    ('Rprop', {'lr': 0.01, 'etas': [0.4, 1.3], 'step_sizes': [1e-4, 0.05]}),
]

STEPS = 12
RESUME_AT = 6


def trajectories():
    gen = torch.Generator().manual_seed(20261207)
    init = torch.randn(2, 3, generator=gen, dtype=torch.float64)
    grads = [torch.randn(2, 3, generator=gen, dtype=torch.float64) for _ in range(STEPS)]
    # a few sign flips and equal signs for Rprop, a zero for sign(0)
    grads[3][0, 0] = 0.0
    cases = []
    for name, kwargs in CASES:
        p = init.clone().requires_grad_(True)
        kw = dict(kwargs)
        for pair in ('betas', 'etas', 'step_sizes'):
            if pair in kw:
                kw[pair] = tuple(kw[pair])
        opt = getattr(torch.optim, name)([p], foreach=False, **kw)
        params = []
        for g in grads:
            p.grad = g.clone()
            opt.step()
            params.append(flat(p))
        state = {}
        for k, v in opt.state[p].items():
            if v is None:
                continue
            t = torch.as_tensor(v)
            state[k] = {'dtype': str(t.dtype), 'shape': list(t.shape), 'values': flat(t)}
        # resumed: the state dict after 6 steps loaded into a fresh optimizer (load_state_dict casts floating state
        # other than 'step' to the parameter's dtype: NAdam's mu_product becomes float64), then the other steps
        q = init.clone().requires_grad_(True)
        first = getattr(torch.optim, name)([q], foreach=False, **kw)
        for g in grads[:RESUME_AT]:
            q.grad = g.clone()
            first.step()
        resumed_opt = getattr(torch.optim, name)([q], foreach=False, **kw)
        resumed_opt.load_state_dict(first.state_dict())
        resumed = []
        for g in grads[RESUME_AT:]:
            q.grad = g.clone()
            resumed_opt.step()
            resumed.append(flat(q))
        cases.append({'optimizer': name, 'options': kwargs, 'params': params, 'state': state, 'resumed': resumed})
    write_json('optim/src/test/resources/golden/float64/optim_trajectories.json', {
        'header': HEADER,
        'shape': [2, 3],
        'init': flat(init),
        'grads': [flat(g) for g in grads],
        'cases': cases,
    })


MLP_STEPS = 100


def mlp():
    """A float64 4-16-3 MLP trained full-batch: tanh + cross-entropy with SGD(momentum), relu + MSE with Adam."""
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(32, 4, generator=gen, dtype=torch.float64)
    y = torch.randint(0, 3, (32,), generator=gen)
    w1 = torch.randn(16, 4, generator=gen, dtype=torch.float64) * 0.5
    b1 = torch.randn(16, generator=gen, dtype=torch.float64) * 0.1
    w2 = torch.randn(3, 16, generator=gen, dtype=torch.float64) * 0.3
    b2 = torch.randn(3, generator=gen, dtype=torch.float64) * 0.1
    runs = []
    for name, activation, loss_name in (('sgd_momentum', 'tanh', 'cross_entropy'), ('adam', 'relu', 'mse')):
        params = [t.clone().requires_grad_(True) for t in (w1, b1, w2, b2)]
        if name == 'adam':
            opt = torch.optim.Adam(params, lr=0.01, foreach=False)
        else:
            opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, foreach=False)
        act = torch.tanh if activation == 'tanh' else torch.relu
        one_hot = torch.nn.functional.one_hot(y, 3).to(torch.float64)
        losses = []
        for _ in range(MLP_STEPS):
            opt.zero_grad()
            out = torch.nn.functional.linear(act(torch.nn.functional.linear(x, params[0], params[1])), params[2],
                                             params[3])
            if loss_name == 'cross_entropy':
                loss = torch.nn.functional.cross_entropy(out, y)
            else:
                loss = torch.nn.functional.mse_loss(out, one_hot)
            losses.append(loss.item())
            loss.backward()
            opt.step()
        runs.append({'name': name, 'activation': activation, 'loss': loss_name, 'losses': losses,
                     'final': {k: flat(t) for k, t in zip(('w1', 'b1', 'w2', 'b2'), params)}})
    write_json('train/src/test/resources/golden/float64/mlp.json', {
        'header': HEADER,
        'x': flat(x), 'y': y.tolist(),
        'init': {'w1': flat(w1), 'b1': flat(b1), 'w2': flat(w2), 'b2': flat(b2)},
        'sgd_momentum': {'lr': 0.1, 'momentum': 0.9},
        'adam': {'lr': 0.01},
        'runs': runs,
    })


def safetensors_file(rel, tensors):
    """tensors: name -> (code, shape, raw little-endian bytes); the layout by hand, as the format specifies it."""
    header = {'__metadata__': {'writer': 'tools/gen_float64_optim.py'}}
    data = b''
    for name, (code, shape, raw) in tensors.items():
        header[name] = {'dtype': code, 'shape': shape, 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header).encode('utf-8')
    h += b' ' * (-len(h) % 8)
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        f.write(data)


def safetensors():
    base = 'nn/src/test/resources/golden/safetensors/'
    f64 = torch.tensor([[0.1, -0.0, 1.0 / 3.0], [1e-300, 2.0 ** 60 + 1.0, -3.141592653589793]], dtype=torch.float64)
    f64_scalar = torch.tensor(2.718281828459045, dtype=torch.float64)
    safetensors_file(base + 'f64.safetensors', {
        'a': ('F64', [2, 3], f64.numpy().astype('<f8').tobytes()),
        'b': ('F64', [], f64_scalar.numpy().astype('<f8').tobytes()),
    })
    labels = torch.tensor([0, -5, 16777216, 3], dtype=torch.int64)
    safetensors_file(base + 'i64.safetensors', {'labels': ('I64', [4], labels.numpy().astype('<i8').tobytes())})
    big = torch.tensor([1, 2, 2 ** 40 + 1], dtype=torch.int64)
    safetensors_file(base + 'i64_inexact.safetensors', {'ids': ('I64', [3], big.numpy().astype('<i8').tobytes())})
    f16 = torch.tensor([1.0, -2.5, 65504.0, 2.0 ** -24, 0.1], dtype=torch.float16)
    safetensors_file(base + 'f16.safetensors', {'h': ('F16', [5], f16.numpy().astype('<f2').tobytes())})
    bf16 = torch.tensor([[1.0, -0.1], [3.0e38, 1.0e-3]], dtype=torch.bfloat16)
    safetensors_file(base + 'bf16.safetensors',
                     {'w': ('BF16', [2, 2], bf16.view(torch.int16).numpy().astype('<i2').tobytes())})
    write_json(base + 'dtypes.json', {
        'header': HEADER,
        'f64.safetensors': {'a': {'dtype': 'torch.float64', 'shape': [2, 3], 'values': flat(f64)},
                            'b': {'dtype': 'torch.float64', 'shape': [], 'values': [float(f64_scalar)]}},
        'i64.safetensors': {'labels': {'dtype': 'torch.int64', 'shape': [4], 'values': labels.tolist()}},
        'f16.safetensors': {'h': {'dtype': 'torch.float32', 'shape': [5], 'values': flat(f16.float())}},
        'bf16.safetensors': {'w': {'dtype': 'torch.float32', 'shape': [2, 2], 'values': flat(bf16.float())}},
    })


if __name__ == '__main__':
    torch.set_default_dtype(torch.float32)
    trajectories()
    mlp()
    safetensors()
