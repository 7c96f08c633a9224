#!/usr/bin/env python3
"""Renders an HTML report in headless Chromium and saves a PNG screenshot, then checks that the
picture is not trivial: at least MIN_BYTES long and more than a handful of distinct colours.
Exit 0: saved and checked; 1: the check failed, or no Chromium installed while
HWCERT_REQUIRE_BROWSER=1 (CI); 77: no Chromium installed (a CTest skip;
`HWCERT_WITH_BROWSER=1 bash scripts/install-deps.sh` installs Debian's).
Usage: screenshot_report.py REPORT.html OUT.png [WIDTH,HEIGHT]"""
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

MIN_BYTES = 20_000
MIN_DISTINCT_BYTES = 16  # of the decompressed pixel rows; a blank page has a few


def png_pixel_bytes(data):
    """The decompressed image data of a PNG (all IDAT chunks)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            idat += data[at + 8:at + 8 + length]
        at += 12 + length
    return zlib.decompress(idat)


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    html, png = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2])
    size = sys.argv[3] if len(sys.argv) == 4 else "1280,2000"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("HWCERT_REQUIRE_BROWSER") == "1":
            print("FAIL: HWCERT_REQUIRE_BROWSER=1 but no Chromium installed")
            return 1
        print("SKIPPED: no Chromium installed (HWCERT_WITH_BROWSER=1 bash scripts/install-deps.sh)")
        return 77
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update",
                        f"--user-data-dir={profile}", f"--screenshot={png.resolve()}",
                        f"--window-size={size}", html.as_uri()],
                       check=True, timeout=120, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    data = png.read_bytes() if png.exists() else b""
    if len(data) < MIN_BYTES:
        print(f"FAIL: {png} has {len(data)} bytes, expected at least {MIN_BYTES}")
        return 1
    distinct = len(set(png_pixel_bytes(data)))
    if distinct < MIN_DISTINCT_BYTES:
        print(f"FAIL: {png} looks blank ({distinct} distinct byte values)")
        return 1
    print(f"OK: {png} ({len(data)} bytes, {distinct} distinct byte values)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
