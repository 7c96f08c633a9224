#!/usr/bin/env python3
"""Proves check_architecture.py can fail: a small repository is laid out in a temporary
folder with one allowed include of each kind, the checker must pass it, then each
forbidden include is planted in turn and the checker must name it and exit 1."""
import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_architecture.py")

BASE = {
    "abi/include/hwcert/hwcert_plugin.h": "#include <stdint.h>\n",
    "abi/loader/include/hwcert/loader/plugin.hpp": '#include "hwcert/hwcert_plugin.h"\n',
    "plugins/common/include/hwcert/plugin_common/boundary.hpp": '#include "hwcert/hwcert_plugin.h"\n',
    "plugins/reference/src/entry.cpp": '#include "hwcert/plugin_common/boundary.hpp"\n',
    "plugins/opencl/src/entry.cpp": '#include "hwcert/hwcert_plugin.h"\n',
    "conformance/include/hwcert/conformance/case.hpp": '#include "hwcert/loader/plugin.hpp"\n',
    "perfsuite/include/hwcert/perfsuite/driver.hpp": '#include "hwcert/loader/plugin.hpp"\n',
    "results/include/hwcert/results/model.hpp": "#include <string>\n",
    "model/src/executor.cpp": '#include "hwcert/conformance/case.hpp"\n',
    "reports/src/writer.cpp": '#include "hwcert/results/model.hpp"\n',
    "certify/src/main.cpp": '#include "hwcert/conformance/case.hpp"\n',
    "plugins/opencl/tests/bits_test.cpp": '#include "hwcert/conformance/case.hpp"\n',
}

FORBIDDEN = [
    ("plugins/reference/src/bad.cpp", '#include "hwcert/loader/plugin.hpp"\n', "plugin may not include loader"),
    ("plugins/reference/src/bad2.cpp", '#include "../../opencl/src/entry.cpp"\n', "plugin may not include plugin"),
    ("abi/include/hwcert/bad.h", '#include "hwcert/loader/plugin.hpp"\n', "abi may not include loader"),
    ("reports/src/bad.cpp", '#include "hwcert/conformance/case.hpp"\n', "reports may not include conformance"),
    ("conformance/src/bad.cpp", '#include "hwcert/perfsuite/driver.hpp"\n', "conformance may not include perfsuite"),
    ("perfsuite/src/bad.cpp", '#include "../../certify/src/main.cpp"\n', "perfsuite may not include certify"),
    ("model/src/bad.cpp", '#include "hwcert/perfsuite/driver.hpp"\n', "model may not include perfsuite"),
    ("conformance/src/bad3.cpp", '#include "../../model/src/executor.cpp"\n', "conformance may not include model"),
    ("plugins/opencl/tests/bad_test.cpp", '#include "../../../certify/src/main.cpp"\n', "plugin may not include certify"),
    ("plugins/opencl/tests/bad2_test.cpp", '#include "hwcert/perfsuite/driver.hpp"\n', "plugin may not include perfsuite"),
]


def lay_out(root, files):
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as fh:
            fh.write(text)
    subprocess.run(["git", "init", "-q", root], check=True)


def check(root):
    return subprocess.run([sys.executable, CHECKER, root], capture_output=True, text=True)


class ArchitectureCheckerTest(unittest.TestCase):
    def test_allowed_layout_passes(self):
        with tempfile.TemporaryDirectory() as root:
            lay_out(root, BASE)
            result = check(root)
            self.assertEqual(result.returncode, 0, result.stdout)

    def test_each_forbidden_include_fails(self):
        for path, text, message in FORBIDDEN:
            with self.subTest(path=path), tempfile.TemporaryDirectory() as root:
                lay_out(root, {**BASE, path: text})
                result = check(root)
                self.assertEqual(result.returncode, 1, result.stdout)
                self.assertIn(f"{path}:1: {message}", result.stdout)


if __name__ == "__main__":
    unittest.main()
