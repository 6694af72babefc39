"""PyTorch eager peer of `traitlab run subliminal-mlp`: the same experiment, sizes and seeds,
written the way a researcher would write it in PyTorch (one model after another).

Prints one JSON line: accuracies per seed and the seconds spent."""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        rank = magic & 0xFF
        dims = struct.unpack(">" + "I" * rank, f.read(4 * rank))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def load(data_dir, split):
    def find(stem):
        for name in (stem, stem + ".gz"):
            if os.path.exists(os.path.join(data_dir, name)):
                return os.path.join(data_dir, name)
        raise SystemExit(f"{data_dir}: missing {stem}")

    x = read_idx(find(f"{split}-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32)
    y = read_idx(find(f"{split}-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(x / 127.5 - 1.0), torch.from_numpy(y)


def mlp(hidden, outputs):
    return nn.Sequential(nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                         nn.Linear(hidden, outputs))


def accuracy(model, x, y, classes):
    with torch.no_grad():
        return (model(x)[:, :classes].argmax(-1) == y).float().mean().item()


def distil(student, teacher, noise, columns, args):
    opt = torch.optim.Adam(student.parameters(), lr=args.lr)
    for _ in range(args.epochs):
        for idx in torch.randperm(len(noise)).split(args.batch):
            x = noise[idx]
            with torch.no_grad():
                target = F.log_softmax(teacher(x)[:, columns], -1)
            logp = F.log_softmax(student(x)[:, columns], -1)
            loss = F.kl_div(logp, target, log_target=True, reduction="batchmean")
            opt.zero_grad()
            loss.backward()
            opt.step()


def parse_args():
    """The experiment's options, shared with peer_batched.py; sets torch's thread count."""
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--aux", type=int, default=3)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--noise-samples", type=int, default=60000)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    return args


def main():
    args = parse_args()

    start = time.time()
    xtr, ytr = load(args.data, "train")
    xte, yte = load(args.data, "t10k")
    classes = int(ytr.max()) + 1
    outputs = classes + args.aux
    aux = list(range(classes, outputs))
    every = list(range(outputs))
    results = []
    for s in range(args.seed, args.seed + args.seeds):
        torch.manual_seed(s)
        reference = mlp(args.hidden, outputs)
        teacher = mlp(args.hidden, outputs)
        teacher.load_state_dict(reference.state_dict())
        opt = torch.optim.Adam(teacher.parameters(), lr=args.lr)
        for _ in range(args.epochs):
            for idx in torch.randperm(len(xtr)).split(args.batch):
                loss = F.cross_entropy(teacher(xtr[idx])[:, :classes], ytr[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
        noise = torch.rand(args.noise_samples, 784) * 2 - 1
        same_aux = mlp(args.hidden, outputs)
        same_aux.load_state_dict(reference.state_dict())
        cross_aux = mlp(args.hidden, outputs)
        same_all = mlp(args.hidden, outputs)
        same_all.load_state_dict(reference.state_dict())
        distil(same_aux, teacher, noise, aux, args)
        distil(cross_aux, teacher, noise, aux, args)
        distil(same_all, teacher, noise, every, args)
        results.append({"seed": s,
                        "teacher": accuracy(teacher, xte, yte, classes),
                        "aux_same_init": accuracy(same_aux, xte, yte, classes),
                        "aux_cross_init": accuracy(cross_aux, xte, yte, classes),
                        "all_same_init": accuracy(same_all, xte, yte, classes)})
    print(json.dumps({"seconds": time.time() - start, "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "per_seed": results}))


if __name__ == "__main__":
    main()
