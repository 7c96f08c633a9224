#!/usr/bin/env python3
"""Runs the sample-report writer, then checks its outputs:
report.json and every bundle file against the JSON Schemas, junit.xml as XML, report.html as
HTML without scripts or external resources, report.md free of raw HTML from plugin strings.
Usage: check_report_outputs.py WRITE_SAMPLE_REPORT_EXE SCHEMA_DIR"""
import html.parser
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import jsonschema
from referencing import Registry, Resource


def load_schemas(schema_dir):
    schemas = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[path.name] = schema
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return schemas, registry


class HtmlCheck(html.parser.HTMLParser):
    FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "object", "embed"}

    def __init__(self):
        super().__init__()
        self.problems = []
        self.details = 0
        self.svgs = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "details":
            self.details += 1
        if tag == "svg":
            self.svgs += 1
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.problems.append(f"external {name}={value!r}")
            if name.startswith("on"):
                self.problems.append(f"event handler {name}")


def main():
    exe, schema_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    schemas, registry = load_schemas(schema_dir)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp)
        subprocess.run([exe, str(out)], check=True)

        report_validator = jsonschema.Draft202012Validator(
            schemas["report.schema.json"], registry=registry)
        report = json.loads((out / "report" / "report.json").read_text())
        failures += [f"report.json: {e.json_path}: {e.message}"
                     for e in report_validator.iter_errors(report)]

        bundle_validator = jsonschema.Draft202012Validator(
            schemas["bundle-results.schema.json"], registry=registry)
        for bundle in sorted(out.glob("bundle-*")):
            files = {p.name: json.loads(p.read_text()) for p in bundle.glob("*.json")}
            failures += [f"{bundle.name}: {e.json_path}: {e.message}"
                         for e in bundle_validator.iter_errors(files)]

        # A report with a wrong status must fail validation (the schema is not vacuous).
        broken = json.loads(json.dumps(report))
        broken["devices"][0]["conformance"][0]["status"] = "passed"
        if report_validator.is_valid(broken):
            failures.append("schema accepted an unknown status")

        root = ET.parse(out / "report" / "junit.xml").getroot()
        if root.tag != "testsuites":
            failures.append("junit.xml: root is not <testsuites>")
        cases = root.findall("./testsuite/testcase")
        if len(cases) != 8:
            failures.append(f"junit.xml: {len(cases)} testcases, expected 8")
        name = root.find("./testsuite/properties/property[@name='plugin']").get("value")
        if not name.startswith("evil<script>") or "]]>" not in name or "\n" not in name:
            failures.append(f"junit.xml: plugin name did not survive escaping: {name!r}")

        page = (out / "report" / "report.html").read_text()
        check = HtmlCheck()
        check.feed(page)
        failures += [f"report.html: {p}" for p in check.problems]
        # The summary, two heat maps, the class bars, three perf bar charts, two rooflines,
        # and the one stability run's throughput and memory charts.
        if check.details < 2 or check.svgs != 11:
            failures.append(f"report.html: {check.details} details, {check.svgs} svg")
        # Every inline SVG is well-formed XML on its own.
        for i, svg in enumerate(re.findall(r"<svg .*?</svg>", page, re.S)):
            try:
                ET.fromstring(svg)
            except ET.ParseError as e:
                failures.append(f"report.html: svg {i} is not well-formed: {e}")

        md = (out / "report" / "report.md").read_text()
        if "<script" in md:
            failures.append("report.md: raw <script> from a plugin string")

    for f in failures:
        print("FAIL:", f)
    print(f"{'OK' if not failures else 'FAILED'}: checked report.json, bundle files, junit.xml, "
          "report.html, report.md")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
