#!/usr/bin/env python3
"""Compare a plugin's ops, measured by `hwcert perf`, with the same ops in PyTorch eager.

Lists the cases of a suite (default perfsuite/suites/cuda-vs-pytorch.toml) with a short
`hwcert perf` run; then, unless --hwcert-only, takes the cases one at a time: `hwcert perf`
on that case alone, then the same case rebuilt in PyTorch on the same GPU, so that both
sides of a row run at the same clocks and temperature. Both sides are timed hot with N
launches back to back between one CUDA event pair (N from --min-time; `hwcert perf --hot`
splits a repetition into at most 16 such windows), the median over repetitions; cold with
one launch per event pair after an L2 flush. Both sides get the same operands: fp8 B
row-major [K, N] as hwcert's suites build it
(PyTorch's _scaled_mm wants it column-major, so its timed call includes that copy, as
hwcert's includes its own staging). SDPA runs on one pinned backend (--sdpa-backend, through
torch.nn.attention.sdpa_kernel). Work is counted once, in hwcert's cost model: the case's
`flops` or `bytes` from perf.json (attention with a causal mask counts half the flops of
the unmasked one) over each side's median time. Prints one markdown table (op, shape,
dtype, hwcert, PyTorch, ratio, goal, met?) headed by the date, the device, its driver and
its SM/memory clocks before and after the run, and the SDPA backend.

Needs python3 (standard library) and, without --hwcert-only, torch with a CUDA device.
Exit status: 0 table printed, 1 hwcert perf failed or produced no cases, 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_SUITE = REPO / "perfsuite" / "suites" / "cuda-vs-pytorch.toml"
COMPUTE_OPS = {"matmul", "conv2d", "scaled_dot_product_attention"}
OVERHEAD_GOAL_US = 2.0


@dataclass
class Case:
    """One case of perf.json with its id taken apart."""

    record: dict[str, Any]
    name: str
    op: str
    dtype: str
    out_dtype: str
    shape: str
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def compute_bound(self) -> bool:
        return self.op in COMPUTE_OPS


@dataclass
class Goal:
    kind: str  # "ratio" (to PyTorch), "tbps" (absolute), "peak" (report the peak fraction)
    value: float = 0.0

    def text(self) -> str:
        if self.kind == "ratio":
            return f">= {self.value:g} x PyTorch"
        if self.kind == "tbps":
            return f">= {self.value:g} TB/s"
        return "vs profile peak"


def parse_case_id(case_id: str) -> tuple[str, str, str, str, dict[str, str]]:
    """`<name>/<dtype>[-><out_dtype>]/<shape>[/<attr>=<value>,...]` -> its parts."""
    parts = case_id.split("/")
    if len(parts) < 3:
        raise ValueError(f"unexpected case id {case_id!r}")
    name, dtypes, shape = parts[0], parts[1], parts[2]
    dtype, _, out_dtype = dtypes.partition("->")
    attrs: dict[str, str] = {}
    if len(parts) > 3:
        for item in "/".join(parts[3:]).split(","):
            key, _, value = item.partition("=")
            attrs[key] = value
    return name, dtype, out_dtype or dtype, shape, attrs


def cases_of(perf: dict[str, Any]) -> list[Case]:
    cases = []
    for record in perf.get("cases", []):
        name, dtype, out_dtype, shape, attrs = parse_case_id(record["case_id"])
        cases.append(Case(record, name, record.get("op", name), dtype, out_dtype, shape, attrs))
    return cases


def dims(label: str) -> list[int]:
    return [int(x) for x in label.split("x")] if label else []


def goal_for(case: Case) -> Optional[Goal]:
    """The issue's H100 goals, by op, dtype and shape."""
    op, dtype, shape = case.op, case.dtype, case.shape
    if op == "matmul":
        if dtype == "f8e4m3":
            return Goal("peak")
        square = re.fullmatch(r"m(\d+)_n\1_k\1", shape)
        if square and int(square.group(1)) in (4096, 8192):
            if dtype in ("bf16", "f16") and case.attrs.get("math_mode", "strict") == "strict":
                return Goal("ratio", 0.97)
            if dtype == "f32" and case.attrs.get("math_mode") == "tf32":
                return Goal("ratio", 0.97)
        return None
    if op in ("softmax", "layer_norm", "rms_norm") and dtype == "bf16":
        return Goal("tbps", 2.5) if shape in ("8192x8192", "65536x1024") else None
    if op in ("gelu", "add") and dtype == "bf16" and shape == "268435456":
        return Goal("ratio", 0.95)
    if op == "copy" and dtype == "f32" and shape == "268435456":
        return Goal("ratio", 0.95)
    if op == "conv2d" and dtype == "f16" and case.attrs.get("layout") == "NHWC":
        return Goal("ratio", 0.9) if shape == "n64_c256_h56_w56_k256_r3x3" else None
    if op == "scaled_dot_product_attention" and dtype == "bf16" and case.attrs.get("causal") == "1":
        return Goal("ratio", 0.6) if shape == "b8_h32_sq4096_sk4096_d128" else None
    return None


