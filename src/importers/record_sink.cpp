#include "importers/record_sink.h"

#include "core/ascii.h"

namespace pererecos::importers {

std::string normalize_channel(std::string_view channel) {
  if (!channel.empty() && channel.front() == '#') channel.remove_prefix(1);
  return ascii_lower(channel);
}

}  // namespace pererecos::importers
