"""Batched PyTorch eager peer of `traitlab run subliminal-mlp`: every seed's models stacked and
trained at once, as the subliminal-learning paper (Cloud, Le et al. 2025, section 6) trained its
MLPs, and as traitlab does (nn.mlp.BatchedMlp). Same data, seeds, epochs, sizes, optimiser and
arms as peer.py (one model after another) and as the Java experiment:

- per seed s: a reference initialisation (torch.manual_seed(s), nn.Linear's init: the same
  initial weights as peer.py's reference); a teacher trained from it on the class logits
  (cross-entropy, Adam lr 3e-4, batch 1024, its own shuffle of the training set each epoch);
- students distilled on uniform noise in [-1, 1] only (KL(teacher || student), batchmean):
  (a) on the m auxiliary logits from the reference init, (b) on the auxiliary logits from another
  init, (c) on all logits from the reference init; each seed's students read the same noise;
- test accuracy of teacher and students on the class logits.

Layout: layer weights are [models, in, out] tensors and a layer is one torch.baddbmm. The three
students of a seed read the same noise batch, so their first layers are one [seeds, 784, 3 x
hidden] tensor (one bmm of each seed's batch with all three students' weights, no copies of the
input); the later layers are [3 x seeds, in, out]. Adam is element-wise, so a stack steps exactly
as each model would alone. Like traitlab, each (seed, batch) of noise has its own generator seed
and is drawn when used rather than held (60,000 x 784 floats per seed), and one batch order
serves all seeds in an epoch.

Prints one JSON line: accuracies per seed and the seconds spent (the same keys as peer.py)."""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer import load, mlp, parse_args  # noqa: E402

# Offsets of the generator seeds of the cross init and the noise from the experiment's seed.
CROSS_INIT = 1_000_003
NOISE = 2_000_003


def stacked_init(seeds, hidden, outputs, offset):
    """[(W, b)] per layer, W (S, in, out) and b (S, 1, out): seed s's nn.Linear init under
    torch.manual_seed(s + offset), so offset 0 gives peer.py's reference weights."""
    per_seed = []
    for s in seeds:
        torch.manual_seed(s + offset)
        model = mlp(hidden, outputs)
        per_seed.append([(lin.weight.detach().t(), lin.bias.detach()) for lin in model[::2]])
    return [(torch.stack([p[l][0] for p in per_seed]).contiguous(),
             torch.stack([p[l][1] for p in per_seed]).unsqueeze(1).contiguous())
            for l in range(len(per_seed[0]))]


def forward(layers, h):
    """Logits (M, B, out) of a stack on inputs (M, B, in)."""
    for i, (w, b) in enumerate(layers):
        h = torch.baddbmm(b, h, w)
        if i < len(layers) - 1:
            h = torch.relu(h)
    return h


def students_forward(first, rest, x, groups):
    """Logits (groups x S, B, out) of the students on the seeds' shared inputs x (S, B, in): the
    first layer (S, in, groups x hidden) runs each seed's batch through all its students at once;
    model g*S + s is student g of seed s."""
    w, b = first
    s, batch = x.shape[0], x.shape[1]
    h = torch.relu(torch.baddbmm(b, x, w))
    h = h.view(s, batch, groups, -1).permute(2, 0, 1, 3).reshape(groups * s, batch, -1)
    return forward(rest, h) if rest else h


def accuracy(logits, y, classes):
    """Per-model correct count on the class logits: logits (M, B, C), y (B)."""
    return (logits[..., :classes].argmax(-1) == y).sum(-1)


def main():
    args = parse_args()

    start = time.time()
    xtr, ytr = load(args.data, "train")
    xte, yte = load(args.data, "t10k")
    classes = int(ytr.max()) + 1
    outputs = classes + args.aux
    seeds = list(range(args.seed, args.seed + args.seeds))
    S, H, n = len(seeds), args.hidden, len(xtr)
    reference = stacked_init(seeds, H, outputs, 0)
    cross = stacked_init(seeds, H, outputs, CROSS_INIT)

    # Teachers: S models, each on its own shuffle of the training set.
    teachers = [(w.clone().requires_grad_(), b.clone().requires_grad_()) for w, b in reference]
    opt = torch.optim.Adam([t for layer in teachers for t in layer], lr=args.lr)
    shuffles = [torch.Generator().manual_seed(s) for s in seeds]
    for _ in range(args.epochs):
        perms = torch.stack([torch.randperm(n, generator=g) for g in shuffles])
        for idx in perms.split(args.batch, dim=1):
            logits = forward(teachers, xtr[idx])[..., :classes]
            # Sum over models of each model's mean cross-entropy: each model gets its own gradient.
            loss = F.cross_entropy(logits.reshape(-1, classes), ytr[idx].reshape(-1),
                                   reduction="sum") / idx.shape[1]
            opt.zero_grad()
            loss.backward()
            opt.step()
    teachers = [(w.detach(), b.detach()) for w, b in teachers]

    # Students: group 0 aux logits from the reference init, 1 aux from the cross init, 2 all
    # logits from the reference init.
    inits = (reference, cross, reference)
    first = (torch.cat([i[0][0] for i in inits], dim=2).requires_grad_(),
             torch.cat([i[0][1] for i in inits], dim=2).requires_grad_())
    rest = [(torch.cat([i[l][0] for i in inits]).requires_grad_(),
             torch.cat([i[l][1] for i in inits]).requires_grad_()) for l in range(1, len(reference))]
    opt = torch.optim.Adam([*first, *(t for layer in rest for t in layer)], lr=args.lr)
    batches = (args.noise_samples + args.batch - 1) // args.batch
    order = torch.Generator().manual_seed(args.seed)
    for _ in range(args.epochs):
        for b in torch.randperm(batches, generator=order).tolist():
            size = min(args.batch, args.noise_samples - b * args.batch)
            noise = torch.stack([
                torch.rand(size, 784, generator=torch.Generator().manual_seed(
                    (s + NOISE) * 100_003 + b)) * 2 - 1 for s in seeds])
            with torch.no_grad():
                t = forward(teachers, noise)
                t_aux = F.log_softmax(t[..., classes:], -1)
                t_all = F.log_softmax(t, -1)
            logits = students_forward(first, rest, noise, 3).view(3, S, size, outputs)
            aux = F.log_softmax(logits[:2, ..., classes:], -1)
            every = F.log_softmax(logits[2], -1)
            loss = (F.kl_div(aux, t_aux.expand_as(aux), log_target=True, reduction="sum")
                    + F.kl_div(every, t_all, log_target=True, reduction="sum")) / size
            opt.zero_grad()
            loss.backward()
            opt.step()

    correct_t = torch.zeros(S, dtype=torch.long)
    correct_s = torch.zeros(3 * S, dtype=torch.long)
    with torch.no_grad():
        for x, y in zip(xte.split(2000), yte.split(2000)):
            xs = x.expand(S, -1, -1)
            correct_t += accuracy(forward(teachers, xs), y, classes)
            correct_s += accuracy(students_forward(first, rest, xs, 3), y, classes)
    acc_t = (correct_t.double() / len(xte)).tolist()
    acc_s = (correct_s.double() / len(xte)).tolist()
    results = [{"seed": s, "teacher": acc_t[i], "aux_same_init": acc_s[i],
                "aux_cross_init": acc_s[S + i], "all_same_init": acc_s[2 * S + i]}
               for i, s in enumerate(seeds)]
    print(json.dumps({"seconds": time.time() - start, "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "peer": "batched", "per_seed": results}))


if __name__ == "__main__":
    main()