def attention_flops(shape: str, causal: bool) -> Optional[float]:
    """hwcert's count (abi/catalogue/src/op_cost.cpp): 2*B*H*Sq*Sk*(D + Dv), halved when
    causal."""
    m = re.fullmatch(r"b(\d+)_h(\d+)_sq(\d+)_sk(\d+)_d(\d+)(?:_dv(\d+))?", shape)
    if not m:
        return None
    b, h, sq, sk, d = (int(g) for g in m.groups()[:5])
    dv = int(m.group(6)) if m.group(6) else d
    flops = 2.0 * b * h * sq * sk * (d + dv)
    return flops / 2 if causal else flops


# ---- PyTorch side ----

SDPA_BACKENDS = {"flash": "FLASH_ATTENTION", "efficient": "EFFICIENT_ATTENTION",
                 "cudnn": "CUDNN_ATTENTION", "math": "MATH"}

TORCH_DTYPES = {
    "f64": "float64",
    "f32": "float32",
    "f16": "float16",
    "bf16": "bfloat16",
    "f8e4m3": "float8_e4m3fn",
    "f8e5m2": "float8_e5m2",
    "i32": "int32",
    "i64": "int64",
    "i8": "int8",
}


class Unsupported(Exception):
    """A case this script cannot rebuild in PyTorch."""


def torch_dtype(torch: Any, name: str) -> Any:
    if name not in TORCH_DTYPES or not hasattr(torch, TORCH_DTYPES[name]):
        raise Unsupported(f"no torch dtype for {name}")
    return getattr(torch, TORCH_DTYPES[name])


def random_tensor(torch: Any, shape: list[int], dtype_name: str) -> Any:
    dtype = torch_dtype(torch, dtype_name)
    if dtype.is_floating_point:
        base = torch.rand(shape, device="cuda", dtype=torch.float32) * 2 - 1
        return base.to(dtype)
    return torch.randint(-4, 5, shape, device="cuda", dtype=dtype)


def pinned_sdpa(torch: Any, backend: str, fn: Callable[[], Any]) -> Callable[[], Any]:
    """fn run with SDPA restricted to one backend (an error if that backend cannot run it)."""
    attention = torch.nn.attention
    chosen = getattr(attention.SDPBackend, SDPA_BACKENDS[backend])

    def run() -> Any:
        with attention.sdpa_kernel(chosen):
            return fn()
    return run


