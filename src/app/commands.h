// The subcommands of `pererecos-stats`. Each returns the process exit code
// (0 success, 1 runtime failure, 2 invalid usage or configuration).
#pragma once

#include <string>
#include <vector>

#include "app/config.h"

namespace pererecos::app {

// `config`: prints the effective configuration (secrets masked) and where it came from.
int run_config_command(const Config& config);

}  // namespace pererecos::app
