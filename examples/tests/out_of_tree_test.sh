#!/usr/bin/env bash
# The vendor's path, end to end: install this build of hwcert to a fresh prefix, build the
# template plugin (examples/minimal-plugin) and the loader example (examples/host-loader)
# out of tree against it with find_package(hwcert), then use the installed `hwcert` on the
# plugin. When the installed hwcert has the `conformance` command, also run the smoke
# suite: the ops the plugin claims (copy, add, mul, relu on f32) must pass, everything
# else must come back unsupported; and when it installs hwcert-api-conformance, the API
# (ABI contract) tests must pass.
#
# usage: out_of_tree_test.sh <hwcert build dir> <hwcert source dir> <work dir>
#                            [config] [generator] [C compiler] [C++ compiler] [sanitizers]
set -euo pipefail

build_dir=$1
source_dir=$2
work_dir=$3
config=${4:-}
generator=${5:-}
c_compiler=${6:-}
cxx_compiler=${7:-}
sanitize=${8:-}

prefix=$work_dir/prefix
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

rm -rf "$work_dir"
mkdir -p "$work_dir"
# The installed hwcert must work with no environment: it finds its plugins next to itself.
unset HWCERT_PLUGIN_PATH

step "install hwcert to $prefix"
install_args=(--install "$build_dir" --prefix "$prefix")
[ -n "$config" ] && install_args+=(--config "$config")
cmake "${install_args[@]}" > "$work_dir/install.log" ||
  { cat "$work_dir/install.log"; fail "cmake --install (is the whole build built?)"; }
hwcert=$prefix/bin/hwcert
for file in bin/hwcert include/hwcert/hwcert_plugin.h lib/cmake/hwcert/hwcertConfig.cmake \
            share/pkgconfig/hwcert-plugin.pc; do
  [ -e "$prefix/$file" ] || fail "$file is not installed"
done
echo "ok: installed"

# Configure arguments shared by both out-of-tree projects.
common=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug)
[ -n "$generator" ] && common+=(-G "$generator")
[ -n "$c_compiler" ] && common+=(-DCMAKE_C_COMPILER="$c_compiler")
[ -n "$cxx_compiler" ] && common+=(-DCMAKE_CXX_COMPILER="$cxx_compiler")
if [ -n "$sanitize" ]; then
  # The installed loader was compiled with these sanitizers; what links it must be too.
  flags="-fsanitize=$sanitize -fno-omit-frame-pointer"
  common+=(-DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags"
           -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$sanitize"
           -DCMAKE_MODULE_LINKER_FLAGS="-fsanitize=$sanitize")
fi

step "build examples/minimal-plugin (C99) against the installed package"
plugin_build=$work_dir/minimal-plugin
cmake -S "$source_dir/examples/minimal-plugin" -B "$plugin_build" "${common[@]}" \
      -DMINIMAL_PLUGIN_WERROR=ON > "$work_dir/plugin-configure.log" ||
  { cat "$work_dir/plugin-configure.log"; fail "configure minimal-plugin"; }
cmake --build "$plugin_build" || fail "build minimal-plugin"
plugin=$plugin_build/libhwcert_plugin_minimal.so
[ -f "$plugin" ] || fail "$plugin was not built"
[ -f "$plugin_build/minimal.toml" ] || fail "the manifest minimal.toml was not generated"
exports=$(nm -D --defined-only "$plugin" | awk '{print $NF}')
[ "$exports" = "hwc_get_plugin_api" ] || fail "the plugin exports more than hwc_get_plugin_api: $exports"
echo "ok: built, exports only hwc_get_plugin_api"

