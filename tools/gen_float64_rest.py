#!/usr/bin/python3
"""Float64 fixtures for the ops and layers whose float64 paths came last: multilabel margin loss, CTC loss, spectral
normalisation, the structured Init fills and LBFGS.

Run with Debian's python3-torch from the repository root:
    /usr/bin/python3 tools/gen_float64_rest.py      writes nn/src/test/resources/golden/nn/float64_rest.json
                                                    and optim/src/test/resources/golden/optim/float64_lbfgs.json

Every tensor is float64 unless named otherwise; doubles are written by json.dumps (shortest repr, every bit kept).
- losses: name, op, options, inputs (name, dtype, shape, values, grad), upstream g, out and the gradients.
- spectral: a float64 Linear's weight, the seed set before registration, the buffers _u and _v after it, the
  training-mode forward on x, the upstream g, and the gradients of the original weight and of x.
- init: the fill, its arguments, the tensor's shape, the global seed set before it, and the values.
- lbfgs (second file): a float64 problem, the options, and after each step(closure) the loss it returned and the
  parameters flattened.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

DT = torch.float64
HEADER = "tools/gen_float64_rest.py, torch " + torch.__version__
NN_OUT = os.path.join("nn", "src", "test", "resources", "golden", "nn", "float64_rest.json")
OPTIM_OUT = os.path.join("optim", "src", "test", "resources", "golden", "optim", "float64_lbfgs.json")


def randn(*shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=DT)


def enc(t):
    t = t.detach()
    name = {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64"}[t.dtype]
    return {"dtype": name, "shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


losses = []


def loss_case(name, op, inputs, grads, opts, fn):
    leaves = []
    for key, value in inputs:
        value = value.detach().clone()
        if key in grads:
            value.requires_grad_(True)
        leaves.append((key, value))
    out = fn(*[v for _, v in leaves])
    g = randn(*out.shape, seed=999) if out.dim() > 0 else torch.tensor(1.5, dtype=DT)
    wrt = [v for k, v in leaves if k in grads]
    vjp = torch.autograd.grad(out, wrt, g)
    losses.append({"name": name, "op": op, "opts": opts,
                   "inputs": [dict(enc(v), name=k, grad=k in grads) for k, v in leaves],
                   "g": enc(g), "out": enc(out), "grad_fn": type(out.grad_fn).__name__,
                   "grads": {k: enc(gr) for k, gr in zip([k for k, _ in leaves if k in grads], vjp)}})


# multilabel margin: a row's targets end at the first -1; a repeated target counts twice
scores = randn(4, 5, seed=1)
mlm_target = torch.tensor([[3, 0, -1, 1, 2], [1, -1, 0, 0, 0], [0, 1, 2, 3, 4], [4, 4, -1, 0, 0]])
for red in ("none", "mean", "sum"):
    loss_case("multilabel_margin." + red, "multilabel_margin_loss", [("x", scores), ("y", mlm_target)], ["x"],
              {"reduction": red}, lambda x, y, r=red: F.multilabel_margin_loss(x, y, reduction=r))
loss_case("multilabel_margin.unbatched", "multilabel_margin_loss",
          [("x", scores[0]), ("y", torch.tensor([2, 4, -1, 0, 0]))], ["x"], {"reduction": "none"},
          lambda x, y: F.multilabel_margin_loss(x, y, reduction="none"))

# CTC: T = 7, N = 3, C = 5, blank 0; log-probabilities as leaves (PyTorch's gradient is the kernel's)
lp = F.log_softmax(randn(7, 3, 5, seed=2), 2)
padded = torch.tensor([[1, 2, 2], [3, 1, 0], [4, 0, 0]])
for red in ("none", "mean", "sum"):
    loss_case("ctc.padded." + red, "ctc_loss",
              [("x", lp), ("y", padded), ("il", torch.tensor([7, 6, 5])), ("tl", torch.tensor([3, 2, 1]))], ["x"],
              {"reduction": red, "blank": 0, "zero_infinity": False},
              lambda x, y, il, tl, r=red: F.ctc_loss(x, y, il, tl, 0, r, False))
loss_case("ctc.concatenated.blank2", "ctc_loss",
          [("x", lp), ("y", torch.tensor([1, 3, 4, 1, 4])), ("il", torch.tensor([7, 4, 6])),
           ("tl", torch.tensor([2, 1, 2]))], ["x"], {"reduction": "mean", "blank": 2, "zero_infinity": False},
          lambda x, y, il, tl: F.ctc_loss(x, y, il, tl, 2, "mean", False))
# sample 1 cannot fit three labels (two repeated) into 3 steps: an infinite loss, zeroed
loss_case("ctc.zero_infinity", "ctc_loss",
          [("x", lp), ("y", torch.tensor([[1, 2, 2], [3, 3, 3], [4, 0, 0]])), ("il", torch.tensor([7, 3, 5])),
           ("tl", torch.tensor([3, 3, 1]))], ["x"], {"reduction": "sum", "blank": 0, "zero_infinity": True},
          lambda x, y, il, tl: F.ctc_loss(x, y, il, tl, 0, "sum", True))

# spectral norm on a float64 Linear(5, 3), u and v drawn from the global generator in float64
spectral = []
for name, seed, iters in (("linear.1", 7, 1), ("linear.3", 11, 3)):
    lin = torch.nn.Linear(5, 3).double()
    with torch.no_grad():
        lin.weight.copy_(randn(3, 5, seed=seed + 100))
        lin.bias.copy_(randn(3, seed=seed + 200))
    w0 = lin.weight.detach().clone()
    torch.manual_seed(seed)
    torch.nn.utils.parametrizations.spectral_norm(lin, n_power_iterations=iters)
    p = lin.parametrizations.weight[0]
    u0, v0 = p._u.detach().clone(), p._v.detach().clone()
    x = randn(4, 5, seed=seed + 300).requires_grad_(True)
    out = lin(x)
    g = randn(4, 3, seed=999)
    gw, gx = torch.autograd.grad(out, [lin.parametrizations.weight.original, x], g)
    spectral.append({"name": name, "seed": seed, "iterations": iters, "weight": enc(w0), "bias": enc(lin.bias),
                     "u": enc(u0), "v": enc(v0), "x": enc(x), "out": enc(out), "g": enc(g),
                     "grad_weight": enc(gw), "grad_x": enc(gx),
                     "u_after": enc(p._u), "v_after": enc(p._v)})

# Init fills on float64 tensors after torch.manual_seed(5)
init = []


def init_case(name, shape, fn, args):
    t = torch.zeros(*shape, dtype=DT)
    torch.manual_seed(5)
    fn(t)
    init.append(dict(enc(t), name=name, args=args))


init_case("orthogonal_.square", (4, 4), lambda t: torch.nn.init.orthogonal_(t), {})
init_case("orthogonal_.tall", (6, 3), lambda t: torch.nn.init.orthogonal_(t, 0.5), {"gain": 0.5})
init_case("orthogonal_.wide", (2, 3, 2), lambda t: torch.nn.init.orthogonal_(t), {})
init_case("trunc_normal_.default", (40, 30), lambda t: torch.nn.init.trunc_normal_(t), {})
init_case("trunc_normal_.shifted", (50,), lambda t: torch.nn.init.trunc_normal_(t, 0.5, 2.0, -1.0, 3.0),
          {"mean": 0.5, "std": 2.0, "a": -1.0, "b": 3.0})
init_case("sparse_", (6, 4), lambda t: torch.nn.init.sparse_(t, 0.5, 0.02), {"sparsity": 0.5, "std": 0.02})
init_case("dirac_.groups1", (4, 3, 3), lambda t: torch.nn.init.dirac_(t), {"groups": 1})
init_case("dirac_.groups2", (4, 2, 3, 3), lambda t: torch.nn.init.dirac_(t, 2), {"groups": 2})
init_case("eye_", (3, 5), lambda t: torch.nn.init.eye_(t), {})
init_case("xavier_normal_", (5, 7), lambda t: torch.nn.init.xavier_normal_(t, 1.5), {"gain": 1.5})
init_case("kaiming_uniform_", (6, 4), lambda t: torch.nn.init.kaiming_uniform_(t, math.sqrt(5)),
          {"a": math.sqrt(5)})
init_case("constant_", (2, 3), lambda t: torch.nn.init.constant_(t, 0.1), {"value": 0.1})

os.makedirs(os.path.dirname(NN_OUT), exist_ok=True)
with open(NN_OUT, "w") as f:
    json.dump({"header": HEADER, "losses": losses, "spectral": spectral, "init": init}, f)
    f.write("\n")

# LBFGS on float64 parameters: Rosenbrock (x, y) and a least-squares fit w [3], b []
A = randn(8, 3, seed=20)
b_true = randn(8, seed=21)


def rosenbrock(ps):
    x, y = ps[0][0], ps[0][1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def least_squares(ps):
    r = A @ ps[0] + ps[1] - b_true
    return (r * r).mean()


problems = {"rosenbrock": (rosenbrock, lambda: [torch.tensor([-1.5, 2.0], dtype=DT)]),
            "least_squares": (least_squares, lambda: [torch.zeros(3, dtype=DT), torch.zeros((), dtype=DT)])}
runs = []
for name, problem, opts in (("rosenbrock.plain", "rosenbrock", dict(lr=0.05, max_iter=4)),
                            ("rosenbrock.strong_wolfe", "rosenbrock",
                             dict(line_search_fn="strong_wolfe", max_iter=3, history_size=4)),
                            ("least_squares.plain", "least_squares", dict(lr=0.3, max_iter=2)),
                            ("least_squares.strong_wolfe", "least_squares",
                             dict(line_search_fn="strong_wolfe", max_iter=2))):
    fn, init_params = problems[problem]
    params = [p.requires_grad_(True) for p in init_params()]
    opt = torch.optim.LBFGS(params, **opts)

    def closure():
        opt.zero_grad()
        loss = fn(params)
        loss.backward()
        return loss

    steps = []
    for _ in range(20):
        loss = opt.step(closure)
        steps.append({"loss": float(loss), "params": [float(v) for p in params for v in p.detach().reshape(-1)]})
    state = opt.state[params[0]]
    runs.append({"name": name, "problem": problem, "options": opts, "steps": steps,
                 "state_dtypes": {k: str(v.dtype) for k, v in state.items() if torch.is_tensor(v)}})

os.makedirs(os.path.dirname(OPTIM_OUT), exist_ok=True)
with open(OPTIM_OUT, "w") as f:
    json.dump({"header": HEADER, "A": enc(A), "b": enc(b_true), "runs": runs}, f)
    f.write("\n")
