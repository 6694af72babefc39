"""Reads an F32 safetensors file into torch tensors, for the bench peers: with the safetensors
package where it is installed (.hf-venv), else by its format (an 8-byte little-endian header
length, a JSON header of names, dtypes, shapes and byte offsets, then the data), since Debian's
python3-torch comes without it."""
import json
import struct

import torch


def read_safetensors(path):
    try:
        from safetensors.torch import load_file
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        assert t["dtype"] == "F32", t["dtype"]
        b, e = t["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[b:e]), dtype=torch.float32).reshape(t["shape"])
    return out
