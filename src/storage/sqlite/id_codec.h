// Compact on-disk form of message ids (SPEC §1 identities), exact in both directions.
//
// A canonical lowercase UUID ("0b7d6e1a-...-4f2c8e19a0b3", what Twitch sends) is stored
// as a 16-byte BLOB, a derived identity ("derived-" + 16 lowercase hex digits) as an
// 8-byte BLOB, and anything else as TEXT unchanged. Decoding a BLOB gives back the exact
// original string, so the mapping is a bijection and keys compare as the ids do for
// equality (which is all deduplication needs).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace pererecos::storage {

struct EncodedId {
  enum class Form : std::uint8_t { kText, kUuidBlob, kDerivedBlob };
  Form form = Form::kText;
  std::array<unsigned char, 16> bytes{};  // kUuidBlob: 16 bytes; kDerivedBlob: first 8
  std::string_view text;                  // kText: the id itself (a view of the input)

  int blob_size() const { return form == Form::kUuidBlob ? 16 : 8; }
};

// Encodes `id`; the result may view `id`, which must outlive it.
EncodedId encode_id(std::string_view id);

// Inverse of encode_id for a stored BLOB (16 or 8 bytes). Any other size is returned
// as its raw bytes (never produced by encode_id).
// Writes into `out` (replacing its contents) to reuse its capacity.
void decode_id_blob(std::string_view blob, std::string& out);

}  // namespace pererecos::storage
