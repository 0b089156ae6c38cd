#include "card_rig.hpp"

#include <cstdio>
#include <regex>
#include <sstream>

#include "state_file.hpp"
#include "station/card/holder_data.hpp"
#include "station/card/lds_files.hpp"

namespace card_rig {

namespace fs = std::filesystem;

int start(void** state, std::size_t face_bytes, std::size_t max_apdu_data) {
  auto f = std::make_unique<Fixture>();
  if (!f->pki.make()) return -1;
  auto image = station::card::build_card_image(card_test::sample_holder(),
                                               {&f->pki.keys(), card_test::kDocumentSigner, 0, face_bytes});
  if (!image) {
    std::fprintf(stderr, "card image: %s\n", image.error().describe().c_str());
    return -1;
  }
  f->image = std::move(*image);
  rig::RigOptions options;
  options.insert_card = false;
  auto started = rig::Rig::start(options);
  if (!started) {
    std::fprintf(stderr, "rig did not start: %s\n", started.error().describe().c_str());
    return -1;
  }
  f->rig = std::move(*started);
  use_terminal(*f, max_apdu_data);
  *state = f.release();
  return 0;
}

void use_terminal(Fixture& f, std::size_t max_apdu_data) {
  drivers::PcscOptions pcsc;
  pcsc.max_apdu_data = max_apdu_data;  // configured: no probe APDU shifts card-sim's count
  pcsc.transmit_timeout = std::chrono::milliseconds(5000);
  pcsc.connect_timeout = std::chrono::milliseconds(5000);
  pcsc.poll_granularity = std::chrono::milliseconds(100);
  f.terminal.reset();
  f.terminal = std::make_unique<drivers::PcscCardTerminal>(pcsc);
}

int stop(void** state) {
  delete static_cast<Fixture*>(*state);
  *state = nullptr;
  return 0;
}

hal::Status insert_blank_card(Fixture& f, const fs::path& state_file, std::vector<std::string> more_args) {
  std::vector<std::string> args{"--blank"};
  if (!state_file.empty()) args.insert(args.end(), {"--state", state_file.string()});
  args.insert(args.end(), more_args.begin(), more_args.end());
  return f.rig->insert_card(args);
}

SavedCard load_saved_card(const fs::path& state_file) {
  SavedCard card;
  const hal::Bytes bytes = card_test::read_bytes(state_file);
  card.text.assign(bytes.begin(), bytes.end());
  auto state = card_sim::parse_state(card.text, SIZE_MAX);
  if (!state) return card;
  for (const auto& ef : state->files.master_files()) card.files[ef.fid] = ef.content;
  for (const auto& df : state->files.applications())
    for (const auto& ef : df.files) card.files[ef.fid] = ef.content;
  card.objects = state->data_objects;
  card.locked = state->locked();
  return card;
}

station::card::PaReport passive_authentication_of(const Fixture& f, const SavedCard& card) {
  std::map<int, hal::Bytes> groups;
  for (const auto& [fid, content] : card.files) {
    auto which = station::card::find_by_fid(fid);
    if (which && which->data_group) groups[which->data_group] = content;
  }
  auto sod = card.files.find(station::card::info(station::card::LdsFile::kSod).fid);
  const hal::Bytes none;
  return station::card::passive_authentication(groups, sod == card.files.end() ? none : sod->second, f.pki.csca())
      .value();
}

namespace {

// EF.SOD is 77 L ContentInfo: the ContentInfo starts after the tag and the
// length octets (one, or 81/82 and one or two more).
hal::Bytes content_info_of(const hal::Bytes& sod) {
  if (sod.size() < 4 || sod[0] != 0x77) return {};
  const std::size_t header = sod[1] < 0x80 ? 2 : 2 + (sod[1] & 0x7F);
  return hal::Bytes(sod.begin() + static_cast<std::ptrdiff_t>(header), sod.end());
}

// Each data group number and hash asn1parse prints: an INTEGER line followed
// by an OCTET STRING line ("[HEX DUMP]:...").
std::map<int, std::string> listed_hashes(const std::string& asn1parse_output) {
  std::map<int, std::string> hashes;
  const std::regex pair(R"(INTEGER\s+:([0-9A-F]+)\n[^\n]*OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+))");
  for (std::sregex_iterator it(asn1parse_output.begin(), asn1parse_output.end(), pair), end; it != end; ++it) {
    hashes[std::stoi((*it)[1].str(), nullptr, 16)] = (*it)[2];
  }
  return hashes;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

bool openssl_verifies_sod(const fs::path& work, const fs::path& csca_pem, const hal::Bytes& sod_file,
                          const std::map<int, hal::Bytes>& groups) {
  fs::create_directories(work);
  card_test::write_bytes(work / "sod.der", content_info_of(sod_file));
  if (!card_test::openssl({"cms", "-verify", "-inform", "DER", "-in", (work / "sod.der").string(), "-CAfile",
                           csca_pem.string(), "-purpose", "any", "-binary", "-out", (work / "lso.der").string()})) {
    return false;
  }
  std::string parsed;
  if (!card_test::openssl({"asn1parse", "-inform", "DER", "-in", (work / "lso.der").string()}, &parsed)) return false;
  const std::map<int, std::string> listed = listed_hashes(parsed);
  if (listed.size() != groups.size()) {
    std::fprintf(stderr, "EF.SOD lists %zu hashes for %zu data groups\n", listed.size(), groups.size());
    return false;
  }
  for (const auto& [number, content] : groups) {
    const fs::path file = work / ("dg" + std::to_string(number) + ".bin");
    card_test::write_bytes(file, content);
    std::string digest;
    if (!card_test::openssl({"dgst", "-sha256", "-r", file.string()}, &digest)) return false;
    auto entry = listed.find(number);
    if (entry == listed.end() || upper(digest.substr(0, 64)) != entry->second) {
      std::fprintf(stderr, "DG%d: openssl dgst gives %s, EF.SOD lists %s\n", number, digest.substr(0, 64).c_str(),
                   entry == listed.end() ? "nothing" : entry->second.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace card_rig
