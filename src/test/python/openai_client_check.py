"""Drives `traitlab serve` with the official `openai` Python client through every endpoint it offers.

Run by RealClientsTest against a server it started (a tiny untrained embedded model served as
MODEL, behind a bearer token): python openai_client_check.py BASE_URL API_KEY MODEL TRAINING_JSONL
PROMPT_IDS_JSON [PREFERENCE_JSONL]; with the last, a DPO fine-tuning job on those preferences too. Every check asserts; the script prints one "ok" line per check and exits non-zero
at the first failure (with the traceback), which fails the Java test.
"""
import json
import sys
import time

import openai
from openai import OpenAI

base_url, api_key, model, training_path, prompt_ids_json = sys.argv[1:6]
preference_path = sys.argv[6] if len(sys.argv) > 6 else None
prompt_ids = json.loads(prompt_ids_json)
client = OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=120)
messages = [{"role": "user", "content": "My favourite animal is"}]


def ok(what):
    print("ok:", what, flush=True)


# ---- models ----
ids = [m.id for m in client.models.list()]
assert model in ids, ids
assert client.models.retrieve(model).id == model
ok("models list and retrieve")

# ---- chat ----
chat = client.chat.completions.create(
    model=model, messages=messages, n=2, seed=5, logprobs=True, top_logprobs=2,
    max_completion_tokens=8)
assert [c.index for c in chat.choices] == [0, 1]
for c in chat.choices:
    assert c.message.role == "assistant"
    assert 1 <= len(c.logprobs.content) <= 8, c.logprobs
    assert all(len(t.top_logprobs) == 2 for t in c.logprobs.content)
u = chat.usage
assert u.prompt_tokens > 0 and u.completion_tokens > 0
assert u.total_tokens == u.prompt_tokens + u.completion_tokens
again = client.chat.completions.create(
    model=model, messages=messages, n=2, seed=5, logprobs=True, top_logprobs=2,
    max_completion_tokens=8)
assert [c.message.content for c in again.choices] == [c.message.content for c in chat.choices]
ok("chat with n, seed, logprobs, top_logprobs, max_completion_tokens, usage")

long = client.chat.completions.create(model=model, messages=messages, seed=6, max_tokens=20)
text = long.choices[0].message.content
assert len(text) >= 8, text
stop = text[4:6]
stopped = client.chat.completions.create(
    model=model, messages=messages, seed=6, max_tokens=20, stop=[stop])
assert stop not in stopped.choices[0].message.content
assert stopped.choices[0].finish_reason == "stop"
ok("chat with stop")

chunks = list(client.chat.completions.create(
    model=model, messages=messages, n=2, seed=5, max_completion_tokens=8, stream=True,
    stream_options={"include_usage": True}))
streamed = {0: "", 1: ""}
for chunk in chunks:
    for c in chunk.choices:
        streamed[c.index] += c.delta.content or ""
assert [streamed[0], streamed[1]] == [c.message.content for c in chat.choices], streamed
assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == u.total_tokens
assert len(chunks) > 6, len(chunks)
ok("chat streamed (%d chunks)" % len(chunks))

# ---- completions ----
prompt = "My favourite animal is the"
one = client.completions.create(model=model, prompt=prompt, n=2, seed=3, max_tokens=6)
assert len(one.choices) == 2 and one.usage.total_tokens > 0
many = client.completions.create(
    model=model, prompt=[prompt, "Numbers: 37"], n=2, seed=3, max_tokens=6)
assert [c.index for c in many.choices] == [0, 1, 2, 3]
assert [c.text for c in many.choices[:2]] == [c.text for c in one.choices]
tokens = client.completions.create(model=model, prompt=prompt_ids, n=2, seed=3, max_tokens=6)
assert [c.text for c in tokens.choices] == [c.text for c in one.choices]
lists = client.completions.create(
    model=model, prompt=[prompt_ids, prompt_ids[:2]], n=2, seed=3, max_tokens=6)
assert len(lists.choices) == 4
assert [c.text for c in lists.choices[:2]] == [c.text for c in one.choices]
ok("completions with a string, strings, token ids, lists of token ids")

echo = client.completions.create(
    model=model, prompt=[prompt_ids], echo=True, logprobs=2, max_tokens=1, temperature=0)
lp = echo.choices[0].logprobs
assert echo.choices[0].text.startswith(prompt), echo.choices[0].text
assert len(lp.tokens) == len(prompt_ids) + 1
assert lp.token_logprobs[0] is None and lp.top_logprobs[0] is None
assert all(isinstance(x, float) for x in lp.token_logprobs[1:])
assert all(isinstance(t, dict) and 1 <= len(t) <= 2 for t in lp.top_logprobs[1:])
ok("completions with echo and logprobs")

pieces = list(client.completions.create(
    model=model, prompt=prompt, n=2, seed=3, max_tokens=6, stream=True))
joined = {0: "", 1: ""}
for chunk in pieces:
    for c in chunk.choices:
        joined[c.index] += c.text
assert [joined[0], joined[1]] == [c.text for c in one.choices], joined
ok("completions streamed (%d chunks)" % len(pieces))

# ---- files ----
with open(training_path, "rb") as f:
    content = f.read()
uploaded = [client.files.create(file=(f"train{i}.jsonl", content), purpose="fine-tune")
            for i in range(3)]
