// `station firmware inspect|verify|status|flash`: a technician reads a scanner
// firmware image (firmware/IMAGE.md) before flashing it: header, version,
// security counter, signer; verify checks the hash and the Ed25519
// signature against the public keys given; status asks the attached scanner
// what it runs (firmware/PROTOCOL.md GET_BOOT_STATUS); flash checks an image
// and sends it over USB DFU (station-app/fwupdate/flash.hpp says in what order).
#include <functional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "flash_progress.hpp"
#include "station/fwupdate/flash.hpp"
#include "station/fwupdate/image.hpp"
#include "station/fwupdate/refusal.hpp"

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

nlohmann::json describe_status(const hal::ScannerBootStatus& s, const Output& out) {
  const std::string version = fwu::to_string({s.major, s.minor, s.patch, s.build});
  const char slot = s.running_slot == 0 ? 'A' : 'B';
  out.line("scanner           " + s.serial + " at " + s.location);
  out.line("running           " + version + " from slot " + slot +
           (s.test_boot ? " (test boot: first start of a new image)" : " (permanent)"));
  out.line("security counter  " + std::to_string(s.security_counter) + " (images below it are refused)");
  out.line("slot A            " + std::string(hal::to_string(s.slots[0])));
  out.line("slot B            " + std::string(hal::to_string(s.slots[1])));
  out.line("last refusal      " + fwu::refusal_name(s.last_refusal));
  return {{"serial", s.serial},
          {"location", s.location},
          {"version", version},
          {"running_slot", std::string(1, slot)},
          {"boot_state", s.test_boot ? "test" : "permanent"},
          {"security_counter", s.security_counter},
          {"slot_a", std::string(hal::to_string(s.slots[0]))},
          {"slot_b", std::string(hal::to_string(s.slots[1]))},
          {"last_refusal", fwu::refusal_name(s.last_refusal)}};
}

struct Args {
  std::string image;
  std::vector<std::string> keys;
  std::string serial;
};

// --serial, else the scanner the configuration captures with ([capture] scanner_serial).
std::string serial_of(const Args& args, const Context& context) {
  return args.serial.empty() ? context.config().capture.scanner_serial : args.serial;
}

}  // namespace

void add_firmware_commands(CLI::App& app, Context& context) {
  auto* firmware = app.add_subcommand("firmware", "Scanner firmware: inspect and verify images, the scanner's status");
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

  auto* status = firmware->add_subcommand("status", "The attached scanner's running firmware, security counter and slots");
  status->add_option("--serial", args->serial,
                     "the scanner's serial (default: [capture] scanner_serial; needed when several are attached)");
  auto* flash = firmware->add_subcommand("flash", "Verify an image, then send it to the scanner over USB DFU");
  flash->add_option("IMAGE", args->image, "the signed image (.img)")->required();
  flash->add_option("--key", args->keys, "an Ed25519 public key (PEM) the image may be signed with; repeatable");
  flash->add_option("--serial", args->serial, "the scanner's serial (default: [capture] scanner_serial; needed when several are attached)");
  flash->callback([&context, args] {
    context.defer([&context, args]() -> hal::Status {
      auto loaded = load(args->image);
      if (!loaded) return loaded.error();
      auto keys = load_keys(args->keys);
      if (!keys) return keys.error();
      const fwu::FlashRequest request{loaded->bytes, loaded->image, args->image, serial_of(*args, context)};
      FlashProgress progress;
      auto done = fwu::flash_image(context.devices().scanner_updater(), request, *keys, std::ref(progress));
      if (!done) return done.error();
      const Output& out = context.out();
      out.line("flashed " + fwu::to_string(loaded->image.version) + " (signed by " + done->signer.name +
               ") to scanner " + done->after.serial + "; it was running " +
               fwu::to_string({done->before.major, done->before.minor, done->before.patch, done->before.build}));
      nlohmann::json doc{{"flashed", fwu::to_string(loaded->image.version)}, {"signed_by", done->signer.name}};
      doc["status"] = describe_status(done->after, out);
      out.document(doc);
      return {};
    });
  });

  status->callback([&context, args] {
    context.defer([&context, args]() -> hal::Status {
      auto s = context.devices().scanner_updater().status(serial_of(*args, context));
      if (!s) return s.error();
      context.out().document(describe_status(*s, context.out()));
      return {};
    });
  });
}

}  // namespace station
