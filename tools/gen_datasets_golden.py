#!/usr/bin/python3
"""Writes the golden fixtures for dev.jgrad.datasets (SplitsTest, DataLoaderTest, PreprocessorTest,
DatasetsTest, IdxReaderTest).

Run with the system python that has torch:  /usr/bin/python3 tools/gen_datasets_golden.py
Output: datasets/src/test/resources/golden/datasets_golden.txt

One record per line, fields separated by " ; ", lists by ",", batches or splits by "|":

    random_split ; <n> ; <l:lengths | f:fractions> ; <seed> ; <split0>|<split1>|...
        torch.utils.data.random_split(range(n), spec, generator=torch.Generator().manual_seed(seed))
    loader ; <n> ; <batch_size> ; <drop_last 0|1> ; <seed> ; <epoch> ; <batch0>|<batch1>|...
        DataLoader(TensorDataset(arange(n)), batch_size, shuffle=True, drop_last,
                   generator=torch.Generator().manual_seed(seed)); epochs 1, 2, 3 of the same loader,
        each iterated to the end
    global_loader ; <n> ; <batch_size> ; <drop_last 0|1> ; <manual_seed> ; <epoch> ; <taken> ; <sampler_seed> ;
            <batch0>|<batch1>|...
        torch.manual_seed(manual_seed); DataLoader(TensorDataset(arange(n)), batch_size, shuffle=True, drop_last)
        with no generator; epochs 1 to 4 of the same loader, taking <taken> batches of each ("all": to the end; a
        smaller number abandons the epoch part-way, 0 creates its iterator and never advances it). sampler_seed is
        the seed RandomSampler drew from the global generator for the epoch ("-" when it drew none); the script
        checks the batches against torch.randperm(n, generator=torch.Generator().manual_seed(sampler_seed)).
    stats ; <dataset> ; <what> ; <values>
        numpy statistics over the training rows of a bundled dataset, where the training rows are the
        first split of random_split(range(rows), [0.8, 0.2], generator=torch.Generator().manual_seed(0))
        over the rows left after dropping the rows the bundled schema drops (float64, repr)
    idx ; <what> ; <values>
        facts about the bundled Fashion-MNIST sample read with gzip + struct (no torch involved)
"""
import csv
import gzip
import os
import struct

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset, random_split

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "datasets", "src", "main", "resources", "dev", "jgrad", "datasets")
OUT = os.path.join(ROOT, "datasets", "src", "test", "resources", "golden", "datasets_golden.txt")


def ints(xs):
    return ",".join(str(int(x)) for x in xs)


def split_lines():
    cases = [
        (10, "l", [7, 3], 42),
        (10, "l", [3, 7], 42),
        (30, "f", [0.3, 0.3, 0.4], 42),
        (11, "f", [0.5, 0.5], 0),
        (10, "f", [0.7, 0.2, 0.1], 1),
        (7, "f", [0.25, 0.25, 0.25, 0.25], 3),
        (150, "f", [0.8, 0.2], 0),
        (342, "f", [0.8, 0.2], 0),
        (1797, "f", [0.8, 0.2], 0),
        (442, "f", [0.8, 0.2], 0),
        (398, "f", [0.8, 0.2], 0),
        (1000, "f", [0.8, 0.2], 0),
        (5, "l", [5, 0], 9),
        (25, "f", [0.1, 0.2, 0.3, 0.4], 12345),
    ]
    out = []
    for n, kind, spec, seed in cases:
        g = torch.Generator().manual_seed(seed)
        parts = random_split(range(n), spec, generator=g)
        text = "|".join(ints(p.indices) for p in parts)
        spec_text = kind + ":" + ",".join(repr(s) for s in spec)
        out.append(f"random_split ; {n} ; {spec_text} ; {seed} ; {text}")
    return out


def loader_lines():
    cases = [(10, 4, False, 42), (10, 4, True, 42), (10, 5, False, 0), (23, 8, False, 7), (7, 3, True, 2**33 + 5),
             (1, 1, False, 11), (100, 32, False, 123)]
    out = []
    for n, bs, drop, seed in cases:
        ds = TensorDataset(torch.arange(n))
        loader = DataLoader(ds, batch_size=bs, shuffle=True, drop_last=drop,
                            generator=torch.Generator().manual_seed(seed))
        for epoch in (1, 2, 3):
            batches = [ints(b[0].tolist()) for b in loader]
            out.append(f"loader ; {n} ; {bs} ; {int(drop)} ; {seed} ; {epoch} ; " + "|".join(batches))
    return out


