// `station card read` and `station card verify`: the card as a citizen's
// reader sees it, opened with PACE (or BAC) with the MRZ or the CAN.
#include <iostream>

#include "card_subcommands.hpp"
#include "hal/files.hpp"
#include "station/card/access/active_authentication.hpp"
#include "station/card/access/chip_authentication.hpp"
#include "station/card/card_files.hpp"
#include "station/card/card_reader.hpp"
#include "station/card/dg13.hpp"
#include "station/card/face_group.hpp"
#include "station/biometrics/jpeg2000.hpp"
#include "station/biometrics/netpbm.hpp"
#include "station/card/mrz.hpp"
#include "station/card/passive_authentication.hpp"
#include "station/card/security_infos.hpp"
#include "station/card/simple_groups.hpp"

namespace station {

namespace {

namespace access = card::access;

struct ReadArgs {
  std::string reader;
  std::string mrz;  // "DOCUMENT,YYMMDD,YYMMDD"
  std::string can;
  bool bac = false;
  std::string out_dir;
  std::string csca;
};

hal::Result<access::AccessKey> access_key(const ReadArgs& args) {
  if (args.mrz.empty() == args.can.empty()) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "give the access key: --mrz DOC,YYMMDD,YYMMDD or --can NNNNNN");
  }
  if (!args.can.empty()) return access::AccessKey::from_can(args.can);
  std::vector<std::string> parts;
  std::string part;
  for (char c : args.mrz + ",") {
    if (c == ',') {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  if (parts.size() != 3) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "--mrz takes the document number, date of birth and date of expiry: DOC,YYMMDD,YYMMDD");
  }
  return access::AccessKey::from_mrz({parts[0], parts[1], parts[2]});
}

struct OpenCard {
  card::ReaderAccess access;
  std::vector<card::CardFile> files;
  std::string reader;
};

hal::Result<OpenCard> open_and_read(Context& context, const ReadArgs& args) {
  auto key = access_key(args);
  if (!key) return key.error();
  hal::CardTerminal& terminal = context.devices().card_terminal();
  const std::string reader = chosen_reader(context, args.reader);
  std::cerr << "Waiting for a card" << (reader.empty() ? "" : " in '" + reader + "'") << "...\n";
  auto status = terminal.wait_for_card(reader, context.config().card.wait_timeout);
  if (!status) return status.error();
  HAL_TRY(terminal.connect(status->name));
  std::cerr << "  opening the chip with the " << key->name() << "...\n";
  auto opened = card::open_as_reader(terminal, *key, args.bac ? access::AccessMethod::kBac : access::AccessMethod::kAuto);
  if (!opened) return opened.error();
  std::cerr << "  " << opened->channel->method() << " secure messaging established; reading the LDS...\n";
  auto files = card::read_lds(*opened->channel);
  if (!files) return files.error();
  return OpenCard{std::move(*opened), std::move(*files), status->name};
}

const card::CardFile* find(const std::vector<card::CardFile>& files, card::LdsFile which) {
  for (const auto& f : files)
    if (f.file == which) return &f;
  return nullptr;
}

