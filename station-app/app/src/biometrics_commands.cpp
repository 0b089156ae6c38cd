// `station wsq encode|decode` and `station an2 dump`: fingerprint image
// compression and ANSI/NIST transactions from the command line, for
// technicians checking what the station sends and tests checking the files.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "commands.hpp"
#include "station/biometrics/an2.hpp"
#include "station/biometrics/an2_images.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/wsq.hpp"

namespace station {

namespace {

namespace bio = station::biometrics;

std::string ratio_text(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f:1", ratio);
  return text;
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string size_text(std::uint32_t width, std::uint32_t height) {
  return std::to_string(width) + "x" + std::to_string(height);
}

hal::Status run_wsq_encode(Context& context, const std::string& input, const std::string& output, double bitrate,
                           int ppi) {
  auto image = bio::read_image(input);
  if (!image) return image.error();
  bio::wsq::EncodeOptions options;
  options.bitrate = bitrate;
  options.ppi = ppi;
  auto encoded = bio::wsq::encode(*image, options);
  if (!encoded) return encoded.error();
  HAL_TRY(bio::write_file(output, *encoded));
  double ratio = double(image->size()) / double(encoded->size());
  context.out().line(output + ": " + size_text(image->width(), image->height()) + " pixels, " +
                     std::to_string(encoded->size()) + " bytes, " + ratio_text(ratio) + " at bitrate " +
                     number_text(bitrate));
  context.out().document({{"output", output},
                          {"width", image->width()},
                          {"height", image->height()},
                          {"bytes", encoded->size()},
                          {"ratio", ratio},
                          {"bitrate", bitrate}});
  return {};
}

hal::Status run_wsq_decode(Context& context, const std::string& input, const std::string& output) {
  auto bytes = bio::read_file(input);
  if (!bytes) return bytes.error();
  auto decoded = bio::wsq::decode(*bytes);
  if (!decoded) return hal::make_error(decoded.error().code, input + ": " + decoded.error().message);
  HAL_TRY(bio::write_image(output, decoded->image));
  double ratio = double(decoded->image.size()) / double(bytes->size());
  const bio::wsq::Info& info = decoded->info;
  context.out().line(output + ": " + size_text(info.width, info.height) + " pixels" +
                     (info.ppi > 0 ? " at " + std::to_string(info.ppi) + " ppi" : "") + ", from " +
                     std::to_string(bytes->size()) + " bytes (" + ratio_text(ratio) + ")");
  context.out().document({{"output", output},
                          {"width", info.width},
                          {"height", info.height},
                          {"ppi", info.ppi},
                          {"bytes", bytes->size()},
                          {"ratio", ratio}});
  return {};
}

// --- an2 dump ---------------------------------------------------------------

std::string visible(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == bio::an2::kRecordSeparator) {
      out += "<RS>";
    } else if (c == bio::an2::kUnitSeparator) {
      out += "<US>";
    } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out;
}

std::string tag_of(int type, int number) {
  char text[24];
  std::snprintf(text, sizeof text, "%d.%03d", type, number);
  return text;
}

bool is_image_field(int number) { return number == 999; }

nlohmann::json describe_image(const bio::an2::RecordImage& image, std::string* line) {
  nlohmann::json json{{"compression", image.compression},
                      {"width", image.width},
                      {"height", image.height},
                      {"bytes", image.data.size()},
                      {"layout", image.layout}};
  *line = "image " + size_text(image.width, image.height) + ", " + image.compression + ", " +
          std::to_string(image.data.size()) + " bytes";
  if (image.compression == "WSQ") {
    auto info = bio::wsq::inspect(image.data);
    if (info) {
      json["wsq"] = {{"width", info->width}, {"height", info->height}, {"ppi", info->ppi}};
      *line += " (WSQ frame " + size_text(info->width, info->height) + ")";
    } else {
      json["wsq"] = {{"error", info.error().message}};
      *line += " (WSQ unreadable: " + info.error().message + ")";
    }
  }
  return json;
}

// Writes the image in the form a viewer opens (PNG when it can be decoded
// here); the path written.
hal::Result<std::string> extract(const bio::an2::RecordImage& image, const std::filesystem::path& directory,
                                 const std::string& stem) {
  auto saved = bio::an2::saved_form(image);
  if (!saved) return saved.error();
  auto path = directory / (stem + saved->extension);
  HAL_TRY(bio::write_file(path, saved->bytes));
  return path.string();
}

nlohmann::json dump_fields(const Output& out, const bio::an2::TaggedRecord& record) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& field : record.fields) {
    std::string tag = tag_of(record.type, field.number);
    if (is_image_field(field.number)) {
      out.line("  " + tag + "  <" + std::to_string(field.value.size()) + " bytes>");
      fields.push_back({{"tag", tag}, {"bytes", field.value.size()}});
      continue;
    }
    out.line("  " + tag + "  " + visible(field.value));
    nlohmann::json entry{{"tag", tag}, {"value", field.value}};
    if (field.value.find_first_of("\x1E\x1F") != std::string::npos) entry["subfields"] = field.subfields();
    fields.push_back(entry);
  }
  return fields;
}

