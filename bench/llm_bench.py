"""Measure a local model on this machine: load time, time to first token, tokens/s and peak RSS.

The prompt is what grounded answering sends: a system instruction, a ~800-token passage of a seed report
and a question. Each model should run in its own process so the peak RSS is that model's alone:

    python -m bench.llm_bench --model 0.5b
    python -m bench.llm_bench --model 1.5b

Prints one JSON object. Wall-clock rates are only meaningful on an otherwise idle machine: llama.cpp's
threads wait for each other at every layer, so a busy machine slows 2 threads far more than 1. The
per-CPU-second rates of a ``--threads 1`` run do not depend on the load. Every run uses a different
passage so llama.cpp's prompt-prefix cache cannot make the time to first token look better than a new
question would see.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

from bench.machine import describe
from config import PROJECT_ROOT, LLMSettings
from retrieval.llm.base import ChatMessage
from retrieval.llm.local import LlamaCppBackend
from retrieval.llm.model_assets import assemble

SEED = PROJECT_ROOT / "seeds" / "000_7d2528075ee80db9.txt"
SYSTEM = "你是政府报告问答助手。只根据给出的资料回答问题，并尽量详细。"
QUESTION = "问题：朝天区在2024年法治政府建设方面采取了哪些主要措施？请分条列出。"


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _prompt_tokens(backend: LlamaCppBackend, messages: list[ChatMessage]) -> int:
    """Tokens of the ChatML prompt as Qwen's template renders it."""
    text = (
        "".join(f"<|im_start|>{m.role}\n{m.content}<|im_end|>\n" for m in messages)
        + "<|im_start|>assistant\n"
    )
    llm = backend.load()
    return len(llm.tokenize(text.encode(), add_bos=False, special=True))


def _passage(backend: LlamaCppBackend, text: str, start: int, target_tokens: int) -> str:
    """The longest slice of ``text`` from ``start`` whose prompt stays within ``target_tokens``."""
    low, high = start + 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if _prompt_tokens(backend, _messages(text[start:mid])) <= target_tokens:
            low = mid
        else:
            high = mid - 1
    return text[start:low]


def _messages(passage: str) -> list[ChatMessage]:
    return [ChatMessage("system", SYSTEM), ChatMessage("user", f"资料：\n{passage}\n\n{QUESTION}")]


def run(model: str, n_threads: int, prompt_tokens: int, max_tokens: int, runs: int) -> dict:
    path = assemble(model, LLMSettings().model_dir)
    backend = LlamaCppBackend(path, n_ctx=4096, n_threads=n_threads)
    started = time.perf_counter()
    backend.load()
    result: dict = {"model": model, "n_threads": n_threads, "machine": describe(),
                    "loadavg_1m_before": round(os.getloadavg()[0], 2)}
    result["load_s"] = round(time.perf_counter() - started, 2)
    result["rss_after_load_mib"] = round(_rss_mib())
    text = " ".join(SEED.read_text(encoding="utf-8").split("\n")[1:])
    measurements = []
    for index in range(runs):
        messages = _messages(_passage(backend, text, start=index * 150, target_tokens=prompt_tokens))
        n_prompt = _prompt_tokens(backend, messages)
        started, cpu_started = time.perf_counter(), time.process_time()
        first = cpu_first = None
        pieces = []
        for piece in backend.stream(messages, max_tokens=max_tokens):
            if first is None:
                first, cpu_first = time.perf_counter(), time.process_time()
            pieces.append(piece)
        ended, cpu_ended = time.perf_counter(), time.process_time()
        assert first is not None and cpu_first is not None
        answer = "".join(pieces)
        n_generated = backend.count_tokens(answer)
        measurements.append(
            {
                "prompt_tokens": n_prompt,
                "ttft_s": round(first - started, 2),
                "prompt_tok_per_s": round(n_prompt / (first - started), 1),
                "generated_tokens": n_generated,
                # the first token's time is in ttft; the rest is pure decoding
                "decode_tok_per_s": round((n_generated - 1) / (ended - first), 1),
                "total_s": round(ended - started, 2),
                # Per CPU-second of this process: with --threads 1 this is the rate of a quiet machine's
                # core whatever else runs (with 2 threads it also counts time spent spinning at barriers).
                "prompt_tok_per_cpu_s": round(n_prompt / (cpu_first - cpu_started), 1),
                "decode_tok_per_cpu_s": round((n_generated - 1) / (cpu_ended - cpu_first), 1),
                "answer_head": answer[:80],
            }
        )
    result["runs"] = measurements
    # Other processes on the machine slow llama.cpp's threads a lot (they wait on each other): keep the
    # load next to the numbers so a noisy measurement can be recognised as such.
    result["loadavg_1m_after"] = round(os.getloadavg()[0], 2)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="0.5b", help="1.5b or 0.5b")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--prompt-tokens", type=int, default=800)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    print(
        json.dumps(
            run(args.model, args.threads, args.prompt_tokens, args.max_tokens, args.runs),
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