hal::Status save_files(const std::string& dir, const OpenCard& card) {
  std::error_code ec;
  if (std::filesystem::create_directories(dir, ec)) {
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  if (ec) return hal::make_error(hal::ErrorCode::kIo, "cannot create " + dir + ": " + ec.message());
  const std::filesystem::path folder(dir);
  HAL_TRY(hal::write_file_atomically(folder / "EF.CardAccess.bin", card.access.card_access, 0600));
  for (const auto& f : card.files)
    HAL_TRY(hal::write_file_atomically(folder / (std::string(card::info(f.file).name) + ".bin"), f.content, 0600));
  if (const auto* dg2 = find(card.files, card::LdsFile::kDg2)) {
    auto face = card::parse_dg2(dg2->content);
    auto image = face ? biometrics::decode_jpeg2000(face->image) : hal::Result<biometrics::RawImage>(face.error());
    if (image)
      HAL_TRY(hal::write_file_atomically(folder / (image->channels == 1 ? "face.pgm" : "face.ppm"),
                                         biometrics::encode_netpbm(*image), 0600));
  }
  return {};
}

nlohmann::json holder_json(const OpenCard& card, const Output& out) {
  nlohmann::json doc = nlohmann::json::object();
  if (const auto* dg1 = find(card.files, card::LdsFile::kDg1)) {
    auto mrz = card::parse_dg1(dg1->content);
    auto fields = mrz ? card::parse_td1(*mrz) : hal::Result<card::Td1Fields>(mrz.error());
    if (fields) {
      out.line("MRZ:      " + mrz->substr(0, 30) + "\n          " + mrz->substr(30, 30) + "\n          " + mrz->substr(60, 30));
      doc["mrz"] = {{"document_number", fields->document_number}, {"date_of_birth", fields->date_of_birth},
                    {"date_of_expiry", fields->date_of_expiry}, {"sex", fields->sex},
                    {"primary_identifier", fields->primary_identifier}, {"secondary_identifier", fields->secondary_identifier}};
    }
  }
  if (const auto* dg13 = find(card.files, card::LdsFile::kDg13)) {
    if (auto d = card::parse_dg13(dg13->content)) {
      out.line("Name:     " + d->full_name + "  (ID " + d->personal_id_number + ", born " + dossier::to_iso8601(d->date_of_birth) + ")");
      out.line("Origin:   " + d->place_of_origin);
      out.line("Resides:  " + d->place_of_residence);
      doc["national_data"] = {{"full_name", d->full_name}, {"personal_id_number", d->personal_id_number},
                              {"date_of_birth", dossier::to_iso8601(d->date_of_birth)}, {"nationality", d->nationality},
                              {"ethnicity", d->ethnicity}, {"religion", d->religion},
                              {"place_of_origin", d->place_of_origin}, {"place_of_residence", d->place_of_residence},
                              {"date_of_issue", dossier::to_iso8601(d->date_of_issue)},
                              {"date_of_expiry", dossier::to_iso8601(d->date_of_expiry)}};
    }
  }
  if (const auto* dg2 = find(card.files, card::LdsFile::kDg2)) {
    if (auto face = card::parse_dg2(dg2->content)) {
      out.line("Face:     " + std::to_string(face->width) + " x " + std::to_string(face->height) + ", JPEG 2000, " +
               std::to_string(face->image.size()) + " bytes");
      doc["face"] = {{"width", face->width}, {"height", face->height}, {"bytes", face->image.size()}};
    }
  }
  return doc;
}

hal::Status run_read(Context& context, const ReadArgs& args) {
  auto card = open_and_read(context, args);
  if (!card) return card.error();
  const Output& out = context.out();
  out.line("Reader:   " + card->reader + " (read through " + card->access.channel->method() + ")");
  nlohmann::json doc = holder_json(*card, out);
  nlohmann::json files = nlohmann::json::object();
  for (const auto& f : card->files) files[card::info(f.file).name] = f.content.size();
  std::string list;
  for (const auto& f : card->files) list += std::string(list.empty() ? "" : ", ") + card::info(f.file).name + " " + std::to_string(f.content.size());
  out.line("Files:    " + list + " bytes (not verified: `station card verify` checks them)");
  doc["reader"] = card->reader;
  doc["access"] = card->access.channel->method();
  doc["files"] = files;
  if (!args.out_dir.empty()) HAL_TRY(save_files(args.out_dir, *card));
  out.document(doc);
  return {};
}

// MRZ check digits and the agreement of DG13 with them.
std::vector<card::PaCheck> content_checks(const OpenCard& card) {
  std::vector<card::PaCheck> checks;
  const auto* dg1 = find(card.files, card::LdsFile::kDg1);
  auto mrz = dg1 ? card::parse_dg1(dg1->content) : hal::Result<std::string>(hal::make_error(hal::ErrorCode::kCorrupt, "no DG1"));
  auto fields = mrz ? card::parse_td1(*mrz) : hal::Result<card::Td1Fields>(mrz.error());
  checks.push_back({"MRZ check digits", fields.ok(), fields ? "all four agree" : fields.error().message});
  const auto* dg13 = find(card.files, card::LdsFile::kDg13);
  if (dg13 && fields) {
    auto national = card::parse_dg13(dg13->content);
    const bool agree = national && fields->optional_data_1 == national->personal_id_number;
    checks.push_back({"DG13", agree,
                      !national ? national.error().message
                                : agree ? "national data parses and names the MRZ's personal ID number"
                                        : "its personal ID number differs from the MRZ's"});
  }
  return checks;
}

card::PaCheck active_authentication(OpenCard& card) {
  const auto* dg15 = find(card.files, card::LdsFile::kDg15);
  if (!dg15) return {"Active Authentication", false, "the card has no DG15"};
  auto key = card::parse_dg15(dg15->content);
  if (!key) return {"Active Authentication", false, key.error().message};
  auto done = access::perform_active_authentication(*card.access.channel, *key);
  return {"Active Authentication", done.ok(), done ? "the chip signed our challenge with DG15's key" : done.error().message};
}

// Run before Active Authentication, which then goes over the new keys.
card::PaCheck chip_authentication(OpenCard& card) {
  const char* name = "Chip Authentication";
  const auto* dg14 = find(card.files, card::LdsFile::kDg14);
  if (!dg14) return {name, false, "the card has no DG14"};
  auto security = card::parse_dg14(dg14->content);
  if (!security) return {name, false, security.error().message};
  if (security->ca_public_key.empty()) return {name, false, "DG14 offers no Chip Authentication key"};
  auto done = access::perform_chip_authentication(*card.access.channel, security->ca_public_key, security->ca_key_id);
  return {name, done.ok(),
          done ? "the chip holds DG14's private key; secure messaging restarted under the agreed keys"
               : done.error().message};
}

// Asked last and in plain (which ends secure messaging): a card still in
// personalisation takes writes, so whatever it holds now can change.
card::PaCheck lifecycle(Context& context) {
  card::CardFiles files(context.devices().card_terminal());
  auto state = files.lifecycle();
  if (!state) return {"locked", false, state.error().message};
  if (!*state) return {"locked", false, "the card does not say (GET DATA 00C0 refused)"};
  return {"locked", **state == card::kLifecycleLocked,
          **state == card::kLifecycleLocked ? "personalisation finished: the card takes no more writes"
                                            : "personalisation unfinished: the card still takes writes"};
}

hal::Status run_verify(Context& context, const ReadArgs& args) {
  auto csca = card::load_certificates(args.csca);
  if (!csca) return csca.error();
  auto card = open_and_read(context, args);
  if (!card) return card.error();
  std::map<int, hal::Bytes> groups;
  for (const auto& f : card->files)
    if (card::info(f.file).data_group) groups[card::info(f.file).data_group] = f.content;
  const auto* sod = find(card->files, card::LdsFile::kSod);
  auto pa = card::passive_authentication(groups, sod->content, *csca);
  if (!pa) return pa.error();
  std::vector<card::PaCheck> checks = pa->checks;
  checks.push_back(chip_authentication(*card));
  checks.push_back(active_authentication(*card));
  for (auto& c : content_checks(*card)) checks.push_back(c);
  checks.push_back(lifecycle(context));

  const Output& out = context.out();
  out.line("Reader:   " + card->reader + " (read through " + card->access.channel->method() + ")");
  nlohmann::json doc = holder_json(*card, out);
  nlohmann::json list = nlohmann::json::array();
  bool passed = true;
  for (const auto& c : checks) {
    out.line(std::string(c.passed ? "  ok    " : "  FAIL  ") + c.name + ": " + c.detail);
    list.push_back({{"check", c.name}, {"passed", c.passed}, {"detail", c.detail}});
    passed = passed && c.passed;
  }
  out.line(passed ? "Card verified: Passive, Chip and Active Authentication pass" : "Card FAILED verification");
  doc["reader"] = card->reader;
  doc["access"] = card->access.channel->method();
  doc["signer"] = pa->signer;
  doc["checks"] = list;
  doc["verified"] = passed;
  out.document(doc);
  if (passed) return {};
  for (const auto& c : checks)
    if (!c.passed) return hal::make_error(hal::ErrorCode::kCorrupt, "card failed verification: " + c.name + ": " + c.detail);
  return {};
}

void access_options(CLI::App* cmd, ReadArgs& args) {
  cmd->add_option("--reader", args.reader, "PC/SC reader name (default: [card] reader)");
  cmd->add_option("--mrz", args.mrz, "access key from the MRZ: DOCUMENT_NUMBER,YYMMDD(birth),YYMMDD(expiry)");
  cmd->add_option("--can", args.can, "access key: the 6-digit Card Access Number (PACE)");
  cmd->add_flag("--bac", args.bac, "use BAC even when the card offers PACE");
}

}  // namespace

void add_read_commands(CLI::App& card, Context& context) {
  auto read_args = std::make_shared<ReadArgs>();
  auto* read = card.add_subcommand("read", "Read the card as a citizen's reader does (PACE or BAC), without verifying it");
  access_options(read, *read_args);
  read->add_option("--out", read_args->out_dir, "also save every file and the decoded face in this folder");
  read->callback([&context, read_args] { context.defer([&context, read_args] { return run_read(context, *read_args); }); });

  auto verify_args = std::make_shared<ReadArgs>();
  auto* verify = card.add_subcommand("verify",
                                     "Read the card and check it: Passive Authentication against the CSCA, Chip and "
                                     "Active Authentication, MRZ check digits");
  access_options(verify, *verify_args);
  verify->add_option("--csca", verify_args->csca, "trusted CSCA certificate(s), PEM or DER")->required();
  verify->callback(
      [&context, verify_args] { context.defer([&context, verify_args] { return run_verify(context, *verify_args); }); });
}

}  // namespace station
