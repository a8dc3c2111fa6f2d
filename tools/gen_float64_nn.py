#!/usr/bin/python3
"""Float64 fixtures for the neural-network ops and losses: forward values and vector-Jacobian products computed by
torch in float64.

Run with Debian's python3-torch from the repository root:
    /usr/bin/python3 tools/gen_float64_nn.py      writes nn/src/test/resources/golden/nn/float64_nn.json

The JSON holds a header (this script and torch.__version__), a list of cases, and module_to: a float32 module's
state, then its float64 forward and backward after .double(). Each case has a name, the op
(the Java test maps it to the same call), its options, its inputs (name, dtype, shape, values, and whether its
gradient is recorded), the upstream gradient g, the output out, and grads: the gradient of every recorded input.
Doubles are written by json.dumps, which keeps every bit (shortest repr).
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join("nn", "src", "test", "resources", "golden", "nn", "float64_nn.json")
DT = torch.float64
cases = []


def randn(*shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=DT)


def rand(*shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(*shape, generator=g, dtype=DT)


def enc(t):
    t = t.detach()
    name = {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64", torch.bool: "bool"}[t.dtype]
    values = [float(v) for v in t.reshape(-1).tolist()]
    return {"dtype": name, "shape": list(t.shape), "values": values}


def case(name, op, inputs, grads, opts=None, fn=None, seed=None, after=()):
    """inputs: [(name, tensor)] in the op's argument order; grads: the names whose gradients are recorded; after:
    the names of inputs the op updates in place (running statistics), recorded as they are after the call."""
    leaves = []
    for key, value in inputs:
        value = value.detach().clone()
        if key in grads:
            value.requires_grad_(True)
        leaves.append((key, value))
    recorded = [dict(enc(v), name=k, grad=k in grads) for k, v in leaves]
    if seed is not None:
        torch.manual_seed(seed)
    out = fn(*[v for _, v in leaves])
    g = randn(*out.shape, seed=999) if out.dim() > 0 else torch.tensor(1.5, dtype=DT)
    wrt = [v for k, v in leaves if k in grads]
    vjp = torch.autograd.grad(out, wrt, g, allow_unused=True) if wrt else []
    entry = {"name": name, "op": op, "opts": opts or {},
             "inputs": recorded,
             "g": enc(g), "out": enc(out), "grad_fn": type(out.grad_fn).__name__ if out.grad_fn else None,
             "after": {k: enc(v) for k, v in leaves if k in after},
             "grads": {k: enc(gr if gr is not None else torch.zeros_like(v))
                       for (k, v), gr in zip([(k, v) for k, v in leaves if k in grads], vjp)}}
    cases.append(entry)


x345 = randn(3, 4, 5, seed=1)
for dim in (0, 1, 2):
    case("softmax.dim%d" % dim, "softmax", [("x", x345)], ["x"], {"dim": dim},
         lambda x, d=dim: F.softmax(x, d))
    case("log_softmax.dim%d" % dim, "log_softmax", [("x", x345)], ["x"], {"dim": dim},
         lambda x, d=dim: F.log_softmax(x, d))
case("softmax.large", "softmax", [("x", randn(4, 6, seed=2) * 300)], ["x"], {"dim": 1},
     lambda x: F.softmax(x, 1))

case("dropout.p03", "dropout", [("x", randn(4, 25, seed=3))], ["x"], {"p": 0.3, "seed": 7},
     lambda x: F.dropout(x, 0.3, True), seed=7)

case("layer_norm.affine", "layer_norm", [("x", randn(3, 4, 5, seed=4)), ("w", randn(4, 5, seed=5)),
                                         ("b", randn(4, 5, seed=6))], ["x", "w", "b"],
     {"shape": [4, 5], "eps": 1e-5}, lambda x, w, b: F.layer_norm(x, [4, 5], w, b, 1e-5))
case("layer_norm.plain", "layer_norm", [("x", randn(6, 7, seed=7) * 3 + 2)], ["x"], {"shape": [7], "eps": 1e-6},
     lambda x: F.layer_norm(x, [7], None, None, 1e-6))

idx = torch.tensor([[1, 3, 0], [3, 4, 1]])
case("embedding.pad", "embedding", [("i", idx), ("w", randn(5, 4, seed=8))], ["w"], {"padding_idx": 3},
     lambda i, w: F.embedding(i, w, padding_idx=3))
case("embedding.plain", "embedding", [("i", idx), ("w", randn(5, 4, seed=9))], ["w"], {},
     lambda i, w: F.embedding(i, w))

tgt = torch.tensor([2, 0, 4, 1, 4, 3])
for red in ("mean", "sum", "none"):
    case("nll_loss.%s" % red, "nll_loss", [("x", randn(6, 5, seed=10).log_softmax(1)), ("y", tgt),
                                             ("w", rand(5, seed=11) + 0.5)], ["x"],
         {"reduction": red, "ignore_index": 4}, lambda x, y, w, r=red: F.nll_loss(x, y, w, ignore_index=4, reduction=r))
    case("cross_entropy.%s" % red, "cross_entropy", [("x", randn(6, 5, seed=12)), ("y", tgt)], ["x"],
         {"reduction": red, "ignore_index": -100, "label_smoothing": 0.0},
         lambda x, y, r=red: F.cross_entropy(x, y, reduction=r))
case("cross_entropy.spatial_weighted", "cross_entropy",
     [("x", randn(2, 4, 3, seed=13)), ("y", torch.tensor([[0, 3, 1], [2, 2, 0]])), ("w", rand(4, seed=14) + 0.5)],
     ["x"], {"reduction": "mean", "ignore_index": 1, "label_smoothing": 0.0},
     lambda x, y, w: F.cross_entropy(x, y, w, ignore_index=1))
cases[-1]["grad_fn"] = None   # torch names this node NllLoss2DBackward0; jgrad has one NLL node for every rank
case("cross_entropy.smoothing", "cross_entropy", [("x", randn(6, 5, seed=15)), ("y", tgt)], ["x"],
     {"reduction": "mean", "ignore_index": -100, "label_smoothing": 0.1},
     lambda x, y: F.cross_entropy(x, y, label_smoothing=0.1))
case("cross_entropy.probabilities", "cross_entropy",
     [("x", randn(4, 5, seed=16)), ("y", randn(4, 5, seed=17).softmax(1))], ["x", "y"],
     {"reduction": "mean", "ignore_index": -100, "label_smoothing": 0.0}, lambda x, y: F.cross_entropy(x, y))

xn = randn(4, 3, 5, seed=30) * 2 + 1
wn, bn = randn(3, seed=31), randn(3, seed=32)
case("batch_norm.train", "batch_norm", [("x", xn), ("w", wn), ("b", bn), ("rm", randn(3, seed=33)),
                                        ("rv", rand(3, seed=34) + 0.5)], ["x", "w", "b"],
     {"training": True, "momentum": 0.1, "eps": 1e-5},
     lambda x, w, b, rm, rv: F.batch_norm(x, rm, rv, w, b, True, 0.1, 1e-5), after=["rm", "rv"])
case("batch_norm.eval", "batch_norm", [("x", xn), ("w", wn), ("b", bn), ("rm", randn(3, seed=33)),
                                       ("rv", rand(3, seed=34) + 0.5)], ["x", "w", "b"],
     {"training": False, "momentum": 0.1, "eps": 1e-5},
     lambda x, w, b, rm, rv: F.batch_norm(x, rm, rv, w, b, False, 0.1, 1e-5))
case("group_norm", "group_norm", [("x", randn(2, 6, 4, seed=35)), ("w", randn(6, seed=36)), ("b", randn(6, seed=37))],
     ["x", "w", "b"], {"groups": 3, "eps": 1e-5}, lambda x, w, b: F.group_norm(x, 3, w, b, 1e-5))

bag_idx, bag_off = torch.tensor([1, 4, 2, 2, 0, 3, 1]), torch.tensor([0, 3, 3, 5])
for mode in ("sum", "mean", "max"):
    case("embedding_bag.%s" % mode, "embedding_bag", [("i", bag_idx), ("w", randn(5, 3, seed=40)), ("o", bag_off)],
         ["w"], {"mode": mode, "scale_grad_by_freq": False, "padding_idx": 3},
         lambda i, w, o, md=mode: F.embedding_bag(i, w, o, mode=md, padding_idx=3))
case("embedding_bag.per_sample_weights", "embedding_bag",
     [("i", bag_idx), ("w", randn(5, 3, seed=41)), ("o", bag_off), ("psw", randn(7, seed=42))], ["w", "psw"],
     {"mode": "sum", "scale_grad_by_freq": False},
     lambda i, w, o, psw: F.embedding_bag(i, w, o, mode="sum", per_sample_weights=psw))

xm = randn(4, 5, seed=50)
ym = torch.tensor([1, 0, 4, 2])
case("multi_margin_loss.p1", "multi_margin_loss", [("x", xm), ("y", ym)], ["x"], {"p": 1, "margin": 1.0},
     lambda x, y: F.multi_margin_loss(x, y))
case("multi_margin_loss.p2_weighted", "multi_margin_loss", [("x", xm), ("y", ym), ("w", rand(5, seed=51) + 0.5)],
     ["x"], {"p": 2, "margin": 0.7}, lambda x, y, w: F.multi_margin_loss(x, y, p=2, margin=0.7, weight=w))
case("soft_margin_loss", "soft_margin_loss", [("x", xm), ("y", torch.sign(randn(4, 5, seed=52)))], ["x"], {},
     lambda x, y: F.soft_margin_loss(x, y))

a, b = randn(3, 4, seed=20), randn(3, 4, seed=21)
case("mse_loss", "mse_loss", [("x", a), ("y", b)], ["x", "y"], {}, F.mse_loss)
case("l1_loss", "l1_loss", [("x", a), ("y", b)], ["x", "y"], {}, F.l1_loss)
case("smooth_l1_loss", "smooth_l1_loss", [("x", a), ("y", b)], ["x", "y"], {"beta": 0.5},
     lambda x, y: F.smooth_l1_loss(x, y, beta=0.5))
case("huber_loss", "huber_loss", [("x", a), ("y", b)], ["x", "y"], {"delta": 0.7},
     lambda x, y: F.huber_loss(x, y, delta=0.7))
p = rand(3, 4, seed=22) * 0.98 + 0.01
case("binary_cross_entropy", "binary_cross_entropy", [("x", p), ("y", rand(3, 4, seed=23)), ("w", rand(4, seed=24))],
     ["x", "y"], {}, lambda x, y, w: F.binary_cross_entropy(x, y, w))
case("binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits",
     [("x", a), ("y", rand(3, 4, seed=25)), ("w", rand(4, seed=26)), ("pw", rand(4, seed=27) + 0.5)], ["x", "y"], {},
     lambda x, y, w, pw: F.binary_cross_entropy_with_logits(x, y, w, pos_weight=pw))
case("kl_div", "kl_div", [("x", a.log_softmax(1)), ("y", b.softmax(1))], ["x", "y"], {},
     lambda x, y: F.kl_div(x, y, reduction="batchmean"))



def module_to():
    """A float32 module converted by .double(): its float32 state, a float64 forward (training) and backward."""
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.BatchNorm1d(4), torch.nn.LayerNorm(4))
    with torch.no_grad():
        for i, p in enumerate(m.parameters()):
            p.copy_(randn(*p.shape, seed=100 + i).float())
        m[0].running_mean.copy_(randn(4, seed=110).float())
        m[0].running_var.copy_(rand(4, seed=111).float() + 0.5)
    state = {k: enc(v) for k, v in m.state_dict().items()}
    m.double()
    x = randn(6, 4, seed=112) * 2 + 0.5
    out = m(x)
    g = randn(*out.shape, seed=999)
    out.backward(g)
    return {"state": state, "x": enc(x), "g": enc(g), "out": enc(out),
            "after": {k: enc(v) for k, v in m.state_dict().items()},
            "grads": {k: enc(p.grad) for k, p in m.named_parameters()}}


def module_case(name, module, x, output):
    """A float64 module with torch's (seeded) weights: its state, a forward on x and the gradients of every
    parameter and of x for the upstream gradient g of output(module(x))."""
    module = module.double()
    state = {k: enc(v) for k, v in module.state_dict().items()}
    x = x.detach().clone().requires_grad_(True)
    out = output(module(x))
    g = randn(*out.shape, seed=998)
    out.backward(g)
    grads = {k: enc(p.grad) for k, p in module.named_parameters()}
    grads["x"] = enc(x.grad)
    return {"name": name, "state": state, "x": enc(x), "g": enc(g), "out": enc(out), "grads": grads}


def modules():
    torch.manual_seed(1)
    lstm = torch.nn.LSTM(3, 4, num_layers=2)
    torch.manual_seed(2)
    gru = torch.nn.GRU(3, 4, bidirectional=True)
    torch.manual_seed(3)
    enc_layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0)
    return [module_case("lstm", lstm, randn(5, 2, 3, seed=120), lambda r: r[0]),
            module_case("gru", gru, randn(5, 2, 3, seed=121), lambda r: r[0]),
            module_case("transformer_encoder_layer", enc_layer, randn(5, 2, 8, seed=122), lambda r: r)]


# jgrad composes these losses from Tensor ops (its last node is the reduction's), so only their values and
# gradients are compared.
for c in cases:
    if c["op"] in ("mse_loss", "l1_loss", "soft_margin_loss", "multi_margin_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
                   "binary_cross_entropy_with_logits", "kl_div") or c["name"] == "cross_entropy.probabilities":
        c["grad_fn"] = None

def inits():
    """nn.init on float64 tensors, each after torch.manual_seed(5): torch's float64 random streams."""
    out = []
    for name, shape, fill in (("uniform_", [3, 5], lambda t: torch.nn.init.uniform_(t, -0.5, 2.0)),
                              ("normal_", [4, 6], lambda t: torch.nn.init.normal_(t, 0.3, 1.7)),
                              ("xavier_uniform_", [4, 6], torch.nn.init.xavier_uniform_),
                              ("kaiming_normal_", [5, 7], torch.nn.init.kaiming_normal_)):
        torch.manual_seed(5)
        t = torch.empty(*shape, dtype=DT)
        fill(t)
        out.append(dict(enc(t), name=name))
    return out


os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"header": "generated by tools/gen_float64_nn.py with torch %s" % torch.__version__, "cases": cases,
               "module_to": module_to(), "modules": modules(), "init": inits()}, f, indent=None)
    f.write("\n")
print("wrote %d cases and module_to to %s" % (len(cases), OUT))
