#!/usr/bin/env python3
"""Runs the real `hwcert` binary and validates every JSON file it writes against the schemas
in results/schema: results.json of a conformance run (with a waiver that applies) and of
`hwcert merge`, perf.json of a perf run, stability.json of a stability run, the files of a certified bundle (system, conformance,
perf, summary, waivers) and report.json of `hwcert report`. Also checks that the schemas are
not vacuous: a planted wrong value must be rejected.
Usage: check_written_json.py HWCERT REFERENCE_PLUGIN SCHEMA_DIR WORK_DIR"""
import json
import pathlib
import shutil
import subprocess
import sys

import jsonschema
from referencing import Registry, Resource

WAIVERS = """[[waiver]]
case = "add.*"
category = "test-bug"
reason = "planted so that results.json lists a waiver (the cases pass: xpass)"
"""


def load_schemas(schema_dir):
    schemas = {p.name: json.loads(p.read_text()) for p in sorted(schema_dir.glob("*.schema.json"))}
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return {name: jsonschema.Draft202012Validator(s, registry=registry)
            for name, s in schemas.items()}


def hwcert(exe, *args, ok=(0,)):
    run = subprocess.run([exe, *args], capture_output=True, text=True)
    if run.returncode not in ok:
        sys.exit(f"FAIL: hwcert {' '.join(args)} exited with {run.returncode}\n{run.stderr}")
    return run


class Checker:
    def __init__(self, validators):
        self.validators = validators
        self.failures = []
        self.checked = []

    def file(self, path, schema, definition=None):
        document = json.loads(path.read_text())
        validator = self.validators[schema]
        if definition:  # one $defs entry of the schema, e.g. a bundle file
            validator = validator.evolve(
                schema={"$ref": f"{validator.schema['$id']}#/$defs/{definition}"})
        self.failures += [f"{path.name} ({schema}): {e.json_path}: {e.message}"
                          for e in validator.iter_errors(document)]
        self.checked.append(path)
        return document, validator

    def rejects(self, validator, document, what):
        if validator.is_valid(document):
            self.failures.append(f"schema accepted {what}")


def check_conformance(c, exe, plugin, work):
    (work / "waivers.toml").write_text(WAIVERS)
    hwcert(exe, "conformance", "--plugin", plugin, "--suite", "smoke", "--waivers",
           str(work / "waivers.toml"), "--out", str(work / "conformance"))
    doc, validator = c.file(work / "conformance" / "results.json", "results.schema.json")
    if not doc["waivers"] or not any(r["status"] == "xpass" for r in doc["results"]):
        c.failures.append("results.json: the planted waiver was not applied")
    broken = json.loads(json.dumps(doc))
    broken["results"][0]["status"] = "passed"
    c.rejects(validator, broken, "an unknown case status in results.json")
    broken = json.loads(json.dumps(doc))
    broken["results"][0]["surprise"] = 1
    c.rejects(validator, broken, "an unknown field in a results.json record")

    hwcert(exe, "merge", str(work / "conformance" / "results.json"), "-o",
           str(work / "merged.json"))
    c.file(work / "merged.json", "results.schema.json")


def check_perf(c, exe, plugin, work):
    hwcert(exe, "perf", "--plugin", plugin, "--suite", "smoke", "--hot", "--repetitions", "2",
           "--min-time", "0.001", "--filter", "add*:copy*", "--out", str(work / "perf"))
    doc, validator = c.file(work / "perf" / "perf.json", "perf.schema.json")
    if not doc["cases"]:
        c.failures.append("perf.json: no cases (the filter selected nothing)")
    broken = json.loads(json.dumps(doc))
    broken["cases"][0]["samples_ns"] = ["fast"]
    c.rejects(validator, broken, "a sample that is not a number in perf.json")