def build_torch_op(torch: Any, case: Case, sdpa_backend: str = "cudnn") -> Callable[[], Any]:
    """A callable that runs the case once in PyTorch eager on preallocated inputs."""
    functional = torch.nn.functional
    op, dtype, shape, attrs = case.op, case.dtype, case.shape, case.attrs
    if op == "matmul":
        m = re.fullmatch(r"(?:b(\d+)_)?m(\d+)_n(\d+)_k(\d+)", shape)
        if not m:
            raise Unsupported(f"matmul shape {shape}")
        batch = [int(m.group(1))] if m.group(1) else []
        mm, n, k = int(m.group(2)), int(m.group(3)), int(m.group(4))
        if dtype.startswith("f8"):
            if batch or not hasattr(torch, "_scaled_mm"):
                raise Unsupported("fp8 needs torch._scaled_mm, unbatched")
            a = random_tensor(torch, [mm, k], dtype)
            b = random_tensor(torch, [k, n], dtype)  # row-major, as hwcert's case has it
            one = torch.ones((), device="cuda", dtype=torch.float32)
            out = torch_dtype(torch, case.out_dtype)
            # _scaled_mm reads B column-major: the copy is part of the timed call.
            return lambda: torch._scaled_mm(a, b.t().contiguous().t(), scale_a=one,
                                            scale_b=one, out_dtype=out)
        torch.backends.cuda.matmul.allow_tf32 = attrs.get("math_mode") == "tf32"
        a = random_tensor(torch, batch + [mm, k], dtype)
        b = random_tensor(torch, batch + [k, n], dtype)
        return lambda: torch.matmul(a, b)
    if op == "conv2d":
        m = re.fullmatch(r"n(\d+)_c(\d+)_h(\d+)_w(\d+)_k(\d+)_r(\d+)x(\d+)", shape)
        if not m:
            raise Unsupported(f"conv2d shape {shape}")
        n, c, h, w, cout, kh, kw = (int(g) for g in m.groups())
        pads = dims(attrs.get("pads", "0x0x0x0"))
        if len(pads) != 4 or pads[0] != pads[2] or pads[1] != pads[3]:
            raise Unsupported("asymmetric pads")
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cudnn.benchmark = True
        x = random_tensor(torch, [n, c, h, w], dtype)
        weight = random_tensor(torch, [cout, c, kh, kw], dtype)
        if attrs.get("layout", "NCHW") == "NHWC":
            x = x.to(memory_format=torch.channels_last)
            weight = weight.to(memory_format=torch.channels_last)
        strides = dims(attrs.get("strides", "1x1"))
        dilations = dims(attrs.get("dilations", "1x1"))
        groups = int(attrs.get("groups", "1"))
        return lambda: functional.conv2d(
            x, weight, stride=strides, padding=(pads[0], pads[1]), dilation=dilations, groups=groups
        )
    if op == "scaled_dot_product_attention":
        m = re.fullmatch(r"b(\d+)_h(\d+)_sq(\d+)_sk(\d+)_d(\d+)(?:_dv(\d+))?", shape)
        if not m:
            raise Unsupported(f"attention shape {shape}")
        b, h, sq, sk, d = (int(g) for g in m.groups()[:5])
        dv = int(m.group(6)) if m.group(6) else d
        q = random_tensor(torch, [b, h, sq, d], dtype)
        k = random_tensor(torch, [b, h, sk, d], dtype)
        v = random_tensor(torch, [b, h, sk, dv], dtype)
        causal = attrs.get("causal", "0") == "1"
        return pinned_sdpa(torch, sdpa_backend, lambda: functional.scaled_dot_product_attention(
            q, k, v, is_causal=causal))
    if op in ("add", "sub", "mul", "div", "max", "min"):
        a_label, _, b_label = shape.partition("_")
        a = random_tensor(torch, dims(a_label), dtype)
        b = random_tensor(torch, dims(b_label or a_label), dtype)
        fn = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
              "max": torch.maximum, "min": torch.minimum}[op]
        return lambda: fn(a, b)
    x = random_tensor(torch, dims(shape), dtype)
    last = dims(shape)[-1:] or [1]
    if op == "softmax":
        return lambda: torch.softmax(x, dim=-1)
    if op == "log_softmax":
        return lambda: torch.log_softmax(x, dim=-1)
    if op == "layer_norm":
        weight, bias = random_tensor(torch, last, dtype), random_tensor(torch, last, dtype)
        return lambda: functional.layer_norm(x, last, weight, bias, 1e-5)
    if op == "rms_norm":
        if not hasattr(functional, "rms_norm"):
            raise Unsupported("torch.nn.functional.rms_norm missing (torch < 2.4)")
        weight = random_tensor(torch, last, dtype)
        return lambda: functional.rms_norm(x, last, weight, 1e-6)
    if op == "gelu":
        approximate = attrs.get("approximate", "none")
        return lambda: functional.gelu(x, approximate=approximate)
    if op == "copy":
        y = torch.empty_like(x)
        return lambda: y.copy_(x)
    if op == "cast":
        out = torch_dtype(torch, case.out_dtype)
        return lambda: x.to(out)
    if op == "reduce_sum":
        axes = dims(attrs.get("axes", "")) or list(range(x.dim()))
        return lambda: x.sum(dim=axes)
    unary = {"neg": torch.neg, "abs": torch.abs, "exp": torch.exp, "log": torch.log,
             "sqrt": torch.sqrt, "rsqrt": torch.rsqrt, "tanh": torch.tanh,
             "sigmoid": torch.sigmoid, "relu": torch.relu, "silu": functional.silu}
    if op in unary:
        return lambda: unary[op](x)
    raise Unsupported(f"no PyTorch rebuild of {op}")