nlohmann::json dump_type4(const Output& out, const bio::an2::Type4Record& r) {
  nlohmann::json positions = nlohmann::json::array();
  std::string position_text;
  for (auto p : r.positions) {
    if (p == 255) continue;
    positions.push_back(p);
    position_text += (position_text.empty() ? "" : ",") + std::to_string(p);
  }
  out.line("  IDC " + std::to_string(r.idc) + ", impression " + std::to_string(r.impression) + ", finger " +
           position_text + ", resolution " + (r.scanning_resolution ? "native" : "minimum"));
  return {{"idc", r.idc},
          {"impression", r.impression},
          {"positions", positions},
          {"native_resolution", r.scanning_resolution != 0}};
}

struct ExtractTally {
  int written = 0;
  nlohmann::json refused = nlohmann::json::array();  // {"record": n, "reason": ...}
};

// Lists the record's image and, with --extract, writes it; an image that
// cannot be located or decoded is reported and the dump goes on.
void dump_image(const Output& out, const bio::an2::Record& record, std::size_t index, const std::string& extract_dir,
                nlohmann::json* entry, ExtractTally* tally) {
  auto refuse = [&](const std::string& reason) {
    out.line("  not extracted: " + reason);
    (*entry)["image"]["not_extracted"] = reason;
    tally->refused.push_back({{"record", index + 1}, {"reason", reason}});
  };
  auto image = bio::an2::image_of(record);
  if (!image && extract_dir.empty()) {
    out.line("  image not readable: " + image.error().message);
    (*entry)["image"]["error"] = image.error().message;
    return;
  }
  if (!image) return refuse(image.error().message);
  if (!*image) return;
  std::string line;
  (*entry)["image"] = describe_image(**image, &line);
  out.line("  " + line);
  if (extract_dir.empty()) return;
  auto written =
      extract(**image, extract_dir, "record" + std::to_string(index + 1) + "_type" + std::to_string(record.type));
  if (!written) return refuse(written.error().message);
  out.line("  written to " + *written);
  (*entry)["image"]["extracted"] = *written;
  ++tally->written;
}

