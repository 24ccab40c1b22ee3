// One entry point over the per-format readers.
#pragma once

#include <string_view>

#include "importers/format.h"
#include "importers/record_sink.h"

namespace pererecos::importers {

// Runs the reader of `format` over `bytes`.
// REQUIRES: format != Format::kAuto (detect it first with detect_format()).
void read_records(Format format, std::string_view bytes, const ReadOptions& options,
                  RecordSink& sink);

}  // namespace pererecos::importers
