"""PyTorch side of the jgrad benchmarks: the same workloads as the JMH benchmarks in
benchmarks/src/main/java/dev/jgrad/benchmarks, in the style of shared/bench/torch_baselines.py.

Run with Debian's python3-torch (1.13, OpenBLAS) through the system python:
    /usr/bin/python3 tools/bench_torch.py [threads|best] [--no-csv] [--only=REGEX]
        best (the default): every workload at 1 thread and at one thread per core (os.cpu_count()), the faster
              of the two reported as its result; a fixed number runs everything at that thread count.
        --only runs the workloads whose key matches REGEX, e.g. --only='lstm|gru'.
Output: comment lines start with '#'; every result is one line  `RESULT<TAB>key<TAB>median_us`, the median over
5 timed batches of the mean time per call, after a warm-up; with `best`, each thread count's median is also printed
as `THREADS<TAB>key<TAB>threads<TAB>median_us`. tools/run_benchmarks.sh parses both."""
import os, re, sys, time, platform, tempfile
import numpy as np
import torch, torch.nn as nn

args = [a for a in sys.argv[1:] if not a.startswith("--")]
MODE = args[0] if args else "best"
THREAD_COUNTS = sorted({1, os.cpu_count() or 1}) if MODE == "best" else [int(MODE)]
torch.set_num_threads(THREAD_COUNTS[0])
torch.manual_seed(0)
BATCH_SECONDS = 0.25  # target length of one timed batch
ONLY = next((a[len("--only="):] for a in sys.argv[1:] if a.startswith("--only=")), None)


def bench(key, fn):
    if ONLY and not re.search(ONLY, key):
        return None
    best = None
    for threads in THREAD_COUNTS:
        torch.set_num_threads(threads)
        med = bench_at(fn)
        if len(THREAD_COUNTS) > 1:
            print(f"THREADS\t{key}\t{threads}\t{med * 1e6:.3f}", flush=True)
        best = med if best is None else min(best, med)
    torch.set_num_threads(THREAD_COUNTS[0])
    print(f"RESULT\t{key}\t{best * 1e6:.3f}", flush=True)
    return best


def bench_at(fn):
    # Calibrate the batch size so that each of the 5 timed batches lasts about BATCH_SECONDS.
    for _ in range(3):
        fn()
    n, elapsed = 1, 0.0
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - t
        if elapsed > 0.05 or n >= 1 << 20:
            break
        n *= 4
    n = max(3, int(n * BATCH_SECONDS / max(elapsed, 1e-9)))
    for _ in range(max(3, n // 10)):
        fn()
    ts = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        ts.append((time.perf_counter() - t) / n)
    ts.sort()
    return ts[2]


print(f"# torch {torch.__version__}, python {platform.python_version()}, threads {MODE} "
      f"({', '.join(map(str, THREAD_COUNTS))})")

# 1. The seed's autograd tutorial step: tiny tensors, overhead-dominated.
x = torch.randn(3, requires_grad=True)
def seed_step():
    y = x + 2
    z = (y * y * 2).mean()
    z.backward()
    x.grad.zero_()
bench("seed_step", seed_step)

# 2. The seed's dummy training loop: weights*3 sum backward + SGD step + zero_grad.
w = torch.ones(4, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.01)
def seed_sgd_step():
    out = (w * 3).sum()
    out.backward()
    opt.step()
    opt.zero_grad()
bench("seed_sgd_step", seed_sgd_step)

# 3-6. MLP training steps: zero_grad, forward, cross-entropy, backward, optimizer step on one fixed batch.
def mlp_case(key, sizes, batch, adam=False):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    if adam:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    lossf = nn.CrossEntropyLoss()
    X = torch.randn(batch, sizes[0]); Y = torch.randint(0, sizes[-1], (batch,))
    def step():
        opt.zero_grad()
        loss = lossf(model(X), Y)
        loss.backward()
        opt.step()
    bench(key, step)
mlp_case("mlp_tiny", [4, 16, 16, 3], 32)
mlp_case("mlp_mid", [64, 256, 256, 10], 128)
mlp_case("mlp_large", [784, 512, 512, 10], 256)
mlp_case("adam_mid", [64, 256, 10], 128, adam=True)


# 6b. LeNet-style convolutional training step (ConvBenchmarks): conv 1->6 5x5, relu, max-pool 2, conv 6->16 5x5,
#     relu, max-pool 2, flatten, 256-120-84-10 with relus, cross-entropy, SGD lr 0.01 momentum 0.9; batch 64 of
#     28x28 single-channel images.
def lenet_step_case():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84),
                          nn.ReLU(), nn.Linear(84, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    lossf = nn.CrossEntropyLoss()
    X = torch.randn(64, 1, 28, 28); Y = torch.randint(0, 10, (64,))
    def step():
        opt.zero_grad()
        loss = lossf(model(X), Y)
        loss.backward()
        opt.step()
    bench("lenet_step", step)
lenet_step_case()

# 7. matmul throughput (GFLOP/s = 2n^3 / time, computed by the runner).
for n_ in (64, 256, 512, 1024):
    a = torch.randn(n_, n_); b = torch.randn(n_, n_)
    bench(f"sgemm_{n_}", lambda: a @ b)

# 8. elementwise and reduction throughput on 1e6 elements.
a = torch.randn(1_000_000); b = torch.randn(1_000_000); rows = a.view(1000, 1000)
positive = a.abs() + 0.01
bench("add_1e6", lambda: a + b)
bench("mul_1e6", lambda: a * b)
bench("relu_1e6", lambda: torch.relu(a))
bench("exp_1e6", lambda: torch.exp(a))
bench("log_1e6", lambda: torch.log(positive))
bench("tanh_1e6", lambda: torch.tanh(a))
bench("sigmoid_1e6", lambda: torch.sigmoid(a))
bench("gelu_1e6", lambda: torch.nn.functional.gelu(a))
bench("gelu_tanh_1e6", lambda: torch.nn.functional.gelu(a, approximate="tanh"))
bench("sum_1e6", lambda: a.sum())
bench("softmax_1e6", lambda: torch.softmax(rows, 1))
norm_x = torch.randn(4096, 1024); norm_w = torch.randn(1024); norm_b = torch.randn(1024)
bench("layer_norm_4096x1024", lambda: torch.nn.functional.layer_norm(norm_x, (1024,), norm_w, norm_b, 1e-5))
# Forward and backward together, gradients through torch.autograd.grad with a fixed output gradient.
a_grad = a.detach().requires_grad_(); rows_grad = rows.detach().requires_grad_(); rows_gout = torch.randn(1000, 1000)
bench("sum_bwd_1e6", lambda: torch.autograd.grad(a_grad.sum(), a_grad))
bench("softmax_bwd_1e6", lambda: torch.autograd.grad(torch.softmax(rows_grad, 1), rows_grad, rows_gout))
norm_xg = norm_x.detach().requires_grad_(); norm_wg = norm_w.detach().requires_grad_()
norm_bg = norm_b.detach().requires_grad_(); norm_gout = torch.randn(4096, 1024)
bench("layer_norm_bwd_4096x1024", lambda: torch.autograd.grad(
    torch.nn.functional.layer_norm(norm_xg, (1024,), norm_wg, norm_bg, 1e-5), (norm_xg, norm_wg, norm_bg), norm_gout))


# 11. Transformer encoder training step (TransformerBenchmark): 4 x TransformerEncoderLayer(d_model 128, 4 heads,
#     feed-forward 512, relu, post-norm, sequence-first), input [64, 32, 128], MSE against a fixed target, AdamW(1e-3).
def transformer_case(key, dropout):
    if ONLY and not re.search(ONLY, key):
        return
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(128, 4, 512, dropout)
    model = nn.TransformerEncoder(layer, 4, enable_nested_tensor=False)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.randn(64, 32, 128); target = torch.randn(64, 32, 128)
    def step():
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), target)
        loss.backward()
        opt.step()
    bench(key, step)
