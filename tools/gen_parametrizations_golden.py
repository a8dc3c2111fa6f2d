#!/usr/bin/python3
"""Golden fixtures for jgrad's parametrisations (weight norm, spectral norm, remove_parametrizations) and
nn.utils.parameters_to_vector / vector_to_parameters, taken from torch.

Run with Debian's python3-torch from the repository root:
    /usr/bin/python3 tools/gen_parametrizations_golden.py
writes nn/src/test/resources/golden/nn/parametrizations.txt in gen_nn_golden.py's line format.

torch 1.13 has parametrizations.spectral_norm but not parametrizations.weight_norm (added in 2.1); _WeightNorm
below is PyTorch 2.1's class, registered the way 2.1's weight_norm registers it (unsafe=True), on 1.13's
parametrize machinery. Each case seeds torch.manual_seed before building its module, so the layer's init and the
spectral norm's u, v draws come from the same stream as jgrad's.
"""
import torch
import torch.nn as nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import spectral_norm

from gen_nn_golden import Fixture, randn


class _WeightNorm(nn.Module):
    """torch.nn.utils.parametrizations._WeightNorm of PyTorch 2.1."""

    def __init__(self, dim=0):
        super().__init__()
        if dim is None:
            dim = -1
        self.dim = dim

    def forward(self, weight_g, weight_v):
        return torch._weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        weight_g = torch.norm_except_dim(weight, 2, self.dim)
        weight_v = weight
        return weight_g, weight_v


def weight_norm(module, name="weight", dim=0):
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


def rec(fx, case, module, x):
    """State after registration, forward, backward with a seeded upstream gradient, every gradient."""
    for k, v in module.state_dict().items():
        fx.t("%s.state.%s" % (case, k), v)
    fx.s(case + ".keys", " ".join(module.state_dict().keys()))
    fx.s(case + ".repr", repr(module))
    x = x.clone().requires_grad_(True)
    y = module(x)
    g = torch.randn(y.shape, generator=torch.Generator().manual_seed(99))
    y.backward(g)
    fx.t(case + ".x", x)
    fx.t(case + ".y", y)
    fx.t(case + ".g", g)
    fx.t(case + ".grad_x", x.grad)
    fx.t(case + ".weight", module.weight)
    for name, p in module.named_parameters():
        fx.t("%s.grad.%s" % (case, name), p.grad)
    for name, b in module.named_buffers():
        fx.t("%s.after.%s" % (case, name), b)


def main():
    fx = Fixture("parametrizations.txt", "weight_norm, spectral_norm, parameters_to_vector")

    torch.manual_seed(0)
    rec(fx, "wn_linear", weight_norm(nn.Linear(4, 3)), randn(5, 4, seed=1))
    torch.manual_seed(1)
    rec(fx, "wn_linear_whole", weight_norm(nn.Linear(4, 3), dim=None), randn(5, 4, seed=2))
    torch.manual_seed(2)
    rec(fx, "wn_conv", weight_norm(nn.Conv2d(2, 3, 2)), randn(1, 2, 4, 4, seed=3))

    torch.manual_seed(3)
    sn = spectral_norm(nn.Linear(5, 4))
    rec(fx, "sn_linear", sn, randn(3, 5, seed=4))
    sn.eval()
    y = sn(randn(3, 5, seed=5))
    fx.t("sn_linear.eval_y", y)
    for name, b in sn.named_buffers():
        fx.t("sn_linear.eval_after." + name, b)   # unchanged: no power iteration in eval
    torch.manual_seed(4)
    rec(fx, "sn_linear_dim1", spectral_norm(nn.Linear(5, 4), n_power_iterations=3, dim=1), randn(3, 5, seed=6))
    torch.manual_seed(5)
    rec(fx, "sn_conv", spectral_norm(nn.Conv2d(2, 3, 2), eps=1e-6), randn(1, 2, 4, 4, seed=7))
    torch.manual_seed(6)
    rec(fx, "sn_big", spectral_norm(nn.Linear(20, 18)), randn(2, 20, seed=8))

    torch.manual_seed(7)
    m = weight_norm(nn.Linear(3, 2))
    parametrize.remove_parametrizations(m, "weight")
    fx.s("wn_removed.keys", " ".join(m.state_dict().keys()))
    fx.s("wn_removed.repr", repr(m))
    fx.t("wn_removed.weight", m.weight)
    torch.manual_seed(8)
    m = spectral_norm(nn.Linear(3, 2))
    w = m.parametrizations.weight.original.detach().clone()
    parametrize.remove_parametrizations(m, "weight", leave_parametrized=False)
    fx.t("sn_removed_original.weight", m.weight)
    fx.t("sn_removed_original.expected", w)

    torch.manual_seed(9)
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    vec = nn.utils.parameters_to_vector(model.parameters())
    fx.t("vector.value", vec)
    fx.s("vector.grad_fn", type(vec.grad_fn).__name__)
    w = torch.randn(vec.shape, generator=torch.Generator().manual_seed(10))
    (vec * w).sum().backward()
    for name, p in model.named_parameters():
        fx.t("vector.grad." + name, p.grad)
    new = torch.arange(vec.numel(), dtype=torch.float32) / 10
    nn.utils.vector_to_parameters(new, model.parameters())
    for name, p in model.named_parameters():
        fx.t("vector.back." + name, p)
    try:
        nn.utils.vector_to_parameters(torch.zeros(4), nn.Linear(2, 3).parameters())
    except RuntimeError as e:
        fx.s("err.vector_short", str(e))
    try:
        spectral_norm(nn.Linear(2, 3), n_power_iterations=0)
    except ValueError as e:
        fx.s("err.sn_iterations", str(e))
    try:
        spectral_norm(nn.Linear(2, 3), dim=2)
    except IndexError as e:
        fx.s("err.sn_dim", str(e))
    try:
        parametrize.remove_parametrizations(nn.Linear(2, 3), "weight")
    except ValueError as e:
        fx.s("err.remove_missing", str(e).split("\n")[0])
    try:
        parametrize.remove_parametrizations(weight_norm(nn.Linear(2, 3)), "weight", leave_parametrized=False)
    except ValueError as e:
        fx.s("err.remove_sequence", str(e))
    fx.write()


if __name__ == "__main__":
    main()
