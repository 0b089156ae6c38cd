#include "station/dossier/serialization.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <limits>
#include <optional>
#include <vector>
#include <string>

namespace station::dossier {

namespace {

using nlohmann::json;

std::int64_t to_millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
// A time far enough out to overflow the clock's nanoseconds is damage, not a date.
hal::Result<TimePoint> from_millis(std::int64_t ms, const std::string& where, const char* field) {
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1'000'000;
  if (ms < -kLimit || ms > kLimit) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "dossier " + where + ": field '" + field + "' is out of range");
  }
  return TimePoint(std::chrono::milliseconds(ms));
}

hal::Bytes to_bytes(const json& j) { return json::to_cbor(j); }

hal::Error corrupt(const std::string& where, const std::string& what) {
  return hal::make_error(hal::ErrorCode::kCorrupt, "dossier " + where + ": " + what);
}

// Reads typed fields of one CBOR map; every failure names the field.
class Fields {
 public:
  Fields(const json& object, std::string where) : object_(object), where_(std::move(where)) {}

  hal::Status text(const char* key, std::string& out) const {
    auto found = find(key);
    if (!found || !(*found)->is_string()) return missing(key, "text");
    out = (*found)->get<std::string>();
    return {};
  }
  hal::Status integer(const char* key, std::int64_t& out) const {
    auto found = find(key);
    if (!found || !(*found)->is_number_integer()) return missing(key, "an integer");
    out = (*found)->get<std::int64_t>();
    return {};
  }
  hal::Status integer(const char* key, int& out) const {
    std::int64_t wide = 0;
    HAL_TRY(integer(key, wide));
    if (wide < INT32_MIN || wide > INT32_MAX) return missing(key, "a 32-bit integer");
    out = static_cast<int>(wide);
    return {};
  }
  hal::Status boolean(const char* key, bool& out) const {
    auto found = find(key);
    if (!found || !(*found)->is_boolean()) return missing(key, "true or false");
    out = (*found)->get<bool>();
    return {};
  }
  hal::Status bytes(const char* key, hal::Bytes& out) const {
    auto found = find(key);
    if (!found || !(*found)->is_binary()) return missing(key, "a byte string");
    const auto& binary = (*found)->get_binary();
    out.assign(binary.begin(), binary.end());
    return {};
  }
  hal::Result<const json*> object(const char* key) const {
    auto found = find(key);
    if (!found || !(*found)->is_object()) return missing(key, "a map");
    return *found;
  }
  bool has(const char* key) const { return find(key).has_value(); }
  const std::string& where() const { return where_; }

 private:
  std::optional<const json*> find(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return std::nullopt;
    return &*it;
  }
  hal::Error missing(const char* key, const char* type) const {
    return corrupt(where_, "field '" + std::string(key) + "' is missing or is not " + type);
  }

  const json& object_;
  std::string where_;
};

hal::Result<json> parse(hal::ByteView cbor, const std::string& where) {
  if (!cbor_nesting_within(cbor, kMaxCborDepth))
    return corrupt(where, "nests CBOR lists and maps deeper than " + std::to_string(kMaxCborDepth) + " levels");
  json parsed;
  try {
    // Even with exceptions turned off, nlohmann-json 3.11 throws for a map or
    // list claiming more entries than memory could hold.
    parsed = json::from_cbor(cbor.begin(), cbor.end(), true, false, json::cbor_tag_handler_t::error);
  } catch (const std::exception& e) {
    return corrupt(where, std::string("is not well-formed CBOR (") + e.what() + ")");
  }
  if (parsed.is_discarded()) return corrupt(where, "is not well-formed CBOR");
  if (!parsed.is_object()) return corrupt(where, "is not a CBOR map");
  auto version = parsed.find("v");
  if (version == parsed.end() || !version->is_number_integer()) return corrupt(where, "has no format version");
  if (version->get<std::int64_t>() != kFormatVersion) {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           "dossier " + where + " uses format version " + std::to_string(version->get<std::int64_t>()) +
                               "; this station reads version " + std::to_string(kFormatVersion) + ": update it");
  }
  return parsed;
}