def global_loader_lines():
    # (n, batch_size, drop_last, manual_seed, batches taken in epochs 1..4)
    cases = [(10, 4, False, 0, ["all", "all", "all", "all"]), (10, 4, True, 42, ["all", 1, "all", "all"]),
             (23, 8, False, 7, [2, 0, "all", 1]), (100, 32, False, 123, ["all", 3, "all", "all"])]
    out = []
    for n, bs, drop, manual_seed, takes in cases:
        torch.manual_seed(manual_seed)
        loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=bs, shuffle=True, drop_last=drop)
        for epoch, take in enumerate(takes, start=1):
            # what the loader is about to draw from the global generator: _BaseDataLoaderIter's base seed, then
            # (on the first batch) RandomSampler's seed, both random_() on an int64 tensor
            probe = torch.get_rng_state()
            torch.empty((), dtype=torch.int64).random_()
            sampler_seed = int(torch.empty((), dtype=torch.int64).random_().item())
            torch.set_rng_state(probe)
            it = iter(loader)
            batches = []
            while take == "all" or len(batches) < take:
                try:
                    batches.append(next(it)[0].tolist())
                except StopIteration:
                    break
            if take != 0:
                perm = torch.randperm(n, generator=torch.Generator().manual_seed(sampler_seed)).tolist()
                assert [i for b in batches for i in b] == perm[:sum(len(b) for b in batches)], (n, manual_seed, epoch)
            out.append(f"global_loader ; {n} ; {bs} ; {int(drop)} ; {manual_seed} ; {epoch} ; {take} ; "
                       + (str(sampler_seed) if take != 0 else "-") + " ; " + "|".join(ints(b) for b in batches))
    return out


def read_csv(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def train_rows(n):
    g = torch.Generator().manual_seed(0)
    train, _ = random_split(range(n), [0.8, 0.2], generator=g)
    return list(train.indices)


def floats(xs):
    return ",".join(repr(float(x)) for x in xs)


def stats_lines():
    out = []
    # iris: four numeric features, standardised with the population std (ddof=0, like scikit-learn).
    header, rows = read_csv("iris.csv")
    x = np.array([[float(v) for v in r[:4]] for r in rows])
    tr = train_rows(len(rows))
    out.append(f"stats ; iris ; train_indices ; {ints(tr)}")
    out.append(f"stats ; iris ; mean ; {floats(x[tr].mean(axis=0))}")
    out.append(f"stats ; iris ; std ; {floats(x[tr].std(axis=0))}")
    out.append(f"stats ; iris ; full_mean ; {floats(x.mean(axis=0))}")
    # auto_mpg: rows with mpg NA dropped (order kept), horsepower filled with the training median.
    header, rows = read_csv("auto_mpg.csv")
    mpg, hp = header.index("mpg"), header.index("horsepower")
    kept = [r for r in rows if r[mpg] != "NA"]
    tr = train_rows(len(kept))
    hp_train = np.array([float(kept[i][hp]) for i in tr if kept[i][hp] != "NA"])
    hp_all = np.array([float(r[hp]) for r in kept if r[hp] != "NA"])
    out.append(f"stats ; auto_mpg ; rows ; {len(kept)}")
    out.append(f"stats ; auto_mpg ; horsepower_train_median ; {floats([np.median(hp_train)])}")
    out.append(f"stats ; auto_mpg ; horsepower_all_median ; {floats([np.median(hp_all)])}")
    filled = np.array([float(kept[i][hp]) if kept[i][hp] != "NA" else np.median(hp_train) for i in tr])
    out.append(f"stats ; auto_mpg ; horsepower_train_mean_after_fill ; {floats([filled.mean()])}")
    out.append(f"stats ; auto_mpg ; horsepower_train_std_after_fill ; {floats([filled.std()])}")
    # penguins: rows with a missing measurement dropped; sex filled with the training mode.
    header, rows = read_csv("penguins.csv")
    meas = [header.index(c) for c in ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")]
    sex = header.index("sex")
    kept = [r for r in rows if all(r[c] != "NA" for c in meas)]
    tr = train_rows(len(kept))
    sexes = [kept[i][sex] for i in tr if kept[i][sex] != "NA"]
    out.append(f"stats ; penguins ; rows ; {len(kept)}")
    out.append(f"stats ; penguins ; sex_train_counts ; female={sexes.count('female')},male={sexes.count('male')}")
    body = np.array([float(kept[i][meas[3]]) for i in tr])
    out.append(f"stats ; penguins ; body_mass_train_mean ; {floats([body.mean()])}")
    return out


def idx_lines():
    with gzip.open(os.path.join(DATA, "fashion-mnist-t10k-1000-images-idx3-ubyte.gz")) as f:
        data = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", data[:16])
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows, cols)
    with gzip.open(os.path.join(DATA, "fashion-mnist-t10k-1000-labels-idx1-ubyte.gz")) as f:
        ldata = f.read()
    lmagic, ln = struct.unpack(">II", ldata[:8])
    labels = np.frombuffer(ldata, dtype=np.uint8, offset=8)
    out = [
        f"idx ; images_header ; {magic},{n},{rows},{cols}",
        f"idx ; labels_header ; {lmagic},{ln}",
        f"idx ; first_labels ; {ints(labels[:20])}",
        f"idx ; label_counts ; {ints(np.bincount(labels, minlength=10))}",
        f"idx ; image0_row14 ; {ints(pixels[0, 14])}",
        f"idx ; image999_row20 ; {ints(pixels[999, 20])}",
        f"idx ; image_sums_0_to_9 ; {ints(pixels[:10].reshape(10, -1).sum(axis=1))}",
        f"idx ; total_sum ; {int(pixels.astype(np.int64).sum())}",
    ]
    return out


def main():
    lines = [f"# generated by tools/gen_datasets_golden.py with torch {torch.__version__}"]
    lines += split_lines() + loader_lines() + global_loader_lines() + stats_lines() + idx_lines()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} lines to {OUT}")


if __name__ == "__main__":
    main()
