#!/usr/bin/env python3
"""Writes the published architectures of the model zoo (docs/models.md) as graph files,
each at full size and as a small variant for CI, with the .safetensors files the decoders
read. Python standard library only; the output is byte-for-byte reproducible.

  generate.py              write the files into this folder
  generate.py --out DIR    write them into DIR
  generate.py --check      exit 1 if a file in this folder differs from what would be written
  generate.py --llama-layers N [--llama-seq S] --out DIR
                           only the full-width (LLaMA-7B) decoder with N layers, prefill of S
                           tokens (default 128) and the decode step after them"""

import argparse
import os
import sys

sys.dont_write_bytecode = True
from zoo_gen import bert, cnns, llama, safetensors, yolo

HERE = os.path.dirname(os.path.abspath(__file__))


def graphs(llama_layers=None, llama_seq=None):
    """(file name, bytes) of every generated file."""
    if llama_layers:
        seq = llama_seq or llama.LLAMA_7B["seq"]
        cfg = dict(llama.LLAMA_7B, layers=llama_layers, seq=seq,
                   name="llama_7b_%dlayers_seq%d" % (llama_layers, seq))
        decoders = [llama.Decoder(cfg, d).build() for d in (False, True)]
        files = [(g.name + ".toml", g.to_toml().encode()) for g in decoders]
        return files + [(cfg["name"] + ".safetensors",
                         safetensors.serialize(llama.weights_file(cfg)))]
    built = []
    for small in (True, False):
        built += [cnns.resnet50(small), cnns.mobilenet_v2(small), yolo.yolov5s(small),
                  bert.bert(small), llama.llama(small, False), llama.llama(small, True)]
    files = [(g.name + ".toml", g.to_toml().encode()) for g in built]
    for cfg in (llama.LLAMA_SMALL, llama.LLAMA_7B):
        files.append((cfg["name"] + ".safetensors",
                      safetensors.serialize(llama.weights_file(cfg))))
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=HERE)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--llama-layers", type=int)
    parser.add_argument("--llama-seq", type=int)
    args = parser.parse_args()
    stale = []
    for name, data in graphs(args.llama_layers, args.llama_seq):
        path = os.path.join(args.out, name)
        if args.check:
            try:
                with open(path, "rb") as fh:
                    same = fh.read() == data
            except OSError:
                same = False
            if not same:
                stale.append(name)
            continue
        with open(path, "wb") as fh:
            fh.write(data)
    if stale:
        print("differs from model/zoo/generate.py's output (re-run it): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
