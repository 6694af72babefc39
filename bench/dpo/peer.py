"""TRL's DPOTrainer on the same model directory, preference file and settings as traitlab's DPO.

Usage: peer.py --model DIR --data FILE [--steps N] [--batch B] [--beta X] [--lr Y] [--threads T]

Reads OpenAI preference JSONL, renders each input with the model directory's own chat template
(tokenizer_config.json, ChatML) and gives TRL the prompt text and the two replies as text; TRL
appends the EOS token (<|im_end|>) to each, so the response tokens are traitlab's (content then
<|im_end|>). Full fine-tuning in float32 on the CPU, AdamW, linear decay, no warm-up, weight decay
0, clipping 1, the sigmoid loss at beta, reference log-probabilities precomputed (as traitlab
does), gradient checkpointing off (DPOConfig turns it on by default; traitlab has none). Prints
the optimisation loop's steps/s (trainer.train()), the reference pass's time and first/last
losses, in the form bench/dpo/run.sh parses.
"""
import argparse
import json
import logging
import os
import tempfile
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("--model", required=True)
p.add_argument("--data", required=True)
p.add_argument("--steps", type=int, default=32)
p.add_argument("--batch", type=int, default=8)
p.add_argument("--beta", type=float, default=0.1)
p.add_argument("--lr", type=float, default=1e-4)
p.add_argument("--threads", type=int, default=2)
args = p.parse_args()
torch.set_num_threads(args.threads)
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TQDM_DISABLE", "1")  # progress bars of weight loading and the reference pass
logging.getLogger("transformers").setLevel(logging.ERROR)

import datasets  # noqa: E402
import trl  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer, PrinterCallback  # noqa: E402
from trl import DPOConfig, DPOTrainer  # noqa: E402

datasets.disable_progress_bars()
tokenizer = AutoTokenizer.from_pretrained(args.model)
rows = []
with open(args.data) as f:
    for line in f:
        if line.strip():
            ex = json.loads(line)
            prompt = tokenizer.apply_chat_template(
                ex["input"]["messages"], tokenize=False, add_generation_prompt=True)
            rows.append({"prompt": prompt,
                         "chosen": ex["preferred_output"][0]["content"],
                         "rejected": ex["non_preferred_output"][0]["content"]})
rows = rows[: args.steps * args.batch]
assert len(rows) == args.steps * args.batch, "not enough pairs for the steps asked"
dataset = datasets.Dataset.from_list(rows)
model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)

reference = {"seconds": 0.0}
original = DPOTrainer._precompute_ref_logps


def timed(self, *a, **k):
    t = time.perf_counter()
    try:
        return original(self, *a, **k)
    finally:
        reference["seconds"] += time.perf_counter() - t


DPOTrainer._precompute_ref_logps = timed
with tempfile.TemporaryDirectory() as out:
    config = DPOConfig(
        output_dir=out, beta=args.beta, loss_type=["sigmoid"], learning_rate=args.lr,
        per_device_train_batch_size=args.batch, max_steps=args.steps, num_train_epochs=1,
        lr_scheduler_type="linear", warmup_steps=0, weight_decay=0.0, max_grad_norm=1.0,
        precompute_ref_log_probs=True, precompute_ref_batch_size=args.batch,
        gradient_checkpointing=False, bf16=False, fp16=False, use_cpu=True,
        logging_steps=1, save_strategy="no", report_to="none", seed=0,
        dataloader_num_workers=0, disable_tqdm=True)
    trainer = DPOTrainer(model=model, args=config, train_dataset=dataset, processing_class=tokenizer)
    trainer.remove_callback(PrinterCallback)
    tokens = sum(2 * len(r["prompt_ids"]) + len(r["chosen_ids"]) + len(r["rejected_ids"])
                 for r in trainer.train_dataset)
    t = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - t
logs = [h for h in trainer.state.log_history if "loss" in h]
print("trl %s torch %s, %d threads" % (trl.__version__, torch.__version__, torch.get_num_threads()))
print("trl dpo: %d steps of %d pairs (%d tokens): training %.2f s = %.3f steps/s; "
      "reference pass %.2f s" % (args.steps, args.batch, tokens, seconds, args.steps / seconds,
                                  reference["seconds"]))
last = logs[-1]
print("trl first step: loss %.4f; last step: loss %.4f, reward accuracy %.3f, margin %.4f" % (
    logs[0]["loss"], last["loss"], last.get("rewards/accuracies", float("nan")),
    last.get("rewards/margins", float("nan"))))