def time_torch(torch: Any, fn: Callable[[], Any], repetitions: int, min_time: float,
               flush: Any) -> float:
    """Median seconds per launch over repetitions. flush: None (hot) or a tensor that is
    overwritten before each launch, outside the timed region (cold)."""
    for _ in range(2):
        fn()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    fn()
    end.record()
    end.synchronize()
    once = max(start.elapsed_time(end) / 1e3, 1e-7)
    launches = max(1, min(1000, int(min_time / once)))
    samples = []
    for repetition in range(repetitions):
        if flush is None:
            start.record()
            for _ in range(launches):
                fn()
            end.record()
            end.synchronize()
            samples.append(start.elapsed_time(end) / 1e3 / launches)
        else:
            total = 0.0
            for launch in range(launches):
                flush.fill_(repetition * launches + launch)
                start.record()
                fn()
                end.record()
                end.synchronize()
                total += start.elapsed_time(end) / 1e3
            samples.append(total / launches)
    return statistics.median(samples)


def torch_launch_overhead_us(torch: Any, launches: int = 20000) -> float:
    """Host microseconds per launch of a 1-element op launched back to back."""
    x = torch.ones(1, device="cuda")
    y = torch.empty_like(x)
    for _ in range(100):
        torch.add(x, 1, out=y)
    torch.cuda.synchronize()
    begin = time.perf_counter()
    for _ in range(launches):
        torch.add(x, 1, out=y)
    elapsed = time.perf_counter() - begin
    torch.cuda.synchronize()
    return elapsed / launches * 1e6


# ---- table ----

def figure(case: Case, seconds: Optional[float]) -> Optional[float]:
    """TFLOP/s (compute-bound ops) or TB/s of a case timed at `seconds`."""
    if seconds is None or seconds <= 0:
        return None
    work = case.record.get("flops" if case.compute_bound else "bytes") or 0
    if not work and case.op == "scaled_dot_product_attention":
        work = attention_flops(case.shape, case.attrs.get("causal", "0") == "1") or 0
    return work / seconds / 1e12 if work else None


def unit(case: Case) -> str:
    return "TFLOP/s" if case.compute_bound else "TB/s"


def fmt(value: Optional[float], suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.3g}{suffix}" if value < 100 else f"{value:.0f}{suffix}"


def device_name(perf: dict[str, Any]) -> str:
    device = perf.get("device")
    if isinstance(device, dict):
        for key in ("name", "device_name"):
            if isinstance(device.get(key), str):
                return device[key]
    return str(device) if device else "unknown device"


def escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_table(perf: dict[str, Any], cases: list[Case], torch_seconds: dict[str, float],
                 torch_notes: dict[str, str], overhead_torch_us: Optional[float],
                 header: str) -> str:
    lines = [header, "", "| op | shape | dtype | hwcert | PyTorch | ratio | goal | met? |",
             "|---|---|---|---|---|---|---|---|"]
    for case in cases:
        record = case.record
        dtype = case.dtype if case.out_dtype == case.dtype else f"{case.dtype}->{case.out_dtype}"
        attrs = ",".join(f"{k}={v}" for k, v in case.attrs.items())
        shape = case.shape + (f" ({attrs})" if attrs else "")
        goal = goal_for(case)
        status = record.get("status", "ok")
        ours = figure(case, record.get("median_ns", 0) / 1e9) if status == "ok" else None
        theirs = figure(case, torch_seconds.get(record["case_id"]))
        ours_text = fmt(ours, " " + unit(case)) if status == "ok" else escape(
            f"{status}: {record.get('reason', '')}".strip(": "))
        if goal and goal.kind == "peak" and record.get("peak_fraction") is not None:
            ours_text += f" ({record['peak_fraction']:.2f} of peak)"
        theirs_text = fmt(theirs, " " + unit(case))
        if record["case_id"] in torch_notes:
            theirs_text = escape(torch_notes[record["case_id"]])
        ratio = ours / theirs if ours and theirs else None
        met = "—"
        if goal and goal.kind == "ratio" and ratio is not None:
            met = "yes" if ratio >= goal.value else "no"
        elif goal and goal.kind == "tbps" and ours is not None:
            met = "yes" if ours >= goal.value else "no"
        lines.append(f"| {case.op} | {shape} | {dtype} | {ours_text} | {theirs_text} | "
                     f"{fmt(ratio)} | {goal.text() if goal else '—'} | {met} |")
    overhead = perf.get("abi_overhead") or {}
    ours_us = overhead.get("launch_only_us")
    if ours_us is not None:
        ratio = overhead_torch_us / ours_us if overhead_torch_us and ours_us else None
        met = "yes" if ours_us <= OVERHEAD_GOAL_US else "no"
        ratio_text = f"{fmt(ratio)} (PyTorch / hwcert)" if ratio is not None else "—"
        lines.append(
            "| launch overhead | 1-element op, host µs per launch | f32 | "
            f"{fmt(ours_us, ' µs')} | {fmt(overhead_torch_us, ' µs')} | {ratio_text} | "
            f"<= {OVERHEAD_GOAL_US:g} µs | {met} |")
    return "\n".join(lines) + "\n"


