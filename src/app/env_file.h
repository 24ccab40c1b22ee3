// Reading `.env` files: KEY=VALUE lines as the original service's python-dotenv accepted.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pererecos::app {

// Parses the text of a .env file. Accepts `KEY=VALUE`, `export KEY=VALUE`, blank lines and
// `#` comments; values may be single-quoted (verbatim), double-quoted (with \n, \t, \\, \"
// escapes) or bare (trimmed; a ` #` starts a comment). A line that is none of these is an
// error naming its line number.
Result<std::map<std::string, std::string>> parse_env_file(std::string_view text);

// Reads and parses the file at `path`.
Result<std::map<std::string, std::string>> read_env_file(const std::string& path);

}  // namespace pererecos::app
