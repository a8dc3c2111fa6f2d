#!/usr/bin/python3
"""Golden fixtures for jgrad's tensor printing (TensorFormatter), taken from torch's own repr().

Run with Debian's python3-torch:  /usr/bin/python3 tools/gen_print_golden.py [OUTPUT]
Default OUTPUT: autograd/src/test/resources/golden/print/cases.txt (relative to the repo root).

File format (line based, UTF-8). After the header comment lines, each case is:
    case <index> <name>
    shape <d0> <d1> ...            (no numbers for a 0-dim tensor)
    dtype float32|float64|int64|bool
    opts <precision> <threshold> <edgeitems> <linewidth> <sci_mode: None|True|False>
    param true|false               (true: printed as an nn.Parameter, "Parameter containing:\n...")
    suffix <text>                  (zero or more: grad_fn=<...> / requires_grad=True, in order)
    data <hex> <hex> ...           (row-major: float64 as 16-digit double bit patterns, the others as 8-digit
                                    float32 bit patterns, int64/bool values stored as float32)
    repr <number of lines>
    <the lines of torch's repr(tensor)>
    end
The threshold is written so that Java's Double.parseDouble reads it ("Infinity" for the "full" profile).
"""
import math
import os
import struct
import sys

import torch

OPTS_DEFAULT = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)

cases = []


def f32_hex(v):
    return "%08x" % struct.unpack("<I", struct.pack("<f", v))[0]


def f64_hex(v):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]


def add(name, t, opts=None, requires_grad=False, op=None, param=False):
    """Record torch's repr of t (after an optional autograd op) under the given print options."""
    o = dict(OPTS_DEFAULT)
    if opts:
        o.update(opts)
    if param:
        t = torch.nn.Parameter(t.detach().clone())
    elif requires_grad or op is not None:
        t = t.detach().clone().requires_grad_(True)
        if op is not None:
            t = op(t)
    torch.set_printoptions(**o)
    try:
        text = repr(t)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_printoptions(sci_mode=None)
    suffixes = []
    if not param:
        if t.grad_fn is not None:
            suffixes.append("grad_fn=<%s>" % type(t.grad_fn).__name__)
        elif t.requires_grad:
            suffixes.append("requires_grad=True")
    dtype = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}[t.dtype]
    flat = t.detach().reshape(-1)
    if dtype == "int64":
        assert all(abs(int(v)) <= 2 ** 24 for v in flat.tolist()), name
    if dtype == "float64":
        data = [f64_hex(v) for v in flat.tolist()]
    else:
        data = [f32_hex(v) for v in flat.to(torch.float32).tolist()]
    thr = o["threshold"]
    thr_text = "Infinity" if thr == math.inf else repr(float(thr))
    cases.append(
        {
            "name": name,
            "shape": list(t.shape),
            "dtype": dtype,
            "opts": "%d %s %d %d %s" % (o["precision"], thr_text, o["edgeitems"], o["linewidth"], o["sci_mode"]),
            "param": param,
            "suffixes": suffixes,
            "data": data,
            "repr": text,
        }
    )


def f(values):
    return torch.tensor(values, dtype=torch.float32)


