#include "demo/demo_emote_set.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <cstdint>

namespace pererecos::demo {
namespace {

// Ids are made up (not real 7TV emotes): 8 hex digits of a plausible ObjectId timestamp,
// then 16 hex digits derived from the name.
constexpr std::array<DemoSevenTvEmote, 41> kEmotes = {{
    {"KEKW", "64164883869b1bc4ede5e4bf", "KEKW", false, 1},
    {"OMEGALUL", "62c243686467f5caca82719c", "OMEGALUL", false, 1},
    {"Sadge", "626ef8e34b4c9eea3c0eb1b7", "Sadge", false, 1},
    {"PepeLaugh", "618a30a22c48429b89b4aa3d", "PepeLaugh", false, 1},
    {"catJAM", "600aa4c8eefa40a59a1897d2", "catJAM", true, 1},
    {"peepoHappy", "60b28b826afe2c8fd5502859", "peepoHappy", false, 1},
    {"monkaS", "64a7814ff5a7486a25c4f5bd", "monkaS", false, 1},
    {"EZ", "64e732e815b8abb8bb0aff85", "EZ", false, 1},
    {"Clap", "60163e5a3125223d38548534", "Clap", true, 1},
    {"Pog", "635bfe1ce1d08cf2e7bb0dd6", "Pog", false, 1},
    {"pepeD", "63491aad606ea96f50f430b1", "pepeD", true, 1},
    {"forsenE", "622e93aa996bf615b2413e03", "forsenE", false, 1},
    {"LULW", "6272274f50110e54b0e8fe6f", "LULW", false, 1},
    {"PogU", "628d83252601d50b1caac249", "PogU", false, 1},
    {"widepeepoHappy", "6482241bde6c57c28a370afa", "widepeepoHappy", false, 3},
    {"peepoSad", "644d336e42c7251175e97ccf", "peepoSad", false, 1},
    {"FeelsDankMan", "601e628c752210ad925a6f13", "FeelsDankMan", false, 1},
    {"FeelsStrongMan", "64f8a7293ba6f0d18431b5d3", "FeelsStrongMan", false, 1},
    {"FeelsOkayMan", "64560b60cb7b7fbc258ecddd", "FeelsOkayMan", false, 1},
    {"monkaW", "62f59339c64ca32890fcb92c", "monkaW", false, 1},
    {"AYAYA", "632805d131898f946c94e5d7", "AYAYA", false, 1},
    {"HYPERS", "61dd2028ed2c5ded6c616c8c", "HYPERS", false, 1},
    {"PauseChamp", "606d9768b579cba01b22af32", "PauseChamp", false, 1},
    {"Pepega", "640a60b384eec275c38fc832", "Pepega", false, 1},
    {"POGGERS", "6272b8008a16db68e03d224a", "POGGERS", false, 1},
    {"5Head", "628dfcba537850c051358013", "5Head", false, 1},
    {"WeirdChamp", "647d5baa68680c75e0cb6930", "WeirdChamp", false, 1},
    {"modCheck", "62267aa870f33d1f5860e3c8", "modCheck", true, 1},
    {"Okayge", "63b5f9d64968546453aaec9e", "Okayge", false, 1},
    {"Aware", "636c7247becafb9555ab54e6", "Aware", false, 1},
    {"Copium", "6016422f6bebd6d758606dad", "Copium", false, 1},
    {"Stare", "601276180179425c2841a8ba", "Stare", false, 1},
    {"BatChest", "6145a1c8f56d5490f9636ecf", "BatChest", false, 1},
    {"GIGACHAD", "61377eb4262dd4c6b9d5351e", "GIGACHAD", false, 1},
    {"NODDERS", "617082e898efd9c062c29c12", "NODDERS", true, 1},
    {"ppHop", "629b1f6c37270c7ea81d886a", "ppHop", true, 1},
    {"ratJAM", "642fc869c31a0440c9c2c410", "ratJAM", true, 1},
    {"peepoClap", "600f78156d1564bc72c2fb80", "peepoClap", true, 1},
    {"xdd", "64c0fa41179a4fbe83782935", "xdd", false, 1},
    // Aliases: the channel renamed these emotes in its set.
    {"pererecaJAM", "6357f061a1f7f229fc09a69f", "froggyJAM", true, 1},
    {"sapoDance", "60b7bb787a71b08f4076b30a", "FrogDance", true, 1},
}};

constexpr std::string_view kSetId = "66a1c0de5e7e0a1b2c3d4e5f";
constexpr std::string_view kOwnerId = "66a1c0de5e7e0a1b2c3d4e00";
constexpr std::int64_t kAddedAtMs = 1719792000000;  // 2024-07-01T00:00:00Z

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void key_string(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_owner(JsonWriter& w) {
  w.StartObject();
  key_string(w, "id", kOwnerId);
  key_string(w, "username", "pererecos");
  key_string(w, "display_name", "Pererecos");
  key_string(w, "avatar_url", "");
  w.Key("style");
  w.StartObject();
  w.EndObject();
  w.Key("roles");
  w.StartArray();
  w.EndArray();
  w.EndObject();
}

void write_files(JsonWriter& w, const DemoSevenTvEmote& emote, std::size_t index) {
  static constexpr std::array<const char*, 2> kFormats = {"AVIF", "WEBP"};
  static constexpr std::array<const char*, 2> kExtensions = {"avif", "webp"};
  w.StartArray();
  for (int scale = 1; scale <= 4; ++scale) {
    for (std::size_t f = 0; f < kFormats.size(); ++f) {
      const std::string name = std::to_string(scale) + "x." + kExtensions[f];
      const std::string static_name = std::to_string(scale) + "x_static." + kExtensions[f];
      w.StartObject();
      key_string(w, "name", name);
      key_string(w, "static_name", static_name);
      w.Key("width");
      w.Int(32 * scale * emote.width_factor);
      w.Key("height");
      w.Int(32 * scale);
      w.Key("frame_count");
      w.Int(emote.animated ? 24 : 1);
      w.Key("size");
      // A plausible, deterministic byte size.
      w.Int(static_cast<int>(600 * scale * scale * emote.width_factor * (emote.animated ? 6 : 1) +
                             37 * static_cast<int>(index) + 113 * static_cast<int>(f)));
      key_string(w, "format", kFormats[f]);
      w.EndObject();
    }
  }
  w.EndArray();
}

}  // namespace

std::span<const DemoSevenTvEmote> demo_seventv_emotes() { return kEmotes; }

std::string_view demo_emote_set_id() { return kSetId; }

std::string demo_emote_set_json(std::string_view host_base) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key_string(w, "id", kSetId);
  key_string(w, "name", "Pererecos demo");
  w.Key("flags");
  w.Int(0);
  w.Key("tags");
  w.StartArray();
  w.EndArray();
  w.Key("immutable");
  w.Bool(false);
  w.Key("privileged");
  w.Bool(false);
  w.Key("emotes");
  w.StartArray();
  for (std::size_t i = 0; i < kEmotes.size(); ++i) {
    const DemoSevenTvEmote& e = kEmotes[i];
    w.StartObject();
    key_string(w, "id", e.id);
    key_string(w, "name", e.name);
    w.Key("flags");
    w.Int(0);
    w.Key("timestamp");
    w.Int64(kAddedAtMs + static_cast<std::int64_t>(i) * 3'600'000);
    key_string(w, "actor_id", kOwnerId);
    w.Key("data");
    w.StartObject();
    key_string(w, "id", e.id);
    key_string(w, "name", e.data_name);
    w.Key("flags");
    w.Int(0);
    w.Key("lifecycle");
    w.Int(3);
    w.Key("state");
    w.StartArray();
    w.String("LISTED");
    w.EndArray();
    w.Key("listed");
    w.Bool(true);
    w.Key("animated");
    w.Bool(e.animated);
    w.Key("owner");
    write_owner(w);
    w.Key("host");
    w.StartObject();
    std::string url(host_base);
    url += '/';
    url += e.id;
    key_string(w, "url", url);
    w.Key("files");
    write_files(w, e, i);
    w.EndObject();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("emote_count");
  w.Int(static_cast<int>(kEmotes.size()));
  w.Key("capacity");
  w.Int(1000);
  w.Key("owner");
  write_owner(w);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace pererecos::demo
