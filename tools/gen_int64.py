"""Golden values for int64 and bool tensors beyond float precision (int64 above 2^53).

Writes autograd/src/test/resources/golden/int64/int64.json: for each named case the result's dtype, shape, values
(exact integers) and printed form. The Java test (Int64Test) builds the same cases by name.
Run: /usr/bin/python3 tools/gen_int64.py
"""
import json
import torch

B = 2 ** 53
a = torch.tensor([2 ** 62 + 3, -(2 ** 61) - 7, B + 1, 12345678901234567, -9, 0], dtype=torch.int64)
b = torch.tensor([3, -5, 7, 2 ** 31 + 11, 4, -6], dtype=torch.int64)
grid = torch.arange(B, B + 20).reshape(4, 5)
mask = torch.tensor([True, False, True, True, False, False])
p = torch.tensor([True, False, True, False])
q = torch.tensor([True, True, False, False])

cases = {
    "arange": torch.arange(B, B + 6),
    "arange_step": torch.arange(-B - 1, B + 2, 2 ** 52),
    "add": a + b, "sub": a - b, "mul": a * b,
    "floor_divide": torch.div(a, b, rounding_mode="floor"), "div_trunc": torch.div(a, b, rounding_mode="trunc"),
    "remainder": torch.remainder(a, b), "neg": -a, "abs": torch.abs(a),
    "add_int": a + 2, "mul_int": a * 3, "sub_int_left": 7 - a,
    "maximum": torch.maximum(a, b), "minimum": torch.minimum(a, b),
    "pow": torch.pow(b, torch.tensor([2, 3, 1, 2, 5, 0])),
    "eq": a == torch.tensor([2 ** 62 + 3, 0, B, 12345678901234567, -9, 1]), "lt": a < b, "ge": a >= b,
    "gt_scalar": a > B,
    "sum": a.sum(), "sum_dim": grid.sum(0), "prod": b.prod(), "cumsum": a.cumsum(0), "cumsum_dim": grid.cumsum(1),
    "max": a.max(), "min": a.min(), "argmax": a.argmax(), "argmin": a.argmin(), "max_dim_values": grid.max(1)[0],
    "max_dim_indices": grid.max(1)[1], "clamp": torch.clamp(a, -10, B + 5),
    "index_row": grid[2], "index_col": grid[:, 3], "index_select": grid.index_select(1, torch.tensor([4, 0, 4])),
    "gather": grid.gather(1, torch.tensor([[4, 0], [1, 1], [3, 2], [0, 4]])),
    "masked_select": a.masked_select(mask), "where": torch.where(mask, a, b), "masked_fill": a.masked_fill(mask, -1),
    "transpose_contiguous": grid.t().contiguous(), "flip": grid.flip(1), "cat": torch.cat([a, b]),
    "stack": torch.stack([a, b]), "repeat": b.repeat(2), "one_hot": torch.nn.functional.one_hot(torch.tensor([2, 0]), 3),
    "to_float64": a.to(torch.float64), "to_float32": a.to(torch.float32),
    "from_float64": torch.tensor([2.0 ** 60, -3.7, 3.7, 1e15 + 0.5], dtype=torch.float64).to(torch.int64),
    "add_float": a + 2.5, "true_divide": b / torch.tensor([2, 2, 2, 2, 2, 2]),
    "add_float_tensor": b + torch.tensor([0.5] * 6), "bool_add": p + q, "bool_mul": p * q, "bool_sum": p.sum(),
    "bool_to_long": p.to(torch.int64), "long_to_bool": b.to(torch.bool), "bool_eq": p == q,
}


def values(t):
    if t.dtype.is_floating_point:
        return [float(v) for v in t.flatten().tolist()]
    return [int(v) for v in t.flatten().tolist()]


out = {"header": "tools/gen_int64.py, torch " + torch.__version__, "cases": {}}
for name, t in cases.items():
    out["cases"][name] = {"dtype": str(t.dtype), "shape": list(t.shape), "values": values(t), "str": str(t)}
with open("autograd/src/test/resources/golden/int64/int64.json", "w") as f:
    json.dump(out, f, indent=1)
