#!/usr/bin/python3
"""Golden fixtures for jgrad's structured initialisers (nn.init.trunc_normal_, orthogonal_, sparse_, dirac_, eye_,
calculate_gain with a parameter), taken from torch.

Run with Debian's python3-torch from the repository root:
    /usr/bin/python3 tools/gen_init_golden.py     writes nn/src/test/resources/golden/nn/init_structured.txt

The line format is gen_nn_golden.py's. The random fills run one after another after torch.manual_seed(0), in the
order listed, so the Java test draws them in the same order from the same stream; error records hold torch's
message ("err.<name> str <message>").
"""
import math

import torch
import torch.nn as nn

from gen_nn_golden import Fixture

SEEDED = [
    ("trunc_normal_default", (4, 5), lambda t: nn.init.trunc_normal_(t)),
    ("trunc_normal_shifted", (3, 7), lambda t: nn.init.trunc_normal_(t, 0.5, 2.0, -1.0, 3.0)),
    ("trunc_normal_big", (40,), lambda t: nn.init.trunc_normal_(t, 0.0, 0.02, -0.04, 0.04)),
    ("orthogonal_tall", (5, 3), lambda t: nn.init.orthogonal_(t)),
    ("orthogonal_wide", (3, 5), lambda t: nn.init.orthogonal_(t)),
    ("orthogonal_conv_gain", (4, 2, 3), lambda t: nn.init.orthogonal_(t, 2.0)),
    ("orthogonal_square", (6, 6), lambda t: nn.init.orthogonal_(t)),
    ("sparse", (6, 4), lambda t: nn.init.sparse_(t, 0.5)),
    ("sparse_std", (5, 3), lambda t: nn.init.sparse_(t, 0.3, 0.1)),
]


def main():
    fx = Fixture("init_structured.txt", "structured nn.init functions, drawn in order after torch.manual_seed(0)")
    torch.manual_seed(0)
    for name, shape, fn in SEEDED:
        t = torch.empty(shape)
        fn(t)
        fx.t("fn." + name, t)
    fx.t("after", torch.rand(3))

    for name, shape, groups in [("dirac_3d", (4, 2, 3), 1), ("dirac_4d_groups", (6, 3, 3, 3), 2),
                                ("dirac_5d", (2, 3, 1, 3, 2), 1)]:
        t = torch.empty(shape)
        nn.init.dirac_(t, groups)
        fx.t("fn." + name, t)
    for name, shape in [("eye_wide", (3, 5)), ("eye_tall", (4, 2))]:
        t = torch.empty(shape)
        nn.init.eye_(t)
        fx.t("fn." + name, t)

    for name, param in [("leaky_relu", 0.3), ("leaky_relu", 0.0), ("conv_transpose3d", 5.0), ("tanh", 2.0)]:
        fx.n("gain.%s_%s" % (name, ("%g" % param).replace(".", "p")), nn.init.calculate_gain(name, param))

    errors = [
        ("gain_unknown", lambda: nn.init.calculate_gain("swish")),
        ("orthogonal_1d", lambda: nn.init.orthogonal_(torch.empty(3))),
        ("sparse_3d", lambda: nn.init.sparse_(torch.empty(2, 2, 2), 0.5)),
        ("dirac_2d", lambda: nn.init.dirac_(torch.empty(2, 2))),
        ("dirac_groups", lambda: nn.init.dirac_(torch.empty(5, 2, 3), 2)),
        ("eye_3d", lambda: nn.init.eye_(torch.empty(2, 2, 2))),
    ]
    for name, fn in errors:
        try:
            fn()
        except ValueError as e:
            fx.s("err." + name, str(e))
        else:
            raise AssertionError(name + " did not raise")
    fx.write()


if __name__ == "__main__":
    main()
