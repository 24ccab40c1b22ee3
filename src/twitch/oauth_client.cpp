#include "twitch/oauth_client.h"

#include <simdjson.h>

namespace pererecos::twitch {
namespace {

// The JSON object of a body, or an error.
Result<simdjson::dom::object> object_of(simdjson::dom::parser& parser, const std::string& body,
                                        simdjson::padded_string& keep) {
  keep = simdjson::padded_string(body);
  simdjson::dom::element root;
  if (auto err = parser.parse(keep).get(root); err) {
    return Result<simdjson::dom::object>::failure("the answer is not JSON");
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    return Result<simdjson::dom::object>::failure("the answer is not a JSON object");
  }
  return object;
}

std::string string_field(simdjson::dom::object& object, const char* key) {
  std::string_view value;
  if (object[key].get_string().get(value)) return {};
  return std::string(value);
}

std::int64_t int_field(simdjson::dom::object& object, const char* key) {
  std::int64_t value = 0;
  if (object[key].get_int64().get(value)) return 0;
  return value;
}

// "Invalid refresh token (HTTP 400)": Twitch's message, cut short and stripped of control
// characters (it is shown in the log and /health).
std::string error_text(const HttpReply& reply) {
  std::string message;
  simdjson::dom::parser parser;
  simdjson::padded_string keep;
  if (auto object = object_of(parser, reply.body, keep)) message = string_field(*object, "message");
  if (message.size() > 120) message.resize(120);
  for (char& c : message) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (message.empty()) message = "no message";
  return message + " (HTTP " + std::to_string(reply.status) + ")";
}

}  // namespace

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  auto encode = [&](const std::string& text) {
    for (unsigned char c : text) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        out.push_back('%');
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
    }
  };
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out.push_back('&');
    encode(key);
    out.push_back('=');
    encode(value);
  }
  return out;
}

HttpCall refresh_call(const std::string& base_url, const std::string& client_id,
                      const std::string& client_secret, const std::string& refresh_token) {
  HttpCall call;
  call.method = "POST";
  call.url = base_url + "/token";
  call.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"Accept", "application/json"}};
  call.body = form_encode({{"grant_type", "refresh_token"},
                           {"refresh_token", refresh_token},
                           {"client_id", client_id},
                           {"client_secret", client_secret}});
  return call;
}

HttpCall validate_call(const std::string& base_url, const std::string& access_token) {
  HttpCall call;
  call.method = "GET";
  call.url = base_url + "/validate";
  call.headers = {{"Authorization", "OAuth " + access_token}, {"Accept", "application/json"}};
  return call;
}

Result<RefreshedTokens> parse_refresh_reply(const HttpReply& reply) {
  using R = Result<RefreshedTokens>;
  if (reply.status != 200) return R::failure(error_text(reply));
  simdjson::dom::parser parser;
  simdjson::padded_string keep;
  auto object = object_of(parser, reply.body, keep);
  if (!object) return R::failure("token answer: " + object.error());
  RefreshedTokens tokens;
  tokens.access_token = string_field(*object, "access_token");
  tokens.refresh_token = string_field(*object, "refresh_token");
  tokens.expires_in = int_field(*object, "expires_in");
  if (tokens.access_token.empty()) return R::failure("token answer without access_token");
  for (char c : tokens.access_token + tokens.refresh_token) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return R::failure("token answer: a token holds a space or control character");
    }
  }
  return tokens;
}

Result<TokenValidation> parse_validate_reply(const HttpReply& reply) {
  using R = Result<TokenValidation>;
  TokenValidation v;
  if (reply.status == 401) return v;  // valid = false
  if (reply.status != 200) return R::failure(error_text(reply));
  simdjson::dom::parser parser;
  simdjson::padded_string keep;
  auto object = object_of(parser, reply.body, keep);
  if (!object) return R::failure("validate answer: " + object.error());
  v.valid = true;
  v.login = string_field(*object, "login");
  for (char& c : v.login) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  v.user_id = string_field(*object, "user_id");
  v.client_id = string_field(*object, "client_id");
  v.expires_in = int_field(*object, "expires_in");
  simdjson::dom::array scopes;
  if (!(*object)["scopes"].get_array().get(scopes)) {
    for (simdjson::dom::element s : scopes) {
      std::string_view text;
      if (!s.get_string().get(text)) v.scopes.emplace_back(text);
    }
  }
  for (char c : v.login) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return R::failure("validate answer: the login is not a Twitch login");
  }
  return v;
}

}  // namespace pererecos::twitch
