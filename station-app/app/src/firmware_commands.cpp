// `station firmware inspect|verify`: a technician reads a scanner firmware
// image (firmware/IMAGE.md) before flashing it: header, version, security
// counter, signer; verify checks the hash and the Ed25519 signature against
// the public keys given.
#include <string>
#include <vector>

#include "commands.hpp"
#include "station/fwupdate/image.hpp"

namespace station {

namespace {

namespace fwu = station::fwupdate;

struct Loaded {
  hal::Bytes bytes;
  fwu::FirmwareImage image;
};

hal::Result<Loaded> load(const std::string& path) {
  auto bytes = hal::read_regular_file(path, fwu::kFirmwareImageFile);
  if (!bytes) return bytes.error();
  auto image = fwu::parse_image(*bytes, path);
  if (!image) return image.error();
  return Loaded{std::move(*bytes), *image};
}

nlohmann::json describe(const Loaded& l, const Output& out) {
  const fwu::FirmwareImage& i = l.image;
  char load[16];
  std::snprintf(load, sizeof load, "0x%08X", i.load_address);
  out.line("version           " + fwu::to_string(i.version));
  out.line("security counter  " + std::to_string(i.security_counter));
  out.line("payload           " + std::to_string(i.image_size) + " bytes, loaded at " + load);
  out.line("signer key id     " + fwu::hex(i.key_id));
  out.line("sha-256           " + fwu::hex(i.sha256));
  return {{"version", fwu::to_string(i.version)}, {"security_counter", i.security_counter},
          {"payload_bytes", i.image_size},        {"load_address", load},
          {"key_id", fwu::hex(i.key_id)},         {"sha256", fwu::hex(i.sha256)}};
}

hal::Result<std::vector<fwu::PublicKey>> load_keys(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "no public key to verify against: name the release key with --key FILE.pub.pem");
  }
  std::vector<fwu::PublicKey> keys;
  for (const auto& p : paths) {
    auto key = fwu::load_public_key(p);
    if (!key) return key.error();
    keys.push_back(std::move(*key));
  }
  return keys;
}

struct Args {
  std::string image;
  std::vector<std::string> keys;
};

}  // namespace

void add_firmware_commands(CLI::App& app, Context& context) {
  auto* firmware = app.add_subcommand("firmware", "Scanner firmware images: inspect and verify before flashing");
  firmware->require_subcommand(1);
  auto args = std::make_shared<Args>();

  auto* inspect = firmware->add_subcommand("inspect", "Header, version, security counter and signer of an image");
  inspect->add_option("IMAGE", args->image, "the signed image (.img)")->required();
  inspect->callback([&context, args] {
    context.defer([&context, args]() -> hal::Status {
      auto loaded = load(args->image);
      if (!loaded) return loaded.error();
      context.out().document(describe(*loaded, context.out()));
      return {};
    });
  });

  auto* verify = firmware->add_subcommand("verify", "Check an image's hash and Ed25519 signature against public keys");
  verify->add_option("IMAGE", args->image, "the signed image (.img)")->required();
  verify->add_option("--key", args->keys, "an Ed25519 public key (PEM) the image may be signed with; repeatable");
  verify->callback([&context, args] {
    context.defer([&context, args]() -> hal::Status {
      auto loaded = load(args->image);
      if (!loaded) return loaded.error();
      auto keys = load_keys(args->keys);
      if (!keys) return keys.error();
      auto signer = fwu::verify_image(loaded->bytes, loaded->image, *keys, args->image);
      if (!signer) return signer.error();
      nlohmann::json doc = describe(*loaded, context.out());
      context.out().line("signature         good, by " + signer->name);
      doc["signed_by"] = signer->name;
      doc["verified"] = true;
      context.out().document(doc);
      return {};
    });
  });
}

}  // namespace station