json demographics_json(const Demographics& d) {
  return {{"v", kFormatVersion},
          {"full_name", d.full_name},
          {"date_of_birth", to_iso8601(d.date_of_birth)},
          {"sex", to_string(d.sex)},
          {"nationality", d.nationality},
          {"ethnicity", d.ethnicity},
          {"religion", d.religion},
          {"place_of_origin", d.place_of_origin},
          {"place_of_residence", d.place_of_residence},
          {"personal_id", d.personal_id},
          {"father_name", d.father_name},
          {"mother_name", d.mother_name}};
}

json capture_json(const Capture& c) {
  return {{"v", kFormatVersion},
          {"format", to_string(c.format)},
          {"width", c.width},
          {"height", c.height},
          {"ppi", c.ppi},
          {"image", json::binary(c.image)},
          {"quality", c.quality},
          {"retries", c.retries},
          {"accepted_below_threshold", c.accepted_below_threshold},
          {"captured_at_ms", to_millis(c.captured_at)}};
}

json finger_json(const FingerSlot& s) {
  json j{{"v", kFormatVersion}, {"status", to_string(s.status)}};
  if (s.capture) j["capture"] = capture_json(*s.capture);
  return j;
}

hal::Result<Demographics> demographics_from(const json& j, const std::string& where) {
  Fields f(j, where);
  Demographics d;
  std::string date;
  std::string sex;
  HAL_TRY(f.text("full_name", d.full_name));
  HAL_TRY(f.text("date_of_birth", date));
  HAL_TRY(f.text("sex", sex));
  HAL_TRY(f.text("nationality", d.nationality));
  HAL_TRY(f.text("ethnicity", d.ethnicity));
  HAL_TRY(f.text("religion", d.religion));
  HAL_TRY(f.text("place_of_origin", d.place_of_origin));
  HAL_TRY(f.text("place_of_residence", d.place_of_residence));
  HAL_TRY(f.text("personal_id", d.personal_id));
  HAL_TRY(f.text("father_name", d.father_name));
  HAL_TRY(f.text("mother_name", d.mother_name));
  if (!date.empty()) {
    auto parsed = parse_iso8601(date);
    if (!parsed) return corrupt(where, "date_of_birth: " + parsed.error().message);
    d.date_of_birth = *parsed;
  }
  auto parsed_sex = parse_sex(sex);
  if (!parsed_sex) return corrupt(where, parsed_sex.error().message);
  d.sex = *parsed_sex;
  return d;
}

hal::Result<Capture> capture_from(const json& j, const std::string& where) {
  Fields f(j, where);
  Capture c;
  std::string format;
  std::int64_t captured_at = 0;
  HAL_TRY(f.text("format", format));
  HAL_TRY(f.integer("width", c.width));
  HAL_TRY(f.integer("height", c.height));
  HAL_TRY(f.integer("ppi", c.ppi));
  HAL_TRY(f.bytes("image", c.image));
  HAL_TRY(f.integer("quality", c.quality));
  HAL_TRY(f.integer("retries", c.retries));
  HAL_TRY(f.boolean("accepted_below_threshold", c.accepted_below_threshold));
  HAL_TRY(f.integer("captured_at_ms", captured_at));
  auto parsed = parse_image_format(format);
  if (!parsed) return corrupt(where, parsed.error().message);
  c.format = *parsed;
  auto at = from_millis(captured_at, where, "captured_at_ms");
  if (!at) return at.error();
  c.captured_at = *at;
  return c;
}

hal::Result<FingerSlot> finger_from(const json& j, const std::string& where) {
  Fields f(j, where);
  FingerSlot slot;
  std::string status;
  HAL_TRY(f.text("status", status));
  auto parsed = parse_finger_status(status);
  if (!parsed) return corrupt(where, parsed.error().message);
  slot.status = *parsed;
  if (f.has("capture")) {
    auto capture_object = f.object("capture");
    if (!capture_object) return capture_object.error();
    auto capture = capture_from(**capture_object, where + " capture");
    if (!capture) return capture.error();
    slot.capture = std::move(capture).value();
  }
  return slot;
}

