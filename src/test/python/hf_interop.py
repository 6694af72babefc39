"""Cross-checks traitlab's model and tokenizer directories against Hugging Face transformers.

Run by HuggingFaceInteropTest with a Python that has transformers and torch (see
scripts/hf-interop-env). Each command reads its request as JSON on stdin and writes JSON on stdout.

  create DIR     {"arch": "llama"|"qwen2", "seed": S, "tokens": [[...], ...], optional "dtype":
                 "bfloat16" and "max_shard_size": "20KB"}: builds a small random model as
                 transformers builds one, saves it in DIR with save_pretrained, and answers
                 {"logits": ...} for the token rows.
  logits DIR     {"tokens": [[...], ...]}: loads DIR with AutoModelForCausalLM and answers its logits.
  tokenize DIR   {"texts": [...], "chats": [[{"role": ..., "content": ...}, ...], ...], optional
                 "decode": [[ids], ...]}: loads DIR with AutoTokenizer and answers {"texts": ids per
                 text, "plain_texts": the same with split_special_tokens, "chats": ids of each
                 chat's prompt rendered by the directory's own chat template with the generation
                 prompt, "plain_chats": ChatML ids with role and content encoded as text,
                 "decoded": the text of each id list}.
  safetensors DIR {"files": [...]}: opens each file in DIR with the safetensors library and answers
                 {"results": {file: "ok" or the library's error}}.
"""

import json
import sys

# torch and transformers are imported by the commands that need them, so that the tokenizer and
# safetensors commands run in an environment without torch.
torch = None
transformers = None


def need_torch():
    global torch, transformers
    import torch as _torch
    import transformers as _transformers

    torch, transformers = _torch, _transformers


def small_config(arch):
    shared = dict(
        vocab_size=61,
        hidden_size=32,
        intermediate_size=48,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=64,
        rms_norm_eps=1e-5,
    )
    if arch == "qwen2":
        # Qwen2.5's small checkpoints tie the head to the embeddings and use a large rope base.
        return transformers.Qwen2Config(tie_word_embeddings=True, rope_theta=1000000.0, **shared)
    if arch == "llama":
        return transformers.LlamaConfig(
            tie_word_embeddings=False, attention_bias=True, rope_theta=500000.0, **shared
        )
    raise SystemExit(f"unknown arch {arch!r}")


def logits_of(model, tokens):
    with torch.no_grad():
        return model(torch.tensor(tokens, dtype=torch.long)).logits.tolist()


def create(directory, request):
    need_torch()
    torch.manual_seed(request["seed"])
    model = transformers.AutoModelForCausalLM.from_config(small_config(request["arch"]))
    # transformers initialises with std 0.02, which leaves logits nearly flat; larger weights make
    # a wrong rotary base, head layout or bias show up as large differences.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1 + 0.3 * torch.randn_like(p))
            else:
                p.normal_(0.0, 0.3)
    model.eval()
    # Published checkpoints are mostly BF16 and often sharded. The expected logits are those of the
    # checkpoint as transformers loads it in float32 (casting the live model back would keep its
    # BF16-rounded rotary frequencies, which no loaded checkpoint has).
    if request.get("dtype", "float32") == "bfloat16":
        model = model.to(torch.bfloat16)
    model.save_pretrained(directory, max_shard_size=request.get("max_shard_size", "5GB"))
    return logits(directory, request)


def logits(directory, request):
    need_torch()
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(directory, dtype=torch.float32)
    model.eval()
    return {"logits": logits_of(model, request["tokens"])}


def tokenize(directory, request):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(directory)
    texts = [tok.encode(t, add_special_tokens=False) for t in request["texts"]]
    # Text as text: special-token text is not matched (the tokenizers library's
    # encode_special_tokens); added tokens that are not special still are.
    plain = [
        tok.encode(t, add_special_tokens=False, split_special_tokens=True) for t in request["texts"]
    ]
    chats = []
    plain_chats = []
    for chat in request["chats"]:
        ids = tok.apply_chat_template(chat, add_generation_prompt=True, tokenize=True)
        if hasattr(ids, "keys"):
            ids = ids["input_ids"]
        chats.append(list(ids))
        plain_chats.append(chatml_with_text_content(tok, chat))
    decoded = [tok.decode(ids, skip_special_tokens=False) for ids in request.get("decode", [])]
    return {
        "texts": texts,
        "plain_texts": plain,
        "chats": chats,
        "plain_chats": plain_chats,
        "decoded": decoded,
    }


def chatml_with_text_content(tok, chat):
    """ChatML ids whose special tokens come from the template alone: the text between them (role and
    content) is encoded with split_special_tokens, the same pieces apply_chat_template's string
    splits into when the content holds no special-token text."""
    start, end = tok.convert_tokens_to_ids(["<|im_start|>", "<|im_end|>"])

    def text(s):
        return tok.encode(s, add_special_tokens=False, split_special_tokens=True)

    ids = []
    for m in chat:
        ids += [start] + text(m["role"] + "\n" + m["content"]) + [end] + text("\n")
    return ids + [start] + text("assistant\n")


def safetensors_check(directory, request):
    """Opens each file with the reference library (the safetensors Rust crate behind the Python
    package), which validates the header, and answers "ok" or its error per file."""
    from safetensors import safe_open

    results = {}
    for name in request["files"]:
        try:
            with safe_open(f"{directory}/{name}", framework="numpy") as f:
                list(f.keys())
            results[name] = "ok"
        except Exception as e:  # the reference's refusal, whatever its type
            results[name] = f"{type(e).__name__}: {e}"
    return {"results": results}


def main():
    if len(sys.argv) != 3:
        raise SystemExit(
            "usage: hf_interop.py create|logits|tokenize|safetensors DIR < request.json"
        )
    command, directory = sys.argv[1], sys.argv[2]
    handler = {
        "create": create,
        "logits": logits,
        "tokenize": tokenize,
        "safetensors": safetensors_check,
    }.get(command)
    if handler is None:
        raise SystemExit(f"unknown command {command!r}")
    request = json.load(sys.stdin)
    json.dump(handler(directory, request), sys.stdout)


if __name__ == "__main__":
    main()
