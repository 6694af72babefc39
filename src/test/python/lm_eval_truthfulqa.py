"""Runs lm-evaluation-harness's `local-completions` model against `traitlab serve` on TruthfulQA
MC1/MC2 and prints the scores as JSON.

python lm_eval_truthfulqa.py BASE_URL MODEL TOKENIZER_DIR INCLUDE_PATH
Run in the directory that holds mc_task.jsonl (the tasks in INCLUDE_PATH read it from there).
Nothing is downloaded: the tokenizer is the served model's own directory (tokenizer.json), loaded
by transformers; the tasks are local YAML files.

lm-eval runs through its Python entry point (simple_evaluate) rather than the `lm_eval` command
because that command prints its results table with pytablewriter, which the local wheelhouse lacks;
the evaluation itself is the same code.
"""
import json
import sys

from lm_eval import simple_evaluate
from lm_eval.tasks import TaskManager

base_url, model, tokenizer_dir, include_path = sys.argv[1:5]
results = simple_evaluate(
    model="local-completions",
    model_args={
        "model": model,
        "base_url": base_url + "/completions",
        "tokenizer_backend": "huggingface",
        "tokenizer": tokenizer_dir,
        "tokenized_requests": True,
        "num_concurrent": 1,
        "max_retries": 1,
        "batch_size": 1,
    },
    tasks=["traitlab_truthfulqa_mc1", "traitlab_truthfulqa_mc2"],
    task_manager=TaskManager(include_path=include_path),
    log_samples=False,
)
scores = results["results"]
print(json.dumps({
    "mc1": scores["traitlab_truthfulqa_mc1"]["acc,none"],
    "mc2": scores["traitlab_truthfulqa_mc2"]["acc,none"],
}))
