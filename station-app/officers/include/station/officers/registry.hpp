// The station's officer accounts in their own SQLite file: who they are,
// their role, their PIN as an Argon2id hash, their enrolled log-in finger,
// and the failed log-ins that lead to a lockout. No citizen data lives here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hal/finger_sensor.hpp"
#include "hal/result.hpp"
#include "station/officers/permissions.hpp"
#include "station/sqlite/sqlite.hpp"

namespace station::officers {

struct Officer {
  std::string id;    // badge number, e.g. "CA-0412"
  std::string name;
  Role role = Role::kOfficer;
  std::string pin_hash;
  hal::FingerTemplate finger;
  std::int64_t failed_logins = 0;  // since the last successful one
  std::int64_t locked_until_ms = 0;  // wall clock, ms since 1970; 0: not locked
  std::int64_t created_at_ms = 0;
  // An account a technician makes cannot log in until a supervisor activates
  // it, so no technician can make a citizen-data account for themselves.
  bool active = true;
  std::string activated_by;  // the supervisor; "" for accounts active from the start
};

class OfficerRegistry {
 public:
  // Opens (creating, mode 0600, in a folder made 0700) the registry at
  // `path`. Errors: kUnavailable, kIo, kCorrupt, kUnsupported (written by a
  // newer station).
  static hal::Result<OfficerRegistry> open(const std::filesystem::path& path);

  // kAlreadyExists for a taken id; kInvalidArgument for an id that is not
  // 2..32 letters, digits or '-'.
  hal::Status add(const Officer& officer);
  // kNotFound naming the id.
  hal::Result<Officer> find(const std::string& id) const;
  hal::Result<std::vector<Officer>> list() const;
  hal::Result<std::int64_t> count() const;

  // Counts a failed log-in; at `max_failures` the account locks until
  // `now_ms + lockout_ms`. Returns the account as it now is.
  hal::Result<Officer> note_failure(const std::string& id, std::int64_t now_ms, std::int64_t max_failures,
                                    std::int64_t lockout_ms);
  // Clears the failures and any lockout (a log-in, or a supervisor's unlock).
  hal::Status clear_failures(const std::string& id);
  // Lets an inactive account log in, naming the supervisor who allowed it.
  // kNotFound naming the id; kFailedPrecondition when it is active already.
  hal::Status activate(const std::string& id, const std::string& supervisor_id);

 private:
  explicit OfficerRegistry(sqlite::Database db) : db_(std::move(db)) {}
  sqlite::Database db_;
};

// kInvalidArgument unless `id` is 2..32 letters, digits or '-'.
hal::Status check_officer_id(const std::string& id);

}  // namespace station::officers
