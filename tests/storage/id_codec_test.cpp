#include "storage/sqlite/id_codec.h"

#include <gtest/gtest.h>

namespace pererecos::storage {
namespace {

std::string round_trip(const std::string& id) {
  const EncodedId enc = encode_id(id);
  if (enc.form == EncodedId::Form::kText) return std::string(enc.text);
  std::string out;
  decode_id_blob(std::string_view(reinterpret_cast<const char*>(enc.bytes.data()),
                                  static_cast<std::size_t>(enc.blob_size())),
                 out);
  return out;
}

TEST(IdCodec, CanonicalUuidsAndDerivedIdsBecomeBlobs) {
  EXPECT_EQ(encode_id("0b7d6e1a-3c2f-4a8e-9b1d-4f2c8e19a0b3").form, EncodedId::Form::kUuidBlob);
  EXPECT_EQ(encode_id("derived-0123456789abcdef").form, EncodedId::Form::kDerivedBlob);
}

TEST(IdCodec, EverythingElseStaysText) {
  for (const std::string id :
       {"", "abc", "0B7D6E1A-3C2F-4A8E-9B1D-4F2C8E19A0B3", "0b7d6e1a-3c2f-4a8e-9b1d-4f2c8e19a0b",
        "0b7d6e1a-3c2f-4a8e-9b1d-4f2c8e19a0b3x", "0b7d6e1a3c2f-4a8e-9b1d-4f2c8e19a0b3-",
        "0b7d6e1a-3c2f-4a8e-9b1d-4f2c8e19a0bg", "derived-0123456789abcdeF",
        "derived-0123456789abcde", "derived-0123456789abcdef0", "Derived-0123456789abcdef"}) {
    EXPECT_EQ(encode_id(id).form, EncodedId::Form::kText) << id;
  }
}

TEST(IdCodec, RoundTripIsExact) {
  for (const std::string id :
       {"0b7d6e1a-3c2f-4a8e-9b1d-4f2c8e19a0b3", "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "00000000-0000-0000-0000-000000000000", "derived-0123456789abcdef",
        "derived-ffffffffffffffff", "ABC", "", "0B7D6E1A-3C2F-4A8E-9B1D-4F2C8E19A0B3"}) {
    EXPECT_EQ(round_trip(id), id);
  }
}

}  // namespace
}  // namespace pererecos::storage