def build():
    g = torch.Generator().manual_seed(1234)
    shapes = [(), (1,), (5,), (3, 4), (2, 3, 4), (2, 2, 2, 3)]
    scales = [1e-7, 1e-5, 1e-3, 0.1, 1.0, 10.0, 1e3, 1e5, 1e7, 1e9, 1e20]

    # Seeded random values at many scales: fixed-point vs scientific choice, widths, signs.
    for scale in scales:
        for shape in shapes:
            t = torch.randn(shape, generator=g) * scale
            add("randn_%g_%s" % (scale, "x".join(map(str, shape)) or "scalar"), t)

    # Mixed magnitudes inside one tensor (the max/min > 1000 ratio rule and the 1e-4 floor).
    for lo, hi in [(1e-5, 1.0), (0.5, 499.0), (0.5, 501.0), (1e-4, 0.05), (9.9e-5, 0.05), (1.0, 1e8), (1.0, 1.1e8),
                   (0.001, 1.0), (0.001, 1.01), (3.0, 3000.0), (3.0, 3004.0)]:
        add("mixed_%g_%g" % (lo, hi), f([lo, hi]))
        add("mixed_neg_%g_%g" % (lo, hi), f([-lo, 2.0 * lo, hi, -hi / 3.0]))
    add("mixed_small_big_3d", torch.randn(2, 2, 3, generator=g) * torch.tensor([1e-6, 1.0, 1e6]))

    # Integral floats ("1."), including ones large enough to switch to scientific.
    add("int_floats", f([1.0, 2.0]))
    add("int_floats_neg", f([-3.0, 0.0, 12.0, 100.0]))
    add("int_floats_2d", torch.randint(-50, 50, (4, 5), generator=g).float())
    add("int_floats_ratio_999", f([1.0, 999.0]))
    add("int_floats_ratio_1001", f([1.0, 1001.0]))
    add("int_floats_1e8", f([1e8, 2.0, 3e7]))
    add("int_floats_above_1e8", f([2e8, 1e8 + 8, 3.0]))
    add("int_floats_huge", f([1e20, -3e30, 7.0]))
    add("int_float_scalar", f(6.0))
    add("int_float_scalar_neg", f(-17.0))
    add("int_float_scalar_big", f(123456792.0))
    add("int_floats_3d", torch.randint(0, 9, (2, 3, 2), generator=g).float())

    # nan / inf / -inf / -0.0, alone and mixed.
    nan, inf = float("nan"), float("inf")
    specials = {
        "nan_only": [nan],
        "inf_only": [inf, -inf],
        "zeros": [0.0, 0.0, 0.0],
        "neg_zero": [-0.0],
        "neg_zero_mix": [-0.0, 0.0, 1.5],
        "neg_zero_int": [-0.0, 2.0],
        "nan_inf_mix": [nan, 1.25, -inf, inf, -2.5],
        "nan_int": [nan, 1.0, 2.0],
        "inf_int": [inf, -inf, 3.0, -4.0],
        "nan_sci": [nan, 1e-6, 2.5],
        "inf_sci": [inf, 1e10, -3.0],
        "nan_zero": [nan, 0.0, -0.0],
        "tiny_neg": [-1e-5, 1.0],
        "rounds_to_neg_zero": [-0.00004, 0.5, 1.0],
        "subnormal": [1e-45, 1.0],
        "subnormal_only": [1.4e-45, -2.8e-45],
        "float_max": [3.4028234663852886e38, -1.0],
        "float_max_only": [3.4028234663852886e38],
    }
    for name, vals in specials.items():
        add(name, f(vals))
    add("nan_scalar", f(nan))
    add("inf_scalar", f(-inf))
    add("neg_zero_scalar", f(-0.0))
    add("zero_scalar", f(0.0))
    add("nan_2d", f([[nan, 1.0], [2.5, -inf]]))

    # Rounding: exact binary ties (half-even on the exact value) and carries into the next digit.
    ties = [0.03125, 0.09375, 0.15625, 2.5, 0.5, 1.5, 0.125, 0.375, 0.625, 0.875, 1.0625, 3.0625, 0.0078125]
    add("ties_p4", f(ties[:7]))
    add("ties_p2", f(ties[4:11]), {"precision": 2})
    add("ties_p0", f([0.5, 1.5, 2.5, 3.5, -0.5, -2.5, 0.25]), {"precision": 0})
    add("ties_p1_sci", f([1.25, 3.75e-6, 8.5e5]), {"precision": 1, "sci_mode": True})
    add("carry_fixed", f([0.99999, 9.99996, -99.99995]))
    add("carry_sci", f([9.99996e-7, 9.99994e-7, 99999.5, 2.0]))
    add("carry_sci_p2", f([9.996e-9, 0.995, 12.0]), {"precision": 2})
    add("many_digits", f([123.456789, 0.000123456, 1.0]), {"precision": 8})

    # Precision 2 and 8, forced sci_mode True/False, small linewidths.
    for opts in [{"precision": 2}, {"precision": 8}, {"sci_mode": True}, {"sci_mode": False},
                 {"precision": 2, "sci_mode": True}, {"precision": 8, "sci_mode": False}, {"linewidth": 30},
                 {"linewidth": 45, "precision": 6}, {"precision": 1}, {"precision": 0}]:
        tag = "_".join("%s%s" % kv for kv in sorted(opts.items()))
        for scale in [1e-6, 1e-2, 1.0, 100.0, 1e9]:
            for shape in [(), (7,), (3, 5), (2, 2, 4)]:
                t = torch.randn(shape, generator=g) * scale
                add("opts_%s_%g_%s" % (tag, scale, "x".join(map(str, shape)) or "scalar"), t, opts)
        add("opts_%s_int_floats" % tag, f([1.0, -20.0, 300.0]), opts)
        add("opts_%s_int_floats_big" % tag, f([1.0, 2e9, -3.0]), opts)
        add("opts_%s_zeros" % tag, f([0.0, -0.0]), opts)
        add("opts_%s_specials" % tag, f([nan, inf, 0.5, -1e-3]), opts)
        add("opts_%s_int64" % tag, torch.tensor([3, -40, 500]), opts)
        add("opts_%s_bool" % tag, torch.tensor([True, False, True]), opts)

    # int64 and bool.
    add("int64_1d", torch.tensor([1, 2]))
    add("int64_scalar", torch.tensor(7))
    add("int64_neg_scalar", torch.tensor(-12345))
    add("int64_mixed", torch.tensor([-1, 0, 1000, -16777216, 16777216]))
    add("int64_2d", torch.randint(-1000, 1000, (4, 6), generator=g))
    add("int64_3d", torch.randint(0, 10, (2, 3, 4), generator=g))
    add("int64_4d", torch.randint(-5, 5, (2, 2, 3, 2), generator=g))
    add("int64_arange40", torch.arange(40))
    add("int64_arange_wide", torch.arange(-100, 100, 7))
    add("bool_1d", torch.tensor([True, False]))
    add("bool_scalar_true", torch.tensor(True))
    add("bool_scalar_false", torch.tensor(False))
    add("bool_all_true", torch.tensor([True, True, True]))
    add("bool_all_false", torch.tensor([False, False]))
    add("bool_2d", torch.rand(3, 5, generator=g) > 0.5)
    add("bool_3d", torch.rand(2, 3, 4, generator=g) > 0.3)
    add("bool_long", torch.rand(40, generator=g) > 0.5)

    # Empty tensors: size= is printed unless 1-D, dtype= unless float32.
    for shape in [(0,), (0, 3), (3, 0), (2, 0, 4), (0, 0)]:
        tag = "x".join(map(str, shape))
        add("empty_f32_%s" % tag, torch.zeros(shape))
        add("empty_i64_%s" % tag, torch.zeros(shape, dtype=torch.int64))
        add("empty_bool_%s" % tag, torch.zeros(shape, dtype=torch.bool))
    add("empty_rg", torch.zeros(0), requires_grad=True)
    add("empty_rg_2d", torch.zeros(0, 3), requires_grad=True)
    add("empty_gradfn", torch.zeros(2, 0), op=lambda x: x * 2)
    add("empty_param", torch.zeros(0, 4), param=True)
    add("empty_linewidth", torch.zeros(0, 3), {"linewidth": 20}, requires_grad=True)

    # Summarization: above threshold, with edgeitems; the formatter sees only the shown items.
    add("sum_arange2000", torch.arange(2000))
    add("sum_randn1001", torch.randn(1001, generator=g))
    add("sum_randn1000_exact", torch.randn(1000, generator=g))
    add("sum_2d", torch.randn(40, 30, generator=g))
    add("sum_2d_narrow", torch.randn(1001, 2, generator=g))
    add("sum_2d_short", torch.randn(3, 400, generator=g))
    add("sum_3d", torch.randn(11, 11, 11, generator=g))
    add("sum_3d_hidden_outlier",
        torch.cat([torch.randn(5, 4, 3, generator=g), torch.full((1, 4, 3), 1e9), torch.randn(5, 4, 3, generator=g)]),
        {"threshold": 50})
    add("sum_thr5_arange10", torch.arange(10), {"threshold": 5})
    add("sum_thr5_edge2", torch.randn(10, generator=g), {"threshold": 5, "edgeitems": 2})
    add("sum_thr5_edge1_2d", torch.randn(6, 7, generator=g), {"threshold": 5, "edgeitems": 1})
    add("sum_thr10_4d", torch.randn(4, 5, 3, 8, generator=g), {"threshold": 10, "edgeitems": 2})
    add("sum_thr10_4d_small_dims", torch.randn(2, 5, 2, 8, generator=g), {"threshold": 10, "edgeitems": 2})
    add("sum_bool", torch.rand(1200, generator=g) > 0.5)
    add("sum_int_floats", torch.randint(-9, 9, (50, 50), generator=g).float())
    add("sum_specials", torch.cat([f([nan, inf]), torch.randn(996, generator=g), f([-inf, 0.0, 1e-8])]))
    add("sum_thr20_edge5", torch.randn(30, generator=g), {"threshold": 20, "edgeitems": 5})
    add("sum_thr20_edge5_lw40", torch.randn(30, generator=g), {"threshold": 20, "edgeitems": 5, "linewidth": 40})
    add("sum_full_profile", torch.randn(1100, generator=g), {"threshold": math.inf})
    add("sum_rg", torch.randn(1500, generator=g), requires_grad=True)
    add("sum_gradfn_2d", torch.randn(50, 40, generator=g), op=lambda x: x.tanh())

    # Linewidth wrapping of long rows.
    add("wrap_1d_30", torch.randn(30, generator=g))
    add("wrap_1d_100", torch.randn(100, generator=g))
    add("wrap_2d_rows", torch.randn(3, 20, generator=g))
    add("wrap_3d_rows", torch.randn(2, 2, 15, generator=g))
    add("wrap_int64", torch.arange(0, 3000, 37))
    add("wrap_sci", torch.randn(25, generator=g) * 1e-6)
    for lw in [1, 10, 20, 33, 40, 60, 120]:
        add("wrap_lw%d_1d" % lw, torch.randn(20, generator=g), {"linewidth": lw})
        add("wrap_lw%d_2d" % lw, torch.randn(3, 9, generator=g), {"linewidth": lw})
        add("wrap_lw%d_rg" % lw, torch.randn(12, generator=g), {"linewidth": lw}, requires_grad=True)

    # Suffix layout: requires_grad / grad_fn, on one line or pushed to the next when the line is full.
    add("rg_scalar", f(6.5753), requires_grad=True)
    add("rg_1d", torch.randn(3, generator=g), requires_grad=True)
    add("rg_2d", torch.randn(2, 3, generator=g), requires_grad=True)
    add("rg_3d", torch.randn(2, 2, 2, generator=g), requires_grad=True)
    add("gradfn_mean", torch.randn(3, generator=g), op=lambda x: ((x + 2) * (x + 2) * 2).mean())
    add("gradfn_add", torch.randn(3, generator=g), op=lambda x: x + 2)
    add("gradfn_mul_2d", torch.randn(2, 3, generator=g), op=lambda x: x * 3)
    add("gradfn_sum", torch.randn(4, generator=g), op=lambda x: x.sum())
    add("gradfn_view", torch.randn(6, generator=g), op=lambda x: x.view(2, 3))
    add("gradfn_logsoftmax", torch.randn(2, 5, generator=g), op=lambda x: torch.log_softmax(x, 1))
    add("gradfn_sigmoid_long", torch.randn(8, generator=g), op=lambda x: x.sigmoid())
    add("gradfn_t", torch.randn(3, 2, generator=g), op=lambda x: x.t())
    add("gradfn_unsafe_view", torch.randn(2, 3, 4, generator=g), op=lambda x: torch.matmul(x, x.transpose(1, 2)))
    for n in range(4, 12):
        # Row lengths around the 80-column limit so the suffix lands on either side of it.
        add("suffix_fit_%d" % n, torch.randn(n, generator=g), requires_grad=True)
        add("suffix_fit_gradfn_%d" % n, torch.randn(n, generator=g), op=lambda x: x * 1.5)
        add("suffix_fit_int_%d" % n, torch.randint(-99, 99, (n,), generator=g).float() * 100, requires_grad=True)
    for lw in [20, 40, 50]:
        add("suffix_lw%d_gradfn" % lw, torch.randn(2, 4, generator=g), {"linewidth": lw}, op=lambda x: x.exp())
        add("suffix_lw%d_scalar" % lw, f(1.5), {"linewidth": lw}, op=lambda x: x.mul(2))

    # Linewidth sweeps one column at a time, so every boundary of the row wrapping and of the suffix placement
    # (last line + ", " + suffix vs linewidth) is hit exactly.
    sweep_1d = torch.randn(3, generator=g)
    sweep_2d = torch.randn(2, 3, generator=g)
    for lw in range(50, 62):
        add("sweep_lw%d_1d_rg" % lw, sweep_1d, {"linewidth": lw}, requires_grad=True)
    for lw in range(30, 50):
        add("sweep_lw%d_2d_gradfn" % lw, sweep_2d, {"linewidth": lw}, op=lambda x: x.neg())

    # nn.Parameter.
    add("param_ones", torch.ones(2), param=True)
    add("param_2d", torch.randn(3, 4, generator=g), param=True)
    add("param_scalar", f(0.25), param=True)
    add("param_long", torch.randn(20, generator=g), param=True)
    add("param_sum", torch.randn(40, 40, generator=g), param=True)

    # 4-D shapes, and shapes with singleton dims.
    add("shape_1x1", torch.randn(1, 1, generator=g))
    add("shape_1x1x1x1", torch.randn(1, 1, 1, 1, generator=g))
    add("shape_3x1x2", torch.randn(3, 1, 2, generator=g))
    add("shape_2x3x1x4", torch.randn(2, 3, 1, 4, generator=g))
    add("shape_1x5", torch.randn(1, 5, generator=g))
    add("shape_5x1", torch.randn(5, 1, generator=g))
    add("shape_4d_int", torch.randint(0, 100, (2, 2, 2, 2), generator=g))
    add("shape_4d_sci", torch.randn(2, 1, 2, 3, generator=g) * 1e-9)

    # float64: named by a dtype= suffix (float32 is the default), values beyond float32's precision and range.
    def d(values):
        return torch.tensor(values, dtype=torch.float64)
    add("f64_1d", d([1.5, 2.25, -3.0]))
    add("f64_ints", d([1.0, 2.0, -30.0]))
    add("f64_scalar", d(0.1))
    add("f64_precise", d([0.1, 1.0 / 3.0, 2.0 / 3.0]))
    add("f64_tiny", d([1e-300, 1.0]))
    add("f64_huge", d([1e300, -2.5e-5]))
    add("f64_big_ints", d([16777217.0, 2.0 ** 53]))
    add("f64_specials", d([nan, inf, -inf, 0.0, -0.0]))
    add("f64_2d", torch.randn(3, 4, generator=g, dtype=torch.float64))
    add("f64_3d_sci", torch.randn(2, 2, 3, generator=g, dtype=torch.float64) * 1e-7)
    add("f64_rg", torch.randn(5, generator=g, dtype=torch.float64), requires_grad=True)
    add("f64_gradfn", torch.randn(2, 3, generator=g, dtype=torch.float64), op=lambda x: x * 2)
    add("f64_param", torch.randn(2, 2, generator=g, dtype=torch.float64), param=True)
    add("f64_summarized", torch.randn(1200, generator=g, dtype=torch.float64))
    add("f64_wrap", torch.randn(30, generator=g, dtype=torch.float64), {"linewidth": 50}, requires_grad=True)
    add("f64_precision8", d([1.0 / 3.0, 1e-3]), {"precision": 8})
    for shape in [(0,), (0, 3)]:
        add("empty_f64_%s" % "x".join(map(str, shape)), torch.zeros(shape, dtype=torch.float64))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "autograd", "src", "test", "resources", "golden", "print", "cases.txt")
    build()
    os.makedirs(os.path.dirname(out), exist_ok=True)
    lines = ["# generated by tools/gen_print_golden.py with torch %s" % torch.__version__,
             "# %d cases; format described in the script's docstring" % len(cases)]
    for i, c in enumerate(cases):
        lines.append("case %d %s" % (i, c["name"]))
        lines.append(" ".join(["shape"] + [str(d) for d in c["shape"]]))
        lines.append("dtype " + c["dtype"])
        lines.append("opts " + c["opts"])
        lines.append("param " + ("true" if c["param"] else "false"))
        for s in c["suffixes"]:
            lines.append("suffix " + s)
        lines.append(" ".join(["data"] + c["data"]))
        body = c["repr"].split("\n")
        lines.append("repr %d" % len(body))
        lines.extend(body)
        lines.append("end")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("wrote %d cases to %s" % (len(cases), out))


if __name__ == "__main__":
    main()
