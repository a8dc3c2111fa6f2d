"""Expected values for autograd's CopySlices tests (in-place ops on views of tensors that require grad).

Run with Debian's torch: /usr/bin/python3 tools/gen_copyslices_golden.py
The printed numbers are pasted into autograd/src/test/java/dev/jgrad/autograd/CopySlicesTest.java.
"""
import torch

print("# torch", torch.__version__)
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)

# 1. mul_ on a column slice of a non-leaf
h = x * 2
h[:, 0:2].mul_(3)
print("case1 h", h.detach().flatten().tolist(), h.grad_fn.name())
(h * h).sum().backward()
print("case1 grad", x.grad.flatten().tolist())
x.grad = None

# 2. zero_ on a row (select); exp would save its output and fail the version check (case 2b)
h = x * 3
h[1].zero_()
w = torch.tensor([[1., -1., 2.], [3., 3., 3.]])
(h * w).sum().backward()
print("case2 grad", x.grad.flatten().tolist())
x.grad = None

# 2b. exp saved its output, which zero_ then modified through a view: backward refuses
h = x.exp()
h[1].zero_()
try:
    h.sum().backward()
except RuntimeError as e:
    print("case2b error", str(e)[:120])

# 3. copy_ from another tensor that requires grad into a row
y = torch.tensor([[7., 8., 9.]], requires_grad=True)
h = x * 1
h[0:1].copy_(y)
(h ** 2).sum().backward()
print("case3 grad x", x.grad.flatten().tolist(), "grad y", y.grad.flatten().tolist())
x.grad = None

# 4. add_ of a tensor that requires grad into a transposed view
z = torch.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)
h = x * 1
h.t().add_(z * z)
c = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
(h * c).sum().backward()
print("case4 h", h.detach().flatten().tolist(), "grad x", x.grad.flatten().tolist(), "grad z", z.grad.flatten().tolist())
x.grad = None

# 5. a base that does not require grad receives a tensor that does
y = torch.tensor([2., 3., 4.], requires_grad=True)
h = torch.zeros(2, 3)
h[1].copy_(y)
print("case5 requires_grad", h.requires_grad, h.grad_fn.name())
(h * c).sum().backward()
print("case5 grad y", y.grad.tolist())

# 6. a view of a view (column 1 of the first row block), then another in-place op on the base itself
x.grad = None
w2 = torch.tensor([10., 20.], requires_grad=True)
h = x * 1
h[0:2][:, 1].mul_(w2)
h.add_(1)
(h * c).sum().backward()
print("case6 h", h.detach().flatten().tolist(), "grad x", x.grad.flatten().tolist(), "grad w2", w2.grad.tolist())

# 7. a view taken before an in-place op on an overlapping view: PyTorch regenerates its history (AsStridedBackward0)
x.grad = None
h = x * 2
v = h[:, 0]
h[0].mul_(3)
print("case7 v", v.detach().tolist(), v.grad_fn.name())
(v * torch.tensor([1., 10.])).sum().backward()
print("case7 grad x", x.grad.flatten().tolist())

# 8. two in-place ops on two overlapping views, one after the other
x.grad = None
h = x * 2
col = h[:, 1]
row = h[0]
row.mul_(3)
col.add_(torch.tensor([100., 200.]))
print("case8 h", h.detach().flatten().tolist())
(h * c).sum().backward()
print("case8 grad x", x.grad.flatten().tolist())