std::string hex_sha256(hal::ByteView data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(data.data(), data.size(), digest);
  return hal::to_hex(hal::ByteView(digest, sizeof digest));
}

std::string base64(hal::ByteView data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(length));
  return out;
}

json capture_display(const Capture& c, bool with_biometrics) {
  json j{{"format", to_string(c.format)}, {"width", c.width},     {"height", c.height},
         {"ppi", c.ppi},                  {"quality", c.quality}, {"retries", c.retries},
         {"accepted_below_threshold", c.accepted_below_threshold},
         {"image_bytes", c.image.size()}, {"image_sha256", hex_sha256(c.image)}};
  if (with_biometrics) j["image_base64"] = base64(c.image);
  return j;
}

}  // namespace

hal::Bytes encode(const Demographics& demographics) { return to_bytes(demographics_json(demographics)); }
hal::Bytes encode(const Capture& capture) { return to_bytes(capture_json(capture)); }
hal::Bytes encode(const FingerSlot& slot) { return to_bytes(finger_json(slot)); }

hal::Bytes encode(const Dossier& d) {
  json fingers = json::array();
  for (const auto& slot : d.fingers) fingers.push_back(finger_json(slot));
  json j{{"v", kFormatVersion},
         {"id", d.id},
         {"station_id", d.station_id},
         {"officer_id", d.officer_id},
         {"supervisor_id", d.supervisor_id},
         {"created_at_ms", to_millis(d.created_at)},
         {"updated_at_ms", to_millis(d.updated_at)},
         {"demographics", demographics_json(d.demographics)},
         {"fingers", fingers}};
  if (d.face) j["face"] = capture_json(*d.face);
  return to_bytes(j);
}

namespace {

// One stored part: CBOR parsed, then read by `from`; errors name `what`.
template <typename T>
hal::Result<T> decode_part(hal::ByteView cbor, const std::string& what,
                           hal::Result<T> (*from)(const json&, const std::string&)) {
  auto j = parse(cbor, what);
  if (!j) return j.error();
  return from(*j, what);
}

}  // namespace

hal::Result<Demographics> decode_demographics(hal::ByteView cbor) {
  return decode_part(cbor, "demographics", demographics_from);
}

hal::Result<Capture> decode_capture(hal::ByteView cbor) { return decode_part(cbor, "capture", capture_from); }

hal::Result<FingerSlot> decode_finger_slot(hal::ByteView cbor) {
  return decode_part(cbor, "finger slot", finger_from);
}

hal::Result<Dossier> decode_dossier(hal::ByteView cbor) {
  auto j = parse(cbor, "record");
  if (!j) return j.error();
  Fields f(*j, "record");
  Dossier d;
  std::int64_t created = 0;
  std::int64_t updated = 0;
  HAL_TRY(f.text("id", d.id));
  HAL_TRY(f.text("station_id", d.station_id));
  HAL_TRY(f.text("officer_id", d.officer_id));
  HAL_TRY(f.text("supervisor_id", d.supervisor_id));
  HAL_TRY(f.integer("created_at_ms", created));
  HAL_TRY(f.integer("updated_at_ms", updated));
  auto created_at = from_millis(created, "record", "created_at_ms");
  auto updated_at = from_millis(updated, "record", "updated_at_ms");
  if (!created_at) return created_at.error();
  if (!updated_at) return updated_at.error();
  d.created_at = *created_at;
  d.updated_at = *updated_at;
  auto demographics = f.object("demographics");
  if (!demographics) return demographics.error();
  auto parsed_demographics = demographics_from(**demographics, "demographics");
  if (!parsed_demographics) return parsed_demographics.error();
  d.demographics = std::move(parsed_demographics).value();
  if (f.has("face")) {
    auto face = f.object("face");
    if (!face) return face.error();
    auto capture = capture_from(**face, "face");
    if (!capture) return capture.error();
    d.face = std::move(capture).value();
  }
  auto fingers = j->find("fingers");
  if (fingers == j->end() || !fingers->is_array() || fingers->size() != kFingerCount) {
    return corrupt("record", "field 'fingers' is not a list of 10 finger slots");
  }
  for (std::size_t i = 0; i < kFingerCount; ++i) {
    if (!(*fingers)[i].is_object()) return corrupt("record", "finger slot " + std::to_string(i + 1) + " is not a map");
    auto slot = finger_from((*fingers)[i], "finger slot " + std::to_string(i + 1));
    if (!slot) return slot.error();
    d.fingers[i] = std::move(slot).value();
  }
  return d;
}

