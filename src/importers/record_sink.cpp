#include "importers/record_sink.h"

namespace pererecos::importers {

std::string normalize_channel(std::string_view channel) {
  if (!channel.empty() && channel.front() == '#') channel.remove_prefix(1);
  std::string out(channel);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace pererecos::importers
