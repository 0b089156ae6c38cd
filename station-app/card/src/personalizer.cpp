#include "station/card/personalizer.hpp"

#include <algorithm>
#include <thread>

#include "counting_terminal.hpp"
#include "station/card/access/active_authentication.hpp"
#include "station/card/card_files.hpp"
#include "station/card/card_reader.hpp"
#include "station/card/simple_groups.hpp"

namespace station::card {

namespace {

std::string size_text(std::size_t n) { return std::to_string(n) + " bytes"; }

std::size_t first_difference(hal::ByteView a, hal::ByteView b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  return i;
}

class Run {
 public:
  Run(hal::CardTerminal& terminal, const CardImage& image, Journal& journal, const Progress& progress)
      : terminal_(terminal), files_(terminal_), image_(image), journal_(journal), progress_(progress) {}

  hal::Result<PersonalizeReport> go() {
    HAL_TRY(files_.refresh_capabilities());
    auto lifecycle = files_.lifecycle();
    if (!lifecycle) return lifecycle.error();
    if (*lifecycle == kLifecycleLocked) return check_locked_card();
    HAL_TRY(files_.select_master_file());
    for (const auto& f : image_.files)
      if (info(f.file).in_master_file) HAL_TRY(ensure(f));
    HAL_TRY(files_.select_application());
    for (const auto& f : image_.files)
      if (!info(f.file).in_master_file && f.file != LdsFile::kSod) HAL_TRY(ensure(f));
    HAL_TRY(load_secrets());
    HAL_TRY(ensure(*image_.find(LdsFile::kSod)));
    HAL_TRY(check_as_reader(false));
    HAL_TRY(files_.put_data(data_object::kLifecycle, hal::Bytes{kLifecycleLocked}, "lifecycle (lock)"));
    HAL_TRY(journal_.record("locked"));
    progress_("card locked: writes are refused from now on");
    return report_;
  }

  std::size_t apdus() const { return terminal_.count(); }

 private:
  // Makes the file on the card hold exactly `f`'s content: created and
  // written, or, when it is there already (a resumed run), kept if right and
  // rewritten whole otherwise. The check of everything comes at the end,
  // through secure messaging.
  hal::Status ensure(const CardFile& f) {
    const LdsFileInfo& i = info(f.file);
    auto created = files_.create(i.fid, f.content.size(), i.name);
    if (!created) return created.error();
    if (*created == CreateOutcome::kAlreadyThere) {
      auto size = files_.select(i.fid, i.name);
      if (!size) return size.error();
      if (*size != f.content.size()) {
        return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                               std::string(i.name) + " is already on the card with " + size_text(*size) +
                                   " where this personalisation needs " + size_text(f.content.size()) +
                                   ": the card was made for other data and cannot take this one");
      }
      auto current = files_.read(*size, i.name);
      if (!current) return current.error();
      if (*current == f.content) {
        ++report_.files_kept;
        progress_(std::string(i.name) + ": already right on the card");
        return journal_.record(std::string("kept ") + i.name);
      }
    }
    HAL_TRY(files_.write(f.content, i.name));
    ++report_.files_written;
    progress_(std::string(i.name) + ": written, " + size_text(f.content.size()));
    return journal_.record(std::string("written ") + i.name);
  }

  hal::Status load_secrets() {
    for (const auto& secret : image_.secrets) HAL_TRY(files_.put_data(secret.tag, secret.value, secret.name));
    progress_("secrets loaded: MRZ key, CAN, chip keys");
    return journal_.record("secrets");
  }

