// Exit codes of the hwcert command (documented in docs/cli.md).
#pragma once

namespace hwcert::cli {

inline constexpr int kExitOk = 0;          // everything ran, nothing failed
inline constexpr int kExitFailures = 1;    // ran, and found failures (or a bundle that changed,
                                           // a certified list whose chain is broken)
inline constexpr int kExitUsage = 2;       // usage or input error (bad flag, malformed file)
inline constexpr int kExitPluginLoad = 3;  // a plugin could not be loaded, or has no such device
inline constexpr int kExitInternal = 4;    // hwcert itself failed (I/O error, bug)

}  // namespace hwcert::cli