step "hwcert devices --plugin <built .so> --json"
status=0
"$hwcert" devices --plugin "$plugin" --json > "$work_dir/devices.json" || status=$?
[ "$status" -eq 0 ] || { cat "$work_dir/devices.json"; fail "hwcert devices exited with $status"; }
python3 - "$work_dir/devices.json" <<'EOF' || fail "unexpected hwcert devices output"
import json, sys
plugins = json.load(open(sys.argv[1]))["plugins"]
assert len(plugins) == 1, plugins
plugin = plugins[0]
assert plugin["plugin"] == "minimal" and plugin["abi_version"] == "1.0", plugin
device = plugin["devices"][0]
assert device["name"] == "Minimal host-memory device", device
assert device["type"] == "cpu" and device["supported_dtypes"] == ["f32"], device
assert device["memory_bytes"] == 1 << 30, device
print("ok:", plugin["plugin"], plugin["version"], "ABI", plugin["abi_version"], "-", device["name"])
EOF

step "discovery: HWCERT_PLUGIN_PATH=<plugin build dir> hwcert plugins --json"
status=0
HWCERT_PLUGIN_PATH=$plugin_build "$hwcert" plugins --json > "$work_dir/plugins.json" || status=$?
[ "$status" -eq 0 ] || { cat "$work_dir/plugins.json"; fail "hwcert plugins exited with $status"; }
python3 - "$work_dir/plugins.json" <<'EOF' || fail "the plugin was not found through its manifest"
import json, sys
found = {p["name"]: p for p in json.load(open(sys.argv[1]))["plugins"]}
assert "minimal" in found and found["minimal"]["loaded"], found
assert found["minimal"]["manifest"].endswith("minimal.toml"), found["minimal"]
assert found["minimal"]["unimplemented"] == [], found["minimal"]
print("ok: found through its manifest; shipped plugins listed too:", sorted(found))
EOF