# ---- driver ----

def find_hwcert(explicit: Optional[str]) -> str:
    if explicit:
        return explicit
    for candidate in sorted(REPO.glob("build*/bin/hwcert")):
        if os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("hwcert")
    if not found:
        sys.exit("error: hwcert not found; pass --hwcert PATH")
    return found


def case_filter(case_id: str) -> str:
    """A `hwcert perf --filter` glob matching exactly `case_id` ('-' and ':' are filter
    syntax there, so they and the glob characters match as '?')."""
    return re.sub(r"[-:*?]", "?", case_id)


def gpu_state() -> str:
    """Driver version and current / maximum SM and memory clocks, from nvidia-smi."""
    query = "driver_version,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem"
    try:
        result = subprocess.run(["nvidia-smi", f"--query-gpu={query}", "--format=csv,noheader",
                                 "--id=0"], capture_output=True, text=True, timeout=30,
                                check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "nvidia-smi unavailable"
    fields = [f.strip() for f in result.stdout.strip().split(",")]
    if result.returncode != 0 or len(fields) != 5:
        return "nvidia-smi unavailable"
    return (f"driver {fields[0]}, SM {fields[1]} (max {fields[2]}), "
            f"memory {fields[3]} (max {fields[4]})")


def run_hwcert(args: argparse.Namespace, case_glob: Optional[str] = None,
               listing: bool = False) -> dict[str, Any]:
    """perf.json of `hwcert perf` over the suite, or over the cases `case_glob` matches
    (without the ABI overhead run). `listing`: one short repetition, to learn the cases."""
    if args.perf_json:
        return json.loads(pathlib.Path(args.perf_json).read_text())
    with tempfile.TemporaryDirectory(prefix="hwcert-bench-") as out:
        command = [find_hwcert(args.hwcert), "perf", "--plugin", args.plugin, "--suite",
                   str(args.suite), "--out", out,
                   "--repetitions", "1" if listing else str(args.repetitions),
                   "--min-time", "0.001" if listing else str(args.min_time),
                   "--cold" if args.cold else "--hot"]
        if args.target:
            command += ["--target", args.target]
        if case_glob:
            command += ["--filter", case_glob, "--no-abi-overhead"]
        elif args.filter:
            command += ["--filter", args.filter]
        print("+ " + " ".join(command), file=sys.stderr)
        result = subprocess.run(command, stdout=sys.stderr, check=False)
        perf_path = pathlib.Path(out) / "perf.json"
        if result.returncode not in (0, 1) or not perf_path.exists():
            sys.exit(f"error: hwcert perf exited with {result.returncode}")
        if result.returncode == 1:
            print("warning: hwcert perf reported a failed or timed-out case", file=sys.stderr)
        return json.loads(perf_path.read_text())


def torch_case(torch: Any, args: argparse.Namespace, case: Case, flush: Any,
               seconds: dict[str, float], notes: dict[str, str]) -> None:
    """Times one case in PyTorch into `seconds`, or says in `notes` why it could not."""
    case_id = case.record["case_id"]
    try:
        fn = build_torch_op(torch, case, args.sdpa_backend)
        seconds[case_id] = time_torch(torch, fn, args.repetitions, args.min_time, flush)
    except Unsupported as why:
        notes[case_id] = f"n/a: {why}"
    except RuntimeError as error:  # e.g. out of memory, an op torch refuses
        notes[case_id] = f"error: {str(error).splitlines()[0]}"
    torch.cuda.empty_cache()


def interleaved(torch: Any, args: argparse.Namespace, perf: dict[str, Any], flush: Any,
                seconds: dict[str, float], notes: dict[str, str]) -> list[Case]:
    """Per case of `perf` (a listing run): hwcert perf on that case alone, then PyTorch.
    With --perf-json the hwcert figures are the file's and only PyTorch runs."""
    cases = []
    for listed in cases_of(perf):
        case_id = listed.record["case_id"]
        measured = listed
        if not args.perf_json:
            own = [c for c in cases_of(run_hwcert(args, case_filter(case_id)))
                   if c.record["case_id"] == case_id]
            measured = own[0] if own else listed
            if not own:
                measured.record.update(status="failed", reason="missing from its own run")
        cases.append(measured)
        torch_case(torch, args, measured, flush, seconds, notes)
    return cases


def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plugin", default="cuda", help="plugin name or path (default cuda)")
    parser.add_argument("--suite", default=str(DEFAULT_SUITE), help="perf suite TOML")
    parser.add_argument("--hwcert", help="hwcert binary (default: build*/bin/hwcert, PATH)")
    parser.add_argument("--perf-json", help="use this perf.json instead of running hwcert perf")
    parser.add_argument("--target", default="h100", help="target profile ('' for none)")
    parser.add_argument("--filter", help="hwcert perf --filter globs")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.05,
                        help="seconds per repetition, both sides")
    parser.add_argument("--cold", action="store_true",
                        help="flush the L2 cache before every launch, both sides (default: hot)")
    parser.add_argument("--sdpa-backend", choices=sorted(SDPA_BACKENDS), default="cudnn",
                        help="the one SDPA backend PyTorch may use (default cudnn)")
    parser.add_argument("--hwcert-only", action="store_true", help="skip PyTorch")
    parser.add_argument("--output", help="also write the table to this file")
    args = parser.parse_args(argv)
    if args.repetitions < 1 or args.min_time <= 0:
        parser.error("--repetitions must be >= 1 and --min-time > 0")
    return args


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_args(argv)
    gpu_before = gpu_state()
    perf = run_hwcert(args, listing=not args.hwcert_only)
    cases = cases_of(perf)
    if not cases:
        print("error: perf.json has no cases", file=sys.stderr)
        return 1

    torch_seconds: dict[str, float] = {}
    torch_notes: dict[str, str] = {}
    overhead_torch_us = None
    torch_text = "PyTorch not run (--hwcert-only)"
    if not args.hwcert_only:
        import torch  # only on the GPU host

        if not torch.cuda.is_available():
            sys.exit("error: torch sees no CUDA device (use --hwcert-only)")
        flush = None
        if args.cold:
            flush_bytes = int(perf.get("flush_bytes") or 64 << 20)
            flush = torch.empty(flush_bytes // 4, device="cuda", dtype=torch.int32)
        cases = interleaved(torch, args, perf, flush, torch_seconds, torch_notes)
        overhead_torch_us = torch_launch_overhead_us(torch)
        torch_text = (f"PyTorch {torch.__version__} (CUDA {torch.version.cuda}, SDPA backend "
                      f"{args.sdpa_backend} pinned) on {torch.cuda.get_device_name()}")

    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    timing = ("cold (L2 flushed, one launch per event pair)" if args.cold
              else "hot (both sides: N launches back to back per event pair)")
    header = (f"Measured {date} on {device_name(perf)}: {perf.get('hwcert_version', 'hwcert ?')} "
              f"with plugin {perf.get('plugin', '?')} {perf.get('plugin_version', '')}".rstrip()
              + f"; {torch_text}. GPU before: {gpu_before}; after: {gpu_state()}. "
              f"Median of {args.repetitions} repetitions, {timing}, hwcert and PyTorch "
              "interleaved per case; PyTorch figures use hwcert's flop and byte counts.")
    table = render_table(perf, cases, torch_seconds, torch_notes, overhead_torch_us, header)
    sys.stdout.write(table)
    if args.output:
        pathlib.Path(args.output).write_text(table)
    return 0

if __name__ == "__main__":
    sys.exit(main())