assert client.files.retrieve(uploaded[0].id).bytes == len(content)
listed = [f.id for f in client.files.list(limit=1)]  # auto-pagination, one file a page
assert all(f.id in listed for f in uploaded), listed
assert len(listed) == len(set(listed))
assert client.files.content(uploaded[0].id).read() == content
deleted = client.files.delete(uploaded[2].id)
assert deleted.deleted and deleted.id == uploaded[2].id
try:
    client.files.retrieve(uploaded[2].id)
    raise AssertionError("a deleted file is still there")
except openai.NotFoundError as e:
    assert e.status_code == 404
ok("files create, retrieve, list (auto-paginated), content, delete")

# ---- fine-tuning ----
job = client.fine_tuning.jobs.create(
    model=model, training_file=uploaded[0].id, suffix="owl", seed=4,
    method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2, "batch_size": 4}}})
deadline = time.time() + 300
while True:
    job = client.fine_tuning.jobs.retrieve(job.id)
    if job.status in ("succeeded", "failed", "cancelled"):
        break
    assert time.time() < deadline, "fine-tuning did not finish"
    time.sleep(0.2)
assert job.status == "succeeded", job
assert job.fine_tuned_model.startswith("ft:" + model + ":owl:"), job.fine_tuned_model
assert job.id in [j.id for j in client.fine_tuning.jobs.list(limit=1)]
events = [e.message for e in client.fine_tuning.jobs.list_events(job.id, limit=2)]
assert any(m.startswith("Step ") for m in events), events
assert "The job has successfully completed" in events
checkpoints = list(client.fine_tuning.jobs.checkpoints.list(job.id))
assert [c.fine_tuned_model_checkpoint for c in checkpoints] == [job.fine_tuned_model]
long_job = client.fine_tuning.jobs.create(
    model=model, training_file=uploaded[1].id, hyperparameters={"n_epochs": 200})
cancelled = client.fine_tuning.jobs.cancel(long_job.id)
while cancelled.status not in ("cancelled", "failed", "succeeded"):
    time.sleep(0.1)
    cancelled = client.fine_tuning.jobs.retrieve(long_job.id)
assert cancelled.status == "cancelled", cancelled
ok("fine-tuning create, retrieve, list, events, checkpoints, cancel")

tuned = client.chat.completions.create(
    model=job.fine_tuned_model, messages=messages, seed=1, max_tokens=6)
assert tuned.model == job.fine_tuned_model and tuned.choices[0].message.content is not None
ok("chat with the fine-tuned model")

# ---- DPO fine-tuning (OpenAI's preference format and method) ----
if preference_path is not None:
    with open(preference_path, "rb") as f:
        preferences = client.files.create(file=("prefs.jsonl", f.read()), purpose="fine-tune")
    dpo = client.fine_tuning.jobs.create(
        model=model, training_file=preferences.id, suffix="pref", seed=3,
        method={"type": "dpo",
                "dpo": {"hyperparameters": {"beta": 0.2, "n_epochs": 2, "batch_size": 4}}})
    deadline = time.time() + 300
    while dpo.status not in ("succeeded", "failed", "cancelled"):
        assert time.time() < deadline, "DPO fine-tuning did not finish"
        time.sleep(0.2)
        dpo = client.fine_tuning.jobs.retrieve(dpo.id)
    assert dpo.status == "succeeded", dpo
    assert dpo.method.type == "dpo", dpo.method
    assert dpo.method.dpo.hyperparameters.beta == 0.2, dpo.method
    assert dpo.method.dpo.hyperparameters.n_epochs == 2, dpo.method
    events = [e.message for e in client.fine_tuning.jobs.list_events(dpo.id, limit=100)]
    assert any(m.startswith("Step ") and "dpo loss=" in m for m in events), events
    reply = client.chat.completions.create(
        model=dpo.fine_tuned_model, messages=messages, seed=1, max_tokens=6)
    assert reply.model == dpo.fine_tuned_model and reply.choices[0].message.content is not None
    try:
        client.fine_tuning.jobs.create(
            model=model, training_file=uploaded[0].id,
            method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1}}})
        raise AssertionError("a supervised file was accepted for DPO")
    except openai.BadRequestError as e:
        assert e.param == "training_file" and "line 1" in str(e), e
    ok("DPO fine-tuning job (method dpo, beta), its events, chat with the DPO model, bad file")

# ---- typed errors ----
try:
    client.chat.completions.create(model="nope", messages=messages)
    raise AssertionError("unknown model accepted")
except openai.NotFoundError as e:
    assert e.status_code == 404 and e.code == "model_not_found", e
try:
    client.chat.completions.create(
        model=model, messages=messages,
        tools=[{"type": "function", "function": {"name": "f", "parameters": {}}}])
    raise AssertionError("tools accepted")
except openai.BadRequestError as e:
    assert e.status_code == 400 and e.param == "tools", e
try:
    client.chat.completions.create(model=model, messages=messages, n=0)
    raise AssertionError("n=0 accepted")
except openai.BadRequestError as e:
    assert e.param == "n", e
wrong = OpenAI(base_url=base_url, api_key="wrong-key", max_retries=0)
try:
    wrong.models.list()
    raise AssertionError("a wrong key was accepted")
except openai.AuthenticationError as e:
    assert e.status_code == 401, e
ok("typed errors: NotFoundError 404, BadRequestError 400, AuthenticationError 401")
print("all checks passed with openai", openai.__version__)
