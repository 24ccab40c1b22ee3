// Reading test inputs: the shared 7TV fixture and this directory's sample documents.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace pererecos::emotes::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string seventv_fixture() {
  return read_file(PERERECOS_FIXTURES_DIR "/seventv/emote-set-nymn.json");
}

// A file of tests/emotes/data/.
inline std::string sample(const std::string& name) {
  return read_file(PERERECOS_EMOTES_TEST_DATA "/" + name);
}

}  // namespace pererecos::emotes::testing
