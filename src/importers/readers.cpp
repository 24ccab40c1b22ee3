#include "importers/readers.h"

#include "importers/irc_reader.h"
#include "importers/mongoexport_reader.h"
#include "importers/twitchdownloader_json_reader.h"
#include "importers/twitchdownloader_text_reader.h"

namespace pererecos::importers {

void read_records(Format format, std::string_view bytes, const ReadOptions& options,
                  RecordSink& sink) {
  switch (format) {
    case Format::kIrc:
      read_irc(bytes, sink);
      return;
    case Format::kTwitchDownloaderJson:
      read_twitchdownloader_json(bytes, options, sink);
      return;
    case Format::kTwitchDownloaderText:
      read_twitchdownloader_text(bytes, options, sink);
      return;
    case Format::kMongoExport:
      read_mongoexport(bytes, options, sink);
      return;
    case Format::kAuto:
      break;
  }
  sink.on_consumed(bytes.size());
}

}  // namespace pererecos::importers
