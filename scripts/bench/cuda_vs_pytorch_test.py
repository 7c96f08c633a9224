#!/usr/bin/env python3
"""Tests of cuda_vs_pytorch.py without a GPU or torch.

Unit part: case ids, goals and the table on a perf.json written here. End-to-end part
(when given HWCERT and PLUGIN): --hwcert-only against a real `hwcert perf` run of the tiny
suite, checking that every case of the run has its row.

Usage: cuda_vs_pytorch_test.py [HWCERT PLUGIN]
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cuda_vs_pytorch as bench  # noqa: E402

END_TO_END: list[str] = []


def record(case_id, op, flops, nbytes, median_ns, status="ok", **extra):
    base = {"case_id": case_id, "op": op, "flops": flops, "bytes": nbytes,
            "median_ns": median_ns, "status": status, "reason": "", "peak_fraction": None}
    base.update(extra)
    return base


class CaseIds(unittest.TestCase):
    def test_parts(self):
        self.assertEqual(bench.parse_case_id("matmul/bf16/m4096_n4096_k4096"),
                         ("matmul", "bf16", "bf16", "m4096_n4096_k4096", {}))
        self.assertEqual(
            bench.parse_case_id("matmul_fp8/f8e4m3->bf16/m8_n8_k8/math_mode=strict"),
            ("matmul_fp8", "f8e4m3", "bf16", "m8_n8_k8", {"math_mode": "strict"}))
        self.assertEqual(
            bench.parse_case_id("conv2d/f16/n1_c8_h8_w8_k8_r3x3/layout=NHWC,pads=1x1x1x1")[4],
            {"layout": "NHWC", "pads": "1x1x1x1"})
        with self.assertRaises(ValueError):
            bench.parse_case_id("matmul")

    def test_goals(self):
        def goal(case_id, op):
            return bench.goal_for(bench.cases_of({"cases": [record(case_id, op, 1, 1, 1)]})[0])

        self.assertEqual(goal("matmul/bf16/m8192_n8192_k8192", "matmul"), bench.Goal("ratio", 0.97))
        self.assertEqual(goal("matmul_tf32/f32/m8192_n8192_k8192/math_mode=tf32", "matmul"),
                         bench.Goal("ratio", 0.97))
        self.assertIsNone(goal("matmul/f32/m8192_n8192_k8192", "matmul"))
        self.assertEqual(goal("matmul_fp8/f8e4m3->bf16/m8192_n8192_k8192", "matmul").kind, "peak")
        self.assertEqual(goal("softmax/bf16/65536x1024", "softmax"), bench.Goal("tbps", 2.5))
        self.assertIsNone(goal("softmax/bf16/64x256", "softmax"))
        self.assertEqual(goal("copy/f32/268435456", "copy"), bench.Goal("ratio", 0.95))
        self.assertEqual(
            goal("attention/bf16/b8_h32_sq4096_sk4096_d128/causal=1",
                 "scaled_dot_product_attention"), bench.Goal("ratio", 0.6))
        self.assertIsNone(goal("attention/bf16/b8_h32_sq4096_sk4096_d128/causal=0",
                               "scaled_dot_product_attention"))


class Table(unittest.TestCase):
    def test_rows_ratios_and_goals(self):
        perf = {"cases": [
            # 2e12 flops in 2 ms: 1000 TFLOP/s; PyTorch 4 ms: 500 -> ratio 2.
            record("matmul/bf16/m8192_n8192_k8192", "matmul", 2e12, 1, 2e6),
            # 3e9 bytes in 1 ms: 3 TB/s, above the 2.5 TB/s goal.
            record("softmax/bf16/8192x8192", "softmax", 1, 3e9, 1e6),
            record("rms_norm/bf16/65536x1024", "rms_norm", 1, 2e9, 1e6),  # 2 TB/s: missed
            record("add/bf16/268435456", "add", 1, 1e9, 0, status="unsupported",
                   reason="no | kernel"),
        ], "abi_overhead": {"launch_only_us": 1.5}}
        cases = bench.cases_of(perf)
        table = bench.render_table(perf, cases, {"matmul/bf16/m8192_n8192_k8192": 4e-3},
                                   {"add/bf16/268435456": "n/a: test"}, 6.0, "HEADER")
        lines = table.splitlines()
        self.assertEqual(lines[0], "HEADER")
        rows = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
        self.assertEqual(len(rows), 5)
        self.assertIn("| 1000 TFLOP/s | 500 TFLOP/s | 2 | >= 0.97 x PyTorch | yes |", rows[0])
        self.assertIn("| 3 TB/s | — | — | >= 2.5 TB/s | yes |", rows[1])
        self.assertIn("| 2 TB/s | — | — | >= 2.5 TB/s | no |", rows[2])
        self.assertIn("unsupported: no \\| kernel", rows[3])  # escaped for markdown
        self.assertIn("n/a: test", rows[3])
        self.assertIn("| 1.5 µs | 6 µs | 4 (PyTorch / hwcert) | <= 2 µs | yes |", rows[4])


class FakeTensor:
    """Records what the script does with a tensor: its shape, dtype and layout."""

    def __init__(self, torch, shape, dtype, column_major=False):
        self.torch, self.shape, self.dtype, self.column_major = torch, list(shape), dtype, column_major

    def __mul__(self, _):
        return self

    def __sub__(self, _):
        return self

    def to(self, dtype=None, memory_format=None):
        return FakeTensor(self.torch, self.shape, dtype or self.dtype, self.column_major)

    def t(self):
        return FakeTensor(self.torch, self.shape[::-1], self.dtype, not self.column_major)

    def contiguous(self):
        self.torch.calls.append("contiguous")
        return FakeTensor(self.torch, self.shape, self.dtype, False)


class FakeDtype:
    def __init__(self, name, floating=True):
        self.name, self.is_floating_point = name, floating


class FakeEvent:
    def __init__(self, torch, enable_timing=False):
        self.torch = torch

    def record(self):
        self.torch.calls.append("record")

    def synchronize(self):
        pass

    def elapsed_time(self, _end):
        return 1.0  # ms


class FakeTorch:
    """The parts of torch cuda_vs_pytorch.py uses, recording calls in `calls`."""

    def __init__(self):
        self.calls = []
        self.backend = None
        for name in ("float32", "float16", "bfloat16", "float8_e4m3fn"):
            setattr(self, name, FakeDtype(name))
        torch = self

        class Cuda:
            Event = staticmethod(lambda enable_timing=False: FakeEvent(torch, enable_timing))
            synchronize = staticmethod(lambda: torch.calls.append("synchronize"))
            empty_cache = staticmethod(lambda: None)

        class SDPBackend:
            FLASH_ATTENTION, EFFICIENT_ATTENTION, CUDNN_ATTENTION, MATH = "flash", "eff", "cudnn", "math"

        class Pinned:
            def __init__(self, backend):
                self.chosen = backend

            def __enter__(self):
                torch.backend = self.chosen

            def __exit__(self, *_):
                torch.backend = None

        class Functional:
            @staticmethod
            def scaled_dot_product_attention(q, k, v, is_causal=False):
                torch.calls.append(("sdpa", torch.backend, is_causal))

        class Attention:
            pass

        Attention.SDPBackend = SDPBackend
        Attention.sdpa_kernel = Pinned
        self.cuda = Cuda
        self.nn = type("nn", (), {"functional": Functional, "attention": Attention})

    def rand(self, shape, device=None, dtype=None):
        return FakeTensor(self, shape, dtype)

    def ones(self, shape, device=None, dtype=None):
        return FakeTensor(self, shape, dtype)

    def _scaled_mm(self, a, b, scale_a=None, scale_b=None, out_dtype=None):
        self.calls.append(("scaled_mm", a.shape, b.shape, b.column_major, out_dtype.name))


def case(case_id, op):
    return bench.cases_of({"cases": [record(case_id, op, 0, 0, 1)]})[0]


class TorchSide(unittest.TestCase):
    def test_hot_timing_puts_n_launches_between_one_event_pair(self):
        torch = FakeTorch()
        launches = []
        seconds = bench.time_torch(torch, lambda: launches.append(1), repetitions=3,
                                   min_time=0.05, flush=None)
        # Each sample: 1 ms over N = 0.05 s / 1 ms = 50 launches back to back.
        self.assertAlmostEqual(seconds, 1e-3 / 50)
        timed = torch.calls[torch.calls.index("synchronize") + 3:]  # after warm-up and probe
        self.assertEqual(timed.count("record"), 6)  # one start/end pair per repetition
        self.assertEqual(len(launches), 2 + 1 + 3 * 50)

    def test_sdpa_runs_on_the_pinned_backend(self):
        torch = FakeTorch()
        attention = case("attention/bf16/b1_h2_sq8_sk8_d4/causal=1", "scaled_dot_product_attention")
        bench.build_torch_op(torch, attention, "flash")()
        self.assertEqual(torch.calls[-1], ("sdpa", "flash", True))
        self.assertIsNone(torch.backend)  # only inside the call

    def test_fp8_b_is_row_major_k_by_n_and_the_copy_is_timed(self):
        torch = FakeTorch()
        fp8 = case("matmul_fp8/f8e4m3->bf16/m16_n32_k64", "matmul")
        run = bench.build_torch_op(torch, fp8)
        torch.calls.clear()
        run()
        self.assertEqual(torch.calls, ["contiguous",
                                       ("scaled_mm", [16, 64], [64, 32], True, "bfloat16")])

    def test_attention_flops_are_hwcerts_causal_halved(self):
        full = bench.attention_flops("b8_h32_sq4096_sk4096_d128", causal=False)
        self.assertEqual(full, 2.0 * 8 * 32 * 4096 * 4096 * (128 + 128))
        self.assertEqual(bench.attention_flops("b8_h32_sq4096_sk4096_d128", causal=True), full / 2)
        attention = case("attention/bf16/b1_h1_sq2_sk2_d2/causal=1", "scaled_dot_product_attention")
        # No flops in the record (e.g. hwcert refused the case): counted the same way.
        self.assertEqual(bench.figure(attention, 1.0), 2.0 * 2 * 2 * 4 / 2 / 1e12)

    def test_case_filter_matches_one_case_id(self):
        self.assertEqual(bench.case_filter("matmul_fp8/f8e4m3->bf16/m8_n8_k8"),
                         "matmul_fp8/f8e4m3?>bf16/m8_n8_k8")


class EndToEnd(unittest.TestCase):
    def test_hwcert_only_on_the_tiny_suite(self):
        if not END_TO_END:
            self.skipTest("no hwcert and plugin given")
        hwcert, plugin = END_TO_END
        with tempfile.TemporaryDirectory() as work:
            table_path = pathlib.Path(work) / "table.md"
            run = subprocess.run(
                [sys.executable, str(HERE / "cuda_vs_pytorch.py"), "--hwcert-only", "--hwcert",
                 hwcert, "--plugin", plugin, "--suite", str(HERE / "tiny-suite.toml"),
                 "--repetitions", "2", "--min-time", "0.001", "--target", "",
                 "--output", str(table_path)],
                capture_output=True, text=True, timeout=120, check=False)
            self.assertEqual(run.returncode, 0, run.stderr)
            table = run.stdout
            self.assertEqual(table_path.read_text(), table)
        self.assertTrue(table.startswith("Measured "), table)
        self.assertIn("PyTorch not run (--hwcert-only)", table)
        rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
        # Nine cases in tiny-suite.toml plus the launch-overhead row.
        self.assertEqual(len(rows), 10, table)
        for row in rows[:-1]:
            cells = [c.strip() for c in row.strip("|").split("|")]
            self.assertEqual(len(cells), 8, row)
            figure, unit = cells[3].split(" ")[:2]
            self.assertGreater(float(figure), 0, row)
            self.assertIn(unit, ("TFLOP/s", "TB/s"), row)
            self.assertEqual(cells[4], "—", row)  # no PyTorch figure
            self.assertEqual(cells[5], "—", row)  # so no ratio
        self.assertTrue(rows[-1].startswith("| launch overhead |"), rows[-1])
        ops = {row.split("|")[1].strip() for row in rows}
        self.assertTrue({"matmul", "softmax", "rms_norm", "gelu", "add", "copy", "conv2d",
                         "scaled_dot_product_attention"} <= ops, ops)


if __name__ == "__main__":
    if len(sys.argv) >= 3:
        END_TO_END.extend(sys.argv[1:3])
        del sys.argv[1:3]
    unittest.main()
