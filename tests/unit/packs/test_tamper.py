"""No change to any byte of a pack can change what gets installed without the pack being refused."""
from __future__ import annotations

import random
import shutil
import struct
import zipfile

from app.packs import PackRefused
from app.packs.verify import extract, open_pack


def regions(path) -> dict[str, tuple[int, int]]:
    """Byte ranges of a zip: each member's local header and data, the central directory, its end."""
    data = path.read_bytes()
    out = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            start = info.header_offset
            name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
            data_start = start + 30 + name_len + extra_len
            out[f"header {info.filename}"] = (start, data_start)
            out[f"data {info.filename}"] = (data_start, data_start + info.compress_size)
        end = data.rfind(b"PK\x05\x06")
        cd_size, cd_offset = struct.unpack("<II", data[end + 12:end + 20])
        out["central directory"] = (cd_offset, cd_offset + cd_size)
        out["end of central directory"] = (end, len(data))
    return out


def test_every_region_of_the_zip_is_covered_by_a_check(kit):
    content = kit.content()
    pack = kit.pack(content)
    original = {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*") if p.is_file()}
    signed = open_pack(pack, kit.trust).manifest
    data = pack.read_bytes()
    rng = random.Random(12)
    tried = refused = 0
    for region, (start, end) in regions(pack).items():
        offsets = set(range(start, end)) if region.startswith(("data manifest", "data content/guide")) \
            else {start, end - 1, (start + end) // 2, *rng.sample(range(start, end), min(12, end - start))}
        for offset in sorted(offsets):
            tampered = bytearray(data)
            tampered[offset] ^= 0x5A
            path = kit.tmp / "t.wtpack"
            path.write_bytes(bytes(tampered))
            out = kit.tmp / "out"
            shutil.rmtree(out, ignore_errors=True)
            tried += 1
            try:
                verified = open_pack(path, kit.trust)
                extract(verified, out)
            except PackRefused:
                refused += 1
                continue
            # Accepted: then what it installs must be exactly what was signed.
            assert verified.manifest == signed, (region, offset)
            got = {p.relative_to(out / "content").as_posix(): p.read_bytes()
                   for p in (out / "content").rglob("*") if p.is_file()}
            assert got == {k: v for k, v in original.items() if k != "pack.yaml"}, (region, offset)
    assert tried > 500
    assert refused > tried * 0.9  # nearly every change is caught outright, the rest change nothing
