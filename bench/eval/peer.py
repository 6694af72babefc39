"""lm-evaluation-harness peer of `traitlab eval truthfulqa-mc` (bench/eval/run.sh): its `hf` backend
(transformers, PyTorch eager, float32) on the same model directory and questions, through
lm_eval.simple_evaluate rather than the `lm_eval` command, whose results table needs
pytablewriter (which a wheelhouse may lack). The tasks are bench/eval/lm_eval_tasks, reading
mc_task.jsonl in the working directory.

Prints one line per task with its score to 4 decimals, and the torch, transformers and lm-eval
versions."""
import argparse
import importlib.metadata as md
import logging
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
import transformers  # noqa: E402
from lm_eval import simple_evaluate  # noqa: E402
from lm_eval.tasks import TaskManager  # noqa: E402

TASKS = ["traitlab_truthfulqa_mc1", "traitlab_truthfulqa_mc2"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, help="model directory (config.json, safetensors)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--tasks-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "lm_eval_tasks"))
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    logging.getLogger("lm_eval").setLevel(logging.WARNING)
    print(f"lm-eval {md.version('lm_eval')}, transformers {transformers.__version__},"
          f" torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)
    out = simple_evaluate(
        model="hf", model_args=f"pretrained={args.model},dtype=float32", tasks=TASKS,
        device="cpu", batch_size=args.batch,
        task_manager=TaskManager(include_path=args.tasks_dir))
    for task in TASKS:
        print(f"lm-eval {task}: acc {out['results'][task]['acc,none']:.4f}")


if __name__ == "__main__":
    main()
