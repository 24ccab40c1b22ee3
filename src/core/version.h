// The program's version, from one place: the CMake project version plus the git commit
// the binary was built from. cmake/version_info.cmake generates the definition, a single
// small file in the library pererecos_version, which only the app links (so a new commit
// recompiles one file and relinks the program, nothing else); the app passes the version
// on to `--version`, GET /api/v1/health (ApiOptions::version) and GET /metrics.
#pragma once

#include <string>
#include <string_view>

namespace pererecos {

struct VersionInfo {
  std::string_view version;  // the CMake project version, e.g. "0.1.0"
  std::string_view commit;   // 12 hex digits of the git commit; empty when not built from git
  bool dirty = false;        // the work tree had uncommitted changes at build time
};

const VersionInfo& version_info();

// "0.1.0", "0.1.0+g1a2b3c4d5e6f" or "0.1.0+g1a2b3c4d5e6f.dirty" (SemVer build metadata).
inline std::string full_version() {
  const VersionInfo& v = version_info();
  std::string out(v.version);
  if (!v.commit.empty()) {
    out += "+g";
    out += v.commit;
    if (v.dirty) out += ".dirty";
  }
  return out;
}

}  // namespace pererecos