step "pkg-config --cflags hwcert-plugin compiles the template without CMake"
if command -v pkg-config > /dev/null; then
  cflags=$(PKG_CONFIG_PATH=$prefix/share/pkgconfig pkg-config --cflags hwcert-plugin)
  ${c_compiler:-cc} -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only $cflags \
    "$source_dir"/examples/minimal-plugin/src/*.c || fail "compile with pkg-config flags"
  echo "ok: $cflags"
else
  echo "skipped: no pkg-config"
fi

step "build examples/host-loader (hwcert::loader) and run add through the plugin"
host_build=$work_dir/host-loader
cmake -S "$source_dir/examples/host-loader" -B "$host_build" "${common[@]}" \
      > "$work_dir/host-configure.log" ||
  { cat "$work_dir/host-configure.log"; fail "configure host-loader"; }
cmake --build "$host_build" || fail "build host-loader"
"$host_build/run_one_op" "$plugin" | tee "$work_dir/run_one_op.log"
grep -q "add f32 \[4\]: ok" "$work_dir/run_one_op.log" || fail "add through the loader"

# Runs a conformance suite on the template: the ops it claims (copy, add, mul, relu on f32)
# must pass, everything else must come back unsupported.
check_suite() {
  local suite=$1 status=0
  "$hwcert" conformance --plugin "$plugin" --suite "$suite" --out "$work_dir/$suite" --json \
    > "$work_dir/$suite.json" || status=$?
  # Exit 0: every case acceptable; 1: failures found. Anything else is a usage/load error.
  [ "$status" -le 1 ] || { cat "$work_dir/$suite.json"; fail "hwcert conformance exited with $status"; }
  python3 - "$work_dir/$suite.json" <<'EOF' || fail "$suite suite: see above"
import json, sys
claimed = {"copy", "add", "mul", "relu"}
results = [r for run in json.load(open(sys.argv[1]))["runs"] for r in run["results"]]
problems, passed = [], set()
for r in results:
    if r["status"] == "pass":
        if r["op"] not in claimed:
            problems.append(f"{r['case_id']}: passed, but the plugin claims only {sorted(claimed)}")
        passed.add(r["op"])
    elif r["status"] != "unsupported":
        problems.append(f"{r['case_id']}: {r['status']}: {r['message']}")
    elif r["op"] in claimed and r["dtypes"] in ("f32", ["f32"]) and "_dense_" in r["case_id"]:
        problems.append(f"{r['case_id']}: unsupported, but dense f32 {r['op']} is claimed")
for op in sorted(claimed & {r["op"] for r in results}):
    if op not in passed:
        problems.append(f"{op}: in the suite but no case passed")
print(f"{len(results)} cases: passed ops {sorted(passed)}, "
      f"{sum(r['status'] == 'unsupported' for r in results)} unsupported")
for p in problems:
    print("  ", p)
sys.exit(1 if problems or not passed else 0)
EOF
  [ "$status" -eq 0 ] || fail "hwcert conformance exited with $status"
  echo "ok: claimed ops pass, the rest is unsupported"
}

has_conformance=0
"$hwcert" conformance --help > /dev/null 2>&1 && has_conformance=1
step "hwcert conformance --plugin <so> --suite smoke"
if [ "$has_conformance" = 1 ]; then check_suite smoke
else echo "skipped: this hwcert has no 'conformance' command yet"; fi

# Under the sanitizers (the 8th argument) the template is instrumented too; the core suite
# then takes every handle path of the template under ASan + UBSan.
step "hwcert conformance --plugin <so> --suite core"
if [ "$has_conformance" = 1 ]; then check_suite core
else echo "skipped: this hwcert has no 'conformance' command yet"; fi

step "hwcert conformance --api --plugin <so> (the ABI contract)"
if [ -x "$prefix/bin/hwcert-api-conformance" ]; then
  status=0
  "$hwcert" conformance --api --plugin "$plugin" > "$work_dir/api.log" 2>&1 || status=$?
  [ "$status" -eq 0 ] || { tail -40 "$work_dir/api.log"; fail "API conformance exited with $status"; }
  echo "ok: $(grep -E '^\[  PASSED  \]' "$work_dir/api.log" || echo passed)"
else
  echo "skipped: this hwcert installs no hwcert-api-conformance"
fi

step "hwcert certify --plugin <so> --target cpu (a signed bundle; not certified: few ops)"
if "$hwcert" --help | grep -q "^  certify"; then
  "$hwcert" keygen --out "$work_dir/keys" > /dev/null || fail "hwcert keygen"
  status=0
  "$hwcert" certify --plugin "$plugin" --target cpu --suite smoke --skip-perf --skip-stability \
    --key "$work_dir/keys/hwcert-signing.key" --out "$work_dir/bundle" \
    > "$work_dir/certify.log" 2>&1 || status=$?
  # 1 = ran, not certified (the template implements four ops); anything else is a failure.
  [ "$status" -eq 1 ] || { tail -40 "$work_dir/certify.log"; fail "hwcert certify exited with $status"; }
  grep -q "NOT CERTIFIED" "$work_dir/certify.log" || fail "certify printed no verdict"
  "$hwcert" verify "$work_dir/bundle" --pubkey "$work_dir/keys/hwcert-signing.pub" \
    > "$work_dir/verify.log" 2>&1 || { cat "$work_dir/verify.log"; fail "hwcert verify of the bundle"; }
  echo "ok: bundle written, signed and verified; level core not certified, as expected"
else
  echo "skipped: this hwcert has no 'certify' command"
fi

step "install the plugin beside the shipped ones; hwcert finds it by name"
cmake --install "$plugin_build" --prefix "$prefix" > /dev/null || fail "install the plugin"
status=0
"$hwcert" devices --plugin minimal > "$work_dir/devices-by-name.txt" || status=$?
[ "$status" -eq 0 ] || { cat "$work_dir/devices-by-name.txt"; fail "hwcert devices --plugin minimal exited with $status"; }
grep -q "Minimal host-memory device" "$work_dir/devices-by-name.txt" ||
  fail "installed plugin not found by name"
echo "ok: $(head -1 "$work_dir/devices-by-name.txt")"

printf '\nPASS: out-of-tree plugin against the installed hwcert\n'
