"""The peer of traitlab's LM PPO step for bench/ppo: TRL's PPO step (trl/experimental/ppo/
ppo_trainer.py at f2cd577, the last TRL with a PPO trainer; the wheelhouse's TRL 1.13 has none)
written out in PyTorch eager on transformers' models, with TRL's defaults where the bench does not
set them: sampling at temperature 1 with a KV cache, policy and reference log-probs, a separate
value model and reward model (AutoModelForSequenceClassification on the same directory, as TRL
takes them), k1 KL penalty per token, the score at the last token, GAE (gamma 1, lambda 0.95),
whitened advantages, then epochs x minibatches of the clipped policy loss and the clipped value
loss (cliprange_value 0.2), AdamW. Prints PPO steps per second after one warm-up step."""

import argparse
import time

import torch
from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

p = argparse.ArgumentParser()
p.add_argument("--model", required=True)
p.add_argument("--prompts", required=True)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--minibatches", type=int, default=4)
p.add_argument("--epochs", type=int, default=4)
p.add_argument("--response", type=int, default=16)
p.add_argument("--steps", type=int, default=5)
p.add_argument("--eos", type=int, required=True)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)

policy = AutoModelForCausalLM.from_pretrained(a.model, torch_dtype=torch.float32)
ref = AutoModelForCausalLM.from_pretrained(a.model, torch_dtype=torch.float32).eval()
value_model = AutoModelForSequenceClassification.from_pretrained(a.model, num_labels=1)
reward_model = AutoModelForSequenceClassification.from_pretrained(a.model, num_labels=1).eval()
for m in (policy, ref, value_model, reward_model):
    m.config.pad_token_id = a.eos
params = list(policy.parameters()) + list(value_model.parameters())
opt = torch.optim.AdamW(params, lr=3e-6, eps=1e-5)
prompts = [[int(t) for t in line.split()] for line in open(a.prompts) if line.strip()]
kl_coef, clip, clip_v, vf_coef, gamma, lam = 0.05, 0.2, 0.2, 0.1, 1.0, 0.95


def backbone_values(model, ids):
    # TRL's get_reward: the backbone's last hidden states through the score head
    h = getattr(model, model.base_model_prefix)(input_ids=ids).last_hidden_state
    return model.score(h).squeeze(-1)


def step(batch_prompts):
    queries = torch.tensor(batch_prompts)
    ctx = queries.shape[1]
    with torch.no_grad():
        out = policy.generate(
            queries, max_new_tokens=a.response, do_sample=True, temperature=1.0, top_k=0,
            top_p=1.0, eos_token_id=a.eos, pad_token_id=a.eos, attention_mask=torch.ones_like(queries))
        qr = out
        resp = qr[:, ctx:]
        logp = torch.log_softmax(policy(qr).logits[:, ctx - 1:-1], -1).gather(2, resp.unsqueeze(2)).squeeze(2)
        ref_logp = torch.log_softmax(ref(qr).logits[:, ctx - 1:-1], -1).gather(2, resp.unsqueeze(2)).squeeze(2)
        # response ends at the first eos (kept); positions after it are padding
        is_eos = resp == a.eos
        first = torch.where(is_eos.any(1), is_eos.float().argmax(1), torch.full((resp.shape[0],), resp.shape[1] - 1))
        pos = torch.arange(resp.shape[1]).unsqueeze(0)
        mask = pos <= first.unsqueeze(1)
        values = backbone_values(value_model, qr)[:, ctx - 1:-1] * mask
        end = ctx + first
        scores = backbone_values(reward_model, qr)[torch.arange(qr.shape[0]), end]
        kl = (logp - ref_logp) * mask
        rewards = -kl_coef * kl
        rewards[torch.arange(rewards.shape[0]), first] += scores
        adv = torch.zeros_like(rewards)
        last = torch.zeros(rewards.shape[0])
        for t in reversed(range(rewards.shape[1])):
            nv = values[:, t + 1] if t + 1 < rewards.shape[1] else torch.zeros(rewards.shape[0])
            nv = nv * (t + 1 <= first).float()
            delta = rewards[:, t] + gamma * nv - values[:, t]
            last = (delta + gamma * lam * last * (t + 1 <= first).float()) * mask[:, t]
            adv[:, t] = last
        returns = adv + values
        mean = adv[mask].mean()
        std = adv[mask].std()
        adv = ((adv - mean) / (std + 1e-8)) * mask
    n = qr.shape[0]
    mb = n // a.minibatches
    for _ in range(a.epochs):
        order = torch.randperm(n)
        for s in range(0, n, mb):
            idx = order[s:s + mb]
            m = mask[idx]
            logits = policy(qr[idx]).logits[:, ctx - 1:-1]
            new = torch.log_softmax(logits, -1).gather(2, resp[idx].unsqueeze(2)).squeeze(2)
            vpred = backbone_values(value_model, qr[idx])[:, ctx - 1:-1]
            vclip = values[idx] + (vpred - values[idx]).clamp(-clip_v, clip_v)
            vf = 0.5 * (torch.max((vpred - returns[idx]) ** 2, (vclip - returns[idx]) ** 2)[m]).mean()
            ratio = torch.exp(new - logp[idx])
            pg = torch.max(-adv[idx] * ratio, -adv[idx] * ratio.clamp(1 - clip, 1 + clip))[m].mean()
            loss = pg + vf_coef * vf
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
    return mask.sum(1).float().mean().item()


step(prompts[: a.batch])
t0 = time.perf_counter()
length = 0.0
for s in range(1, a.steps + 1):
    length += step(prompts[s * a.batch:(s + 1) * a.batch])
dt = time.perf_counter() - t0
print(f"TRL-style PyTorch eager: {a.steps / dt:.3f} PPO steps/s ({a.steps} steps of {a.batch} rollouts,"
      f" {a.epochs} epochs x {a.minibatches} minibatches, mean response {length / a.steps:.1f} tokens,"
      f" {dt / a.steps:.2f} s/step)")
