"""Writes a .safetensors file (https://huggingface.co/docs/safetensors): an 8-byte
little-endian header length, a JSON header {name: {dtype, shape, data_offsets}} padded with
spaces to a multiple of 8, then the tensors' little-endian bytes. F32 and BF16 only."""

import json
import struct


def _bf16_bits(value):
    """value rounded to bfloat16 (nearest, ties to even), as its 16 bits."""
    bits = struct.unpack("<I", struct.pack("<f", value))[0]
    return (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16


def encode(dtype, values):
    if dtype == "F32":
        return struct.pack("<%df" % len(values), *values)
    if dtype == "BF16":
        return struct.pack("<%dH" % len(values), *(_bf16_bits(v) for v in values))
    raise ValueError("unsupported dtype " + dtype)


def serialize(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, flat values) in file order."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, values in tensors:
        blob = encode(dtype, values)
        header[name] = {"dtype": dtype, "shape": list(shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)
