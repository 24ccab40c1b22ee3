#include "storage/sqlite/id_codec.h"

#include "core/message_identity.h"

namespace pererecos::storage {
namespace {

// Value of each byte as a lowercase hex digit, or -1.
constexpr std::array<signed char, 256> kHexValue = [] {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<signed char>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<signed char>(c - 'a' + 10);
  return t;
}();

// Decodes 2*n lowercase hex digits into n bytes; false on any other char.
bool decode_hex(std::string_view hex, unsigned char* out) {
  if (hex.size() % 2 != 0) return false;
  int bad = 0;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = kHexValue[static_cast<unsigned char>(hex[i])];
    const int lo = kHexValue[static_cast<unsigned char>(hex[i + 1])];
    bad |= hi | lo;  // negative if either is -1
    out[i / 2] = static_cast<unsigned char>((hi << 4) | (lo & 15));
  }
  return bad >= 0;
}

constexpr char kHexDigits[] = "0123456789abcdef";

// Writes 2 * count hex digits at `out`.
char* write_hex(char* out, const unsigned char* bytes, int count) {
  for (int i = 0; i < count; ++i) {
    *out++ = kHexDigits[bytes[i] >> 4];
    *out++ = kHexDigits[bytes[i] & 15];
  }
  return out;
}

void append_hex(std::string& out, const unsigned char* bytes, int count) {
  const std::size_t at = out.size();
  out.resize(at + 2 * static_cast<std::size_t>(count));
  write_hex(out.data() + at, bytes, count);
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
    out.resize(36);
    char* p = write_hex(out.data(), b, 4);
    *p++ = '-';
    p = write_hex(p, b + 4, 2);
    *p++ = '-';
    p = write_hex(p, b + 6, 2);
    *p++ = '-';
    p = write_hex(p, b + 8, 2);
    *p++ = '-';
    write_hex(p, b + 10, 6);
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
