#!/usr/bin/env python3
"""Every graph of the zoo is valid against model/graph.schema.json, and the schema rejects
what the parser rejects in its structure (an unknown key, a bad shape extent, a missing
parameter of a distribution). Usage: check_zoo_schema.py MODEL_DIR"""
import glob
import json
import os
import sys
import tomllib

import jsonschema


def main():
    model_dir = sys.argv[1]
    with open(os.path.join(model_dir, "graph.schema.json")) as fh:
        schema = json.load(fh)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(glob.glob(os.path.join(model_dir, "zoo", "*.toml")))
    assert files, "no zoo models found"
    for path in files:
        with open(path, "rb") as fh:
            validator.validate(tomllib.load(fh))
        print(f"valid: {os.path.basename(path)}")
    with open(files[0], "rb") as fh:
        good = tomllib.load(fh)
    bad = [
        {**good, "bogus": 1},
        {**good, "input": [{"name": "x", "shape": ["batchh", 4]}]},
        {**good, "initializer": [{"name": "w", "shape": [4], "init": "uniform", "low": 0}]},
        {**good, "initializer": [{"name": "w", "shape": [4], "init": "safetensors",
                                  "file": "w.safetensors"}]},
    ]
    for doc in bad:
        if validator.is_valid(doc):
            print(f"schema accepted a malformed graph: {doc}")
            return 1
    print("schema rejects the malformed graphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