hal::Status run_an2_dump(Context& context, const std::string& file, const std::string& extract_dir) {
  auto bytes = bio::read_file(file);
  if (!bytes) return bytes.error();
  auto transaction = bio::an2::parse(*bytes);
  if (!transaction) return hal::make_error(transaction.error().code, file + ": " + transaction.error().message);
  if (!extract_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(extract_dir, error);
    if (error) return hal::make_error(hal::ErrorCode::kIo, "cannot create '" + extract_dir + "': " + error.message());
  }
  const Output& out = context.out();
  out.line(file + ": " + std::to_string(transaction->records.size()) + " records, " + std::to_string(bytes->size()) +
           " bytes");
  nlohmann::json records = nlohmann::json::array();
  ExtractTally tally;
  for (std::size_t i = 0; i < transaction->records.size(); ++i) {
    const auto& record = transaction->records[i];
    out.line("Record " + std::to_string(i + 1) + ": Type-" + std::to_string(record.type) + ", offset " +
             std::to_string(record.offset) + ", " + std::to_string(record.length) + " bytes");
    nlohmann::json entry{{"index", i + 1}, {"type", record.type}, {"offset", record.offset}, {"length", record.length}};
    if (const auto* tagged = std::get_if<bio::an2::TaggedRecord>(&record.body))
      entry["fields"] = dump_fields(out, *tagged);
    if (const auto* t4 = std::get_if<bio::an2::Type4Record>(&record.body)) entry["type4"] = dump_type4(out, *t4);
    if (std::holds_alternative<bio::an2::BinaryRecord>(record.body)) out.line("  binary record, not interpreted");
    dump_image(out, record, i, extract_dir, &entry, &tally);
    records.push_back(entry);
  }
  if (!extract_dir.empty()) {
    out.line(std::to_string(tally.written) + " images written to " + extract_dir + ", " +
             std::to_string(tally.refused.size()) + " not extracted");
  }
  out.document({{"file", file}, {"bytes", bytes->size()}, {"records", records}, {"not_extracted", tally.refused}});
  return {};
}

void add_wsq_commands(CLI::App& app, Context& context) {
  auto* wsq = app.add_subcommand("wsq", "Compress and decompress fingerprint images (FBI WSQ 3.1)");
  wsq->require_subcommand(1);
  wsq->fallthrough();

  struct EncodeArgs {
    std::string input;
    std::string output;
    double bitrate = 0.75;
    int ppi = 500;
  };
  auto encode_args = std::make_shared<EncodeArgs>();
  auto* encode = wsq->add_subcommand("encode", "Compress a PNG or PGM image to WSQ");
  encode->add_option("INPUT", encode_args->input, "grey image, PNG or binary PGM")->required();
  encode->add_option("OUTPUT", encode_args->output, "WSQ file to write")->required();
  encode->add_option("--bitrate", encode_args->bitrate, "target bits per pixel (0.75 is about 15:1, 2.25 about 5:1)")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 8.0));
  encode->add_option("--ppi", encode_args->ppi, "scan resolution recorded in the file")->capture_default_str();
  encode->fallthrough();
  encode->callback([&context, encode_args] {
    context.defer([&context, encode_args] {
      return run_wsq_encode(context, encode_args->input, encode_args->output, encode_args->bitrate, encode_args->ppi);
    });
  });

  struct DecodeArgs {
    std::string input;
    std::string output;
  };
  auto decode_args = std::make_shared<DecodeArgs>();
  auto* decode = wsq->add_subcommand("decode", "Decompress a WSQ file to PNG (or PGM for a .pgm name)");
  decode->add_option("INPUT", decode_args->input, "WSQ file")->required();
  decode->add_option("OUTPUT", decode_args->output, "image to write")->required();
  decode->fallthrough();
  decode->callback([&context, decode_args] {
    context.defer([&context, decode_args] { return run_wsq_decode(context, decode_args->input, decode_args->output); });
  });
}

void add_an2_commands(CLI::App& app, Context& context) {
  auto* an2 = app.add_subcommand("an2", "Inspect ANSI/NIST-ITL transactions");
  an2->require_subcommand(1);
  an2->fallthrough();
  struct DumpArgs {
    std::string file;
    std::string extract;
  };
  auto args = std::make_shared<DumpArgs>();
  auto* dump = an2->add_subcommand("dump", "List the records and fields of a transaction, with image sizes");
  dump->add_option("FILE", args->file, "ANSI/NIST-ITL file (.an2, .eft)")->required();
  dump->add_option("--extract", args->extract, "write each image it can into this folder (PNG when WSQ or uncompressed grey/RGB; others as stored) and list the ones it cannot");
  dump->fallthrough();
  dump->callback([&context, args] {
    context.defer([&context, args] { return run_an2_dump(context, args->file, args->extract); });
  });
}

}  // namespace

void add_biometrics_commands(CLI::App& app, Context& context) {
  add_wsq_commands(app, context);
  add_an2_commands(app, context);
}

}  // namespace station