  // Opens the card with PACE and the MRZ key as a citizen's reader would,
  // reads every file back and compares it with the image, and challenges the
  // Active Authentication key. On a locked card a difference means the card
  // holds another personalisation.
  hal::Status check_as_reader(bool locked) {
    auto mismatch = [&](const std::string& why) {
      return locked ? hal::make_error(hal::ErrorCode::kFailedPrecondition,
                                      "the card is locked and does not hold this personalisation (" + why + ")")
                    : hal::make_error(hal::ErrorCode::kCorrupt, "read back through secure messaging: " + why);
    };
    const CardSecret* mrz_key = image_.secret(data_object::kMrzKey);
    if (!mrz_key) return hal::make_error(hal::ErrorCode::kInternal, "card image without an MRZ key");
    auto key = access::AccessKey::from_mrz_hash(mrz_key->value);
    if (!key) return key.error();
    auto opened = open_as_reader(terminal_, *key);
    if (!opened) return locked && opened.error().code == hal::ErrorCode::kPermissionDenied
                            ? mismatch("the MRZ key does not open it")
                            : opened.error();
    if (opened->card_access != image_.find(LdsFile::kCardAccess)->content) return mismatch("EF.CardAccess differs");
    CardFiles secured(*opened->channel);
    HAL_TRY(secured.refresh_capabilities());
    for (const auto& f : image_.files) {
      const LdsFileInfo& i = info(f.file);
      if (i.in_master_file) continue;
      auto size = secured.select(i.fid, i.name);
      if (!size) return size.error().code == hal::ErrorCode::kNotFound ? mismatch(size.error().message) : size.error();
      if (*size != f.content.size()) return mismatch(std::string(i.name) + " has another size");
      auto content = secured.read(*size, i.name);
      if (!content) return content.error();
      if (*content != f.content) {
        return mismatch(std::string(i.name) + " differs from byte " + std::to_string(first_difference(*content, f.content)));
      }
    }
    auto dg15 = parse_dg15(image_.find(LdsFile::kDg15)->content);
    if (!dg15) return dg15.error();
    if (auto aa = access::perform_active_authentication(*opened->channel, *dg15); !aa) {
      return aa.error().code == hal::ErrorCode::kCorrupt ? mismatch("Active Authentication fails: " + aa.error().message)
                                                         : aa.error();
    }
    progress_("read back through " + opened->channel->method() +
              " as a citizen's reader: every file matches, Active Authentication passes");
    return journal_.record("verified");
  }

  hal::Result<PersonalizeReport> check_locked_card() {
    HAL_TRY(check_as_reader(true));
    progress_("card was already personalised and locked with this data");
    report_.already_locked = true;
    return report_;
  }

  CountingTerminal terminal_;
  CardFiles files_;
  const CardImage& image_;
  Journal& journal_;
  const Progress& progress_;
  PersonalizeReport report_;
};

}  // namespace

hal::Result<PersonalizeReport> personalize_card(hal::CardTerminal& terminal, const CardImage& image, Journal& journal,
                                                const Progress& progress, std::size_t* apdus_sent) {
  Run run(terminal, image, journal, progress);
  auto report = run.go();
  if (report) report->apdus = run.apdus();
  if (apdus_sent) *apdus_sent += run.apdus();
  return report;
}

namespace {

// Waits for a card and connects to it, retrying while the reader still
// reports the card that just left or a card that is not ready yet.
hal::Status connect_when_back(hal::CardTerminal& terminal, const ResumeOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + options.wait;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto status = terminal.wait_for_card(options.reader, std::max(left, std::chrono::milliseconds(1)));
    if (!status) return status.error();
    auto connected = terminal.connect(status->name);
    if (connected) return {};
    const auto code = connected.error().code;
    if ((code != hal::ErrorCode::kCardRemoved && code != hal::ErrorCode::kNoCard) || Clock::now() >= deadline) {
      return connected.error();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

hal::Result<PersonalizeReport> personalize_with_resume(hal::CardTerminal& terminal, const CardImage& image,
                                                       Journal& journal, const ResumeOptions& options,
                                                       const Progress& progress) {
  using Clock = std::chrono::steady_clock;
  std::size_t apdus = 0;
  unsigned attempt = 1;
  auto back_by = Clock::now() + options.wait;
  for (;;) {
    HAL_TRY(connect_when_back(terminal, options));
    if (!journal.in_progress()) HAL_TRY(journal.begin(image, options.binding));
    const std::size_t before = apdus;
    auto run = personalize_card(terminal, image, journal, progress, &apdus);
    if (run) {
      run->attempts = attempt;
      run->apdus = apdus;
      HAL_TRY(terminal.disconnect(hal::Disposition::kLeave));
      return run;
    }
    if (run.error().code != hal::ErrorCode::kCardRemoved) return run.error();
    (void)terminal.disconnect(hal::Disposition::kLeave);
    if (apdus - before <= 1) {
      // Lost at its first command: the reader still took the old card for
      // present, or the card is not back yet. Not a new insertion.
      if (Clock::now() >= back_by) return run.error();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    if (attempt >= options.max_attempts) return run.error();
    ++attempt;
    back_by = Clock::now() + options.wait;
    progress("card removed mid-way (" + run.error().message + "); put the same card back to resume");
    HAL_TRY(journal.record("resume"));
  }
}

}  // namespace station::card
