"""Times torch.mm on square float64 matrices (OpenBLAS dgemm), for DgemmBenchmark's comparison, or with --float32
on float32 ones (OpenBLAS sgemm), for GemmBenchmark's.

Usage: /usr/bin/python3 tools/bench_dgemm.py [--float32] [--cpu] THREADS N [N ...]
Prints one line per size: dtype, threads, n, median microseconds per product over 5 one-second rounds, GFLOP/s.
With --cpu the rounds are timed in this process's CPU time (all of its threads), as GemmCpuTime times jgrad's
calling thread: at one thread the figure to compare on a machine that other work shares, where wall time mostly
measures how much of a vCPU the process got.
"""
import statistics
import sys
import time

import torch

args = sys.argv[1:]
dtype = torch.float64
if "--float32" in args:
    dtype = torch.float32
    args.remove("--float32")
clock = time.perf_counter
if "--cpu" in args:
    clock = time.process_time
    args.remove("--cpu")
threads = int(args[0])
torch.set_num_threads(threads)
for n in [int(x) for x in args[1:]]:
    g = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=g, dtype=dtype)
    b = torch.randn(n, n, generator=g, dtype=dtype)
    for _ in range(3):   # warm-up rounds, as JMH's
        end = clock() + 1
        while clock() < end:
            torch.mm(a, b)
    rounds = []
    for _ in range(5):
        count = 0
        start = clock()
        while clock() - start < 1:
            torch.mm(a, b)
            count += 1
        rounds.append((clock() - start) / count * 1e6)
    us = statistics.median(rounds)
    print(f"torch {str(dtype)[6:]} threads={threads} n={n} {'cpu ' if clock is time.process_time else ''}median_us={us:.1f} gflops={2 * n ** 3 / us / 1e3:.1f}")
