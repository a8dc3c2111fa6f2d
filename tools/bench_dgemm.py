"""Times torch.mm on square float64 matrices (OpenBLAS dgemm), for DgemmBenchmark's comparison.

Usage: /usr/bin/python3 tools/bench_dgemm.py THREADS N [N ...]
Prints one line per size: threads, n, median microseconds per product over 5 one-second rounds, GFLOP/s.
"""
import statistics
import sys
import time

import torch

threads = int(sys.argv[1])
torch.set_num_threads(threads)
for n in [int(x) for x in sys.argv[2:]]:
    g = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=g, dtype=torch.float64)
    b = torch.randn(n, n, generator=g, dtype=torch.float64)
    for _ in range(3):   # warm-up rounds, as JMH's
        end = time.perf_counter() + 1
        while time.perf_counter() < end:
            torch.mm(a, b)
    rounds = []
    for _ in range(5):
        count = 0
        start = time.perf_counter()
        while time.perf_counter() - start < 1:
            torch.mm(a, b)
            count += 1
        rounds.append((time.perf_counter() - start) / count * 1e6)
    us = statistics.median(rounds)
    print(f"torch threads={threads} n={n} median_us={us:.1f} gflops={2 * n ** 3 / us / 1e3:.1f}")
