// The process the power-cut test kills: it enrolls, re-captures, seals and
// moves dossiers along as fast as the store lets it, forever, announcing each
// step before and after (power_cut_protocol.hpp). Started again after each
// kill, it resumes the drafts it finds, as the kiosk would. With LOG, it
// opens the store through FaultVfs recording its writes there, so that the
// parent can cut the power under it (support/power_cut.hpp).
//   store_power_cut_writer DATABASE KEY_DIR SEED [LOG]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "drivers/key_store_factory.hpp"
#include "drivers/system_clock.hpp"
#include "fault_vfs.hpp"
#include "power_cut_protocol.hpp"
#include "station/store/store.hpp"

namespace {

namespace dossier = station::dossier;
using station::store::DossierState;
using station::store::Store;

constexpr const char* kOfficer = "officer-power-cut";
constexpr const char* kSupervisor = "supervisor-power-cut";

void say(const std::string& line) {
  std::string text = line + "\n";
  if (::write(STDOUT_FILENO, text.data(), text.size()) != static_cast<ssize_t>(text.size())) std::_Exit(3);
}

[[noreturn]] void die(const std::string& what, const hal::Error& error) {
  std::fprintf(stderr, "power-cut writer: %s: %s\n", what.c_str(), error.describe().c_str());
  std::_Exit(2);
}

template <typename T>
T must(hal::Result<T> result, const std::string& what) {
  if (!result) die(what, result.error());
  return std::move(result).value();
}

void must(const hal::Status& status, const std::string& what) {
  if (!status.ok()) die(what, status.error());
}

class Writer {
 public:
  Writer(Store& store, std::uint64_t seed) : store_(store), random_(seed) {}

  // Learns what earlier runs left: drafts and the parts they hold, and the
  // dossiers further along.
  void resume() {
    for (const auto& summary : must(store_.list({}), "listing")) {
      if (summary.state == DossierState::kDraft) {
        auto d = must(store_.load(summary.id), "loading draft " + summary.id);
        drafts_[summary.id] = d;
      } else if (summary.state != DossierState::kPurged) {
        moving_[summary.id] = summary.state;
      }
    }
  }

  void step() {
    int roll = pick(100);
    if (drafts_.size() < 3 || roll < 6) return create();
    if (roll < 22 && !moving_.empty()) return advance();
    auto it = drafts_.begin();
    std::advance(it, pick(static_cast<int>(drafts_.size())));
    work_on(it->first, it->second);
  }

 private:
  int pick(int n) { return static_cast<int>(random_() % static_cast<std::uint64_t>(n)); }

  hal::Bytes image(std::size_t size) {
    hal::Bytes out(size);
    for (auto& b : out) b = static_cast<std::uint8_t>(random_());
    return out;
  }

  dossier::Capture capture(bool finger) {
    dossier::Capture c;
    c.format = finger ? dossier::ImageFormat::kWsq : dossier::ImageFormat::kJpeg;
    c.width = 640;
    c.height = 640;
    c.ppi = finger ? 500 : 0;
    c.image = image(1000 + static_cast<std::size_t>(pick(7000)));
    c.quality = 60 + pick(40);
    c.retries = pick(3);
    return c;
  }

  dossier::Demographics demographics() {
    dossier::Demographics d;
    d.full_name = "Lê Thị Hồng Nhung";
    d.date_of_birth = {1950 + pick(50), 1 + pick(12), 0};
    d.sex = dossier::Sex::kFemale;
    d.ethnicity = "Kinh";
    d.place_of_origin = "Xã Hương Chữ, Thị xã Hương Trà";
    d.place_of_residence = "Số " + std::to_string(random_() % 1000000) + " Đường Trần Hưng Đạo";
    char id[16];
    std::snprintf(id, sizeof id, "0461%02d%06d", d.date_of_birth.year % 100, pick(1000000));
    d.personal_id = id;
    return d;
  }

  void create() {
    say("intent create");
    auto id = must(store_.create_draft(kOfficer), "creating a draft");
    say("ack create " + id);
    drafts_[id] = dossier::Dossier{};
  }

  void save(const std::string& id, dossier::Dossier& d, const std::string& kind) {
    std::string token = power_cut::part_token(d, kind);
    say("intent save " + id + " " + kind + " " + token);
    if (kind == "demographics") {
      must(store_.save_demographics(id, d.demographics, kOfficer), "saving demographics");
    } else if (kind == "face") {
      must(store_.save_face(id, *d.face, kOfficer), "saving the face");
    } else {
      int position = std::stoi(kind.substr(7));
      must(store_.save_finger(id, position, d.fingers[static_cast<std::size_t>(position - 1)], kOfficer), "saving " + kind);
    }
    say("ack save " + id + " " + kind + " " + token);
  }

  void work_on(const std::string& id, dossier::Dossier& d) {
    if (d.demographics.full_name.empty()) {
      d.demographics = demographics();
      return save(id, d, "demographics");
    }
    if (!d.face) {
      d.face = capture(false);
      return save(id, d, "face");
    }
    for (int position = 1; position <= dossier::kFingerCount; ++position) {
      auto& slot = d.fingers[static_cast<std::size_t>(position - 1)];
      if (slot.status != dossier::FingerStatus::kNotCaptured && pick(100) >= 3) continue;
      slot = {dossier::FingerStatus::kCaptured, capture(true)};  // a first capture, or a re-capture
      char kind[16];
      std::snprintf(kind, sizeof kind, "finger.%02d", position);
      return save(id, d, kind);
    }
    std::string sealed = id;  // `id` is the key erased below
    transition(sealed, DossierState::kSealed);
    drafts_.erase(sealed);
    moving_[sealed] = DossierState::kSealed;
  }

  // A rejected dossier goes back to sealed only with a supervisor's
  // approval (Store::reseal); every other move is a plain transition.
  void transition(const std::string& id, DossierState to, DossierState from = DossierState::kDraft) {
    std::string state(station::store::to_string(to));
    say("intent state " + id + " " + state);
    if (from == DossierState::kRejected) {
      must(store_.reseal(id, kSupervisor), "re-sealing " + id);
    } else {
      must(store_.transition(id, to, kOfficer), "moving " + id + " to " + state);
    }
    say("ack state " + id + " " + state);
  }

  void advance() {
    auto it = moving_.begin();
    std::advance(it, pick(static_cast<int>(moving_.size())));
    auto next = station::store::next_states(it->second);
    DossierState to = next[static_cast<std::size_t>(pick(static_cast<int>(next.size())))];
    transition(it->first, to, it->second);
    if (to == DossierState::kPurged) {
      moving_.erase(it);
    } else {
      it->second = to;
    }
  }

  Store& store_;
  std::mt19937_64 random_;
  std::map<std::string, dossier::Dossier> drafts_;
  std::map<std::string, DossierState> moving_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: store_power_cut_writer DATABASE KEY_DIR SEED [LOG]\n");
    return 64;
  }
  auto keys = must(drivers::keys::open_key_files({argv[2]}), "opening the key files");
  drivers::SystemClock clock;
  station::store::StoreOptions options;
  options.path = argv[1];
  options.station_id = "station-power-cut";
  options.audit_sign_every = 25;
  options.min_free_bytes = 0;
  if (argc == 5) {
    store_test::FaultVfs::install().record_writes(argv[4]);
    options.vfs = store_test::FaultVfs::kName;
  }
  auto store = must(Store::open(options, keys.get(), clock), "opening the store");
  Writer writer(*store, std::strtoull(argv[3], nullptr, 10));
  writer.resume();
  say("ready");
  for (;;) writer.step();
}
