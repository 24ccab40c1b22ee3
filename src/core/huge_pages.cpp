#include "core/huge_pages.h"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

namespace pererecos {
namespace {

constexpr std::string_view kTunable = "glibc.malloc.hugetlb";

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

std::string_view env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string_view(value) : std::string_view();
}

}  // namespace

void reexec_with_huge_pages(char** argv) {
  if (kSanitized || argv == nullptr || argv[0] == nullptr) return;
  if (env("PERERECOS_HUGE_PAGES") == "0") return;
  const std::string_view tunables = env("GLIBC_TUNABLES");
  if (tunables.find(kTunable) != std::string_view::npos) return;  // set (by us or the user)
  if (env("LD_PRELOAD").find("vgpreload") != std::string_view::npos) return;  // Valgrind
  std::string value(tunables);
  if (!value.empty()) value += ':';
  value += kTunable;
  value += "=1";
  if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // Still here: the re-execution failed; go on with ordinary pages.
}

}  // namespace pererecos
