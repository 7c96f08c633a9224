// One line per subcommand: HWCERT_COMMAND(x) needs register_x in src/cmd_x.cpp.
// No include guard: included with different HWCERT_COMMAND definitions.
HWCERT_COMMAND(plugins)
HWCERT_COMMAND(devices)
HWCERT_COMMAND(conformance)
HWCERT_COMMAND(merge)
HWCERT_COMMAND(run_op)
HWCERT_COMMAND(oracle)
HWCERT_COMMAND(report)
HWCERT_COMMAND(verify)
HWCERT_COMMAND(keygen)
HWCERT_COMMAND(sign)
HWCERT_COMMAND(perf)
HWCERT_COMMAND(targets)