def check_stability(c, exe, plugin, work):
    # --max-drift 0.99: this checks the file, not the machine. On a loaded 2-core machine a
    # 1.5 s run's throughput can fall by half between its first and last intervals (seen:
    # 27k to 8.5k launches/s), which the default bound judges a FAIL; wrong results, NaNs,
    # errors and memory growth still fail the verdict checked below.
    hwcert(exe, "stability", "--plugin", plugin, "--duration", "1.5", "--filter", "add*",
           "--streams", "2", "--max-drift", "0.99", "--out", str(work / "stability"))
    doc, validator = c.file(work / "stability" / "stability.json", "stability.schema.json")
    if doc.get("verdict") != "pass" or not doc.get("samples"):
        c.failures.append("stability.json: the reference plugin did not pass with samples")
    broken = json.loads(json.dumps(doc))
    broken["samples"][0]["wrong_results"] = -1
    c.rejects(validator, broken, "a negative counter in stability.json")
    broken = json.loads(json.dumps(doc))
    broken["verdict"] = "ok"
    c.rejects(validator, broken, "an unknown verdict in stability.json")


def check_bundle_and_report(c, exe, plugin, work):
    # The smoke suite leaves required op x dtype pairs without cases: not certified (1).
    hwcert(exe, "certify", "--plugin", plugin, "--target", "cpu", "--suite", "smoke",
           "--out", str(work / "bundle"), ok=(0, 1))
    bundle = work / "bundle"
    for name, definition in (("system.json", "system"), ("summary.json", "summary"),
                             ("waivers.json", "waivers_file"),
                             ("conformance.json", "conformance_file"),
                             ("perf.json", "perf_file")):
        if not (bundle / name).exists():
            c.failures.append(f"bundle lacks {name}")
            continue
        c.file(bundle / name, "bundle-results.schema.json", definition)
    c.file(bundle / "conformance.json", "results.schema.json")
    perf, _ = c.file(bundle / "perf.json", "perf.schema.json")
    if (bundle / "stability.json").exists():
        c.file(bundle / "stability.json", "stability.schema.json")
    else:
        c.failures.append("bundle lacks stability.json (the cpu profile's stability stage)")
    # The cpu profile's floors (matmul f32, copy f32) are timed at the size class's sizes.
    ids = [r["case_id"] for r in perf.get("cases", perf.get("results", []))]
    for wanted in ("matmul/f32/m1024_n1024_k1024", "copy/f32/"):
        if not any(i.startswith(wanted) for i in ids):
            c.failures.append(f"bundle perf.json: no floor case {wanted}* among {ids}")
    system, validator = c.file(bundle / "system.json", "bundle-results.schema.json", "system")
    broken = json.loads(json.dumps(system))
    broken["device_properties"]["type"] = "toaster"
    c.rejects(validator, broken, "an unknown device type in system.json")

    hwcert(exe, "report", str(bundle), "-o", str(work / "report"), "--targets", "cpu,a100",
           "--baseline", str(work / "conformance" / "results.json"))
    report, _ = c.file(work / "report" / "report.json", "report.schema.json")
    if not report.get("since_baseline"):
        c.failures.append("report.json: --baseline gave no since_baseline entry")

    # hwcert diff: a bundle against the smoke run (exit 1 when the waived xpass case or the
    # other run's cases count as changes that regress; the JSON is what is checked here).
    hwcert(exe, "diff", str(work / "conformance" / "results.json"), str(bundle), "--out",
           str(work / "diff"), ok=(0, 1))
    diff, validator = c.file(work / "diff" / "diff.json", "diff.schema.json")
    broken = json.loads(json.dumps(diff))
    broken["format"] = "hwcert-diffs"
    c.rejects(validator, broken, "another format name in diff.json")


def main():
    exe, plugin = sys.argv[1], sys.argv[2]
    schema_dir, work = pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    c = Checker(load_schemas(schema_dir))
    check_conformance(c, exe, plugin, work)
    check_perf(c, exe, plugin, work)
    check_stability(c, exe, plugin, work)
    check_bundle_and_report(c, exe, plugin, work)
    for failure in c.failures:
        print("FAIL:", failure)
    names = ", ".join(str(p.relative_to(work)) for p in c.checked)
    print(f"{'OK' if not c.failures else 'FAILED'}: validated {names}")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