transformer_case("transformer_encoder_step_dropout0.1", 0.1)
transformer_case("transformer_encoder_step_dropout0.0", 0.0)


# 9. Loading a 1,000,000 x 11 numeric CSV (10 features with 6 decimals, a 2-decimal target; ~100 MB) into a
#    [rows, 10] float32 feature tensor and a [rows] target tensor. PyTorch has no CSV reader: numpy.loadtxt (C parser
#    since numpy 1.23) + torch.from_numpy is the usual route without pandas. One load per timed run, as JMH's
#    single-shot mode does; 1 warm-up, median of 5.
# 10. Recurrent training steps (RecurrentBenchmarks): a 2-layer LSTM / GRU, input 256, hidden 256, time-major input
#     [seq 64, batch 32, 256], MSE against a fixed target of the output's shape, Adam lr 1e-3.
def rnn_case(key, cls):
    torch.manual_seed(0)
    model = cls(256, 256, num_layers=2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    lossf = nn.MSELoss()
    X = torch.randn(64, 32, 256); Y = torch.randn(64, 32, 256)
    def step():
        opt.zero_grad()
        loss = lossf(model(X)[0], Y)
        loss.backward()
        opt.step()
    bench(key, step)
rnn_case("lstm_step", nn.LSTM)
rnn_case("gru_step", nn.GRU)


if "--no-csv" not in sys.argv and (not ONLY or re.search(ONLY, "csv_load")):
    rng = np.random.default_rng(42)
    rows = 1_000_000
    xs = rng.integers(-2_000_000, 2_000_000, size=(rows, 10)) / 1e6
    target = np.round((xs * np.arange(1, 11)).sum(1), 2)
    fd, path = tempfile.mkstemp(prefix="jgrad-bench-", suffix=".csv")
    os.close(fd)
    try:
        np.savetxt(path, np.column_stack([xs, target]), fmt=["%.6f"] * 10 + ["%.2f"], delimiter=",",
                   header=",".join([f"x{i}" for i in range(10)] + ["target"]), comments="")
        def load():
            a = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
            return torch.from_numpy(np.ascontiguousarray(a[:, :10])), torch.from_numpy(np.ascontiguousarray(a[:, 10]))
        load()
        ts = []
        for _ in range(5):
            t = time.perf_counter()
            load()
            ts.append(time.perf_counter() - t)
        ts.sort()
        print(f"RESULT\tcsv_load_1e6x11\t{ts[2] * 1e6:.3f}", flush=True)
    finally:
        os.remove(path)
