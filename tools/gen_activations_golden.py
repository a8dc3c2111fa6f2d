#!/usr/bin/python3
"""Golden fixtures for jgrad's activation layers (nn.Softplus ... nn.Softmin), taken from torch.

Run with Debian's python3-torch from the repository root:
    /usr/bin/python3 tools/gen_activations_golden.py     writes nn/src/test/resources/golden/nn/activations.txt

The line format is gen_nn_golden.py's (see its docstring): for each layer case the input x, the output y, the
upstream gradient g, the input gradient grad_x and, for PReLU, the weight and its gradient; then the reprs, the
state-dict keys and seeded values (PReLU's init, RReLU's training slopes after torch.manual_seed).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from gen_nn_golden import Fixture, randn, rec_layer, reinit


def main():
    fx = Fixture("activations.txt", "activation layers: forward, gradients, reprs, state-dict keys, seeded values")
    x = randn(3, 4, seed=11) * 2.5
    x[0, 0] = 0.0   # the subgradient at 0
    x[0, 1] = -3.0  # hardswish's and hardsigmoid's kink
    x[0, 2] = 1.0   # hardtanh's bound
    layers = {
        "softplus": nn.Softplus(),
        "softplus_beta": nn.Softplus(2, 1),
        "elu": nn.ELU(),
        "elu_alpha": nn.ELU(0.5),
        "celu": nn.CELU(),
        "celu_alpha": nn.CELU(0.5),
        "selu": nn.SELU(),
        "glu": nn.GLU(),
        "hardtanh": nn.Hardtanh(),
        "hardtanh_bounds": nn.Hardtanh(-2.0, 1.5),
        "relu6": nn.ReLU6(),
        "rrelu_eval": nn.RReLU(0.1, 0.3).eval(),
        "mish": nn.Mish(),
        "hardswish": nn.Hardswish(),
        "hardsigmoid": nn.Hardsigmoid(),
        "softsign": nn.Softsign(),
        "tanhshrink": nn.Tanhshrink(),
        "threshold": nn.Threshold(0.1, 20),
        "logsigmoid": nn.LogSigmoid(),
        "softmin": nn.Softmin(1),
        "softmin_implicit": nn.Softmin(),
    }
    for name, module in layers.items():
        rec_layer(fx, name, module, x * 3 if name == "relu6" else x)
    rec_layer(fx, "glu_dim0", nn.GLU(0), randn(4, 3, seed=18))
    rec_layer(fx, "prelu", reinit(nn.PReLU(3), 12), randn(2, 3, 4, seed=13), ["weight"])
    rec_layer(fx, "prelu_one", reinit(nn.PReLU(), 14), randn(2, 5, seed=15), ["weight"])
    # RReLU in training: slopes from the global generator after torch.manual_seed(3).
    rec_layer(fx, "rrelu_train", nn.RReLU(0.1, 0.3), randn(4, 5, seed=16), seed=3)
    torch.manual_seed(3)
    rrelu = nn.RReLU()
    y = rrelu(randn(6, seed=17))
    fx.t("rrelu_default_train.y", y)
    fx.t("rrelu_default_train.after", torch.rand(2))  # the stream continues where the draws left it

    torch.manual_seed(0)
    fx.t("prelu_init.weight", nn.PReLU(4, 0.1).weight)
    fx.s("prelu_state_dict_keys", " ".join(nn.PReLU(3).state_dict().keys()))

    reprs = dict(layers)
    reprs.update({
        "prelu": nn.PReLU(3), "prelu_default": nn.PReLU(), "rrelu": nn.RReLU(), "rrelu_bounds": nn.RReLU(0.1, 0.3),
        "threshold_int": nn.Threshold(1, 2), "softplus_float": nn.Softplus(0.5, 10.5),
        "seq": nn.Sequential(nn.Linear(2, 4), nn.PReLU(4), nn.Hardswish(), nn.GLU(), nn.Softmin(-1)),
    })
    for name, module in reprs.items():
        fx.s("repr." + name, repr(module))
    fx.write()


if __name__ == "__main__":
    main()
