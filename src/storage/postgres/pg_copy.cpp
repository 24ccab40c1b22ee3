#include "storage/postgres/pg_copy.h"

#include "storage/sqlite/id_codec.h"

namespace pererecos::storage {

void encode_pg_id(std::string_view id, std::string& out) {
  const EncodedId enc = encode_id(id);
  out.clear();
  switch (enc.form) {
    case EncodedId::Form::kUuidBlob:
      out.push_back('\x01');
      out.append(reinterpret_cast<const char*>(enc.bytes.data()), 16);
      break;
    case EncodedId::Form::kDerivedBlob:
      out.push_back('\x02');
      out.append(reinterpret_cast<const char*>(enc.bytes.data()), 8);
      break;
    case EncodedId::Form::kText:
      out.push_back('\x00');
      out.append(id);
      break;
  }
}

void decode_pg_id(std::string_view stored, std::string& out) {
  if (stored.empty()) {
    out.clear();
    return;
  }
  const char tag = stored.front();
  stored.remove_prefix(1);
  if (tag == '\x01' || tag == '\x02') {
    decode_id_blob(stored, out);
  } else {
    out.assign(stored);
  }
}

}  // namespace pererecos::storage