nlohmann::json to_display_json(const Dossier& d, bool with_biometrics) {
  json demographics = demographics_json(d.demographics);
  demographics.erase("v");
  json fingers = json::array();
  for (int position = 1; position <= kFingerCount; ++position) {
    const auto& slot = d.fingers[static_cast<std::size_t>(position - 1)];
    json finger{{"position", position}, {"finger", finger_name(position)}, {"status", to_string(slot.status)}};
    if (slot.capture) finger["capture"] = capture_display(*slot.capture, with_biometrics);
    fingers.push_back(finger);
  }
  return {{"id", d.id},
          {"station_id", d.station_id},
          {"officer_id", d.officer_id},
          {"supervisor_id", d.supervisor_id},
          {"created_at_ms", to_millis(d.created_at)},
          {"updated_at_ms", to_millis(d.updated_at)},
          {"demographics", demographics},
          {"face", d.face ? capture_display(*d.face, with_biometrics) : json(nullptr)},
          {"fingers", fingers}};
}

namespace {

// The argument of the head at `at` (RFC 8949 section 3); nullopt when cut
// short or reserved. `indefinite` is set for additional information 31.
std::optional<std::uint64_t> head_argument(hal::ByteView in, std::size_t& at, bool& indefinite) {
  const std::uint8_t info = in[at++] & 0x1F;
  indefinite = info == 31;
  if (info < 24 || indefinite) return info;
  if (info > 27) return std::nullopt;
  const std::size_t size = std::size_t{1} << (info - 24);
  if (in.size() - at < size) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value = value << 8 | in[at++];
  return value;
}

}  // namespace

bool cbor_nesting_within(hal::ByteView cbor, std::size_t max_depth) {
  constexpr std::uint64_t kOpenEnded = UINT64_MAX;
  std::vector<std::uint64_t> open;  // items each open list or map still holds
  std::size_t at = 0;
  while (at < cbor.size()) {
    if (cbor[at] == 0xFF && !open.empty() && open.back() == kOpenEnded) {
      ++at;
      open.pop_back();
    } else {
      const std::uint8_t major = cbor[at] >> 5;
      bool indefinite = false;
      auto argument = head_argument(cbor, at, indefinite);
      if (!argument) return true;  // malformed: the parser names it
      if (major == 6) continue;    // a tag prefixes the next item
      if ((major == 2 || major == 3) && !indefinite) {
        if (cbor.size() - at < *argument) return true;
        at += static_cast<std::size_t>(*argument);
      } else if (major >= 2 && major <= 5) {
        const std::uint64_t items = indefinite ? kOpenEnded : major == 5 ? *argument * 2 : *argument;
        if (major == 5 && !indefinite && *argument > UINT64_MAX / 2) return true;
        if (items != 0) {
          open.push_back(items);
          if (open.size() > max_depth) return false;
          continue;
        }
      }
    }
    // One item done: close every definite container it completes.
    while (!open.empty() && open.back() != kOpenEnded && --open.back() == 0) open.pop_back();
  }
  return true;
}

}  // namespace station::dossier
