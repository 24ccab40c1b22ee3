#include "storage/sqlite/id_codec.h"

#include "core/message_identity.h"

namespace pererecos::storage {
namespace {

// Value of a lowercase hex digit, or -1.
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Decodes `count` bytes from 2*count lowercase hex digits; false on any other char.
bool decode_hex(std::string_view hex, unsigned char* out) {
  if (hex.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_value(hex[i]);
    const int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i / 2] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

constexpr char kHexDigits[] = "0123456789abcdef";

void append_hex(std::string& out, const unsigned char* bytes, int count) {
  for (int i = 0; i < count; ++i) {
    out += kHexDigits[bytes[i] >> 4];
    out += kHexDigits[bytes[i] & 15];
  }
}

bool encode_uuid(std::string_view id, unsigned char* out) {
  // 8-4-4-4-12 lowercase hex digits.
  if (id.size() != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-') {
    return false;
  }
  return decode_hex(id.substr(0, 8), out) && decode_hex(id.substr(9, 4), out + 4) &&
         decode_hex(id.substr(14, 4), out + 6) && decode_hex(id.substr(19, 4), out + 8) &&
         decode_hex(id.substr(24, 12), out + 10);
}

}  // namespace

EncodedId encode_id(std::string_view id) {
  EncodedId out;
  if (encode_uuid(id, out.bytes.data())) {
    out.form = EncodedId::Form::kUuidBlob;
    return out;
  }
  if (id.size() == kDerivedIdPrefix.size() + 16 &&
      id.substr(0, kDerivedIdPrefix.size()) == kDerivedIdPrefix &&
      decode_hex(id.substr(kDerivedIdPrefix.size()), out.bytes.data())) {
    out.form = EncodedId::Form::kDerivedBlob;
    return out;
  }
  out.form = EncodedId::Form::kText;
  out.text = id;
  return out;
}

void decode_id_blob(std::string_view blob, std::string& out) {
  const auto* b = reinterpret_cast<const unsigned char*>(blob.data());
  out.clear();
  if (blob.size() == 16) {
    out.reserve(36);
    append_hex(out, b, 4);
    out += '-';
    append_hex(out, b + 4, 2);
    out += '-';
    append_hex(out, b + 6, 2);
    out += '-';
    append_hex(out, b + 8, 2);
    out += '-';
    append_hex(out, b + 10, 6);
    return;
  }
  if (blob.size() == 8) {
    out.reserve(kDerivedIdPrefix.size() + 16);
    out += kDerivedIdPrefix;
    append_hex(out, b, 8);
    return;
  }
  out.assign(blob);
}

}  // namespace pererecos::storage
