// Issue 15, classes 1 and 2 on removable media: every command that reads a
// medium (`import --from`, `receipts import --from`) is run with each file it
// reads (index, batch, receipt) replaced by a folder, a FIFO, a link to
// /dev/zero, a 2 GiB sparse file or a link to a good copy outside the medium;
// every command that writes one (`export --to`, `receipts export --to`) finds
// links planted where its files and temporaries go. Each run must end in
// time with the README's exit code and message, the store must pass `store
// check` with its counts unchanged, and nothing outside the medium (or, for
// a reader, on it) may change.
#include <sys/stat.h>

#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "subprocess.hpp"
#include "sync_fixture.hpp"
#include "cmocka.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::contains;
using testing_support::RunResult;

constexpr const char* kBatchName = "field-01-000001.batch";
constexpr const char* kReceiptName = "field-01-000001.receipt";
constexpr const char* kIndexName = "INDEX.cms";

RunResult station(const fs::path& config, std::vector<std::string> args) {
  args.insert(args.begin(), {STATION_BINARY, "--config", config.string()});
  return testing_support::run(args, {}, std::chrono::seconds(60));
}

void expect_run(const RunResult& r, int code, const std::vector<std::string>& words, const std::string& what) {
  if (r.timed_out) fail_msg("%s: still running after 60 s (a hang)", what.c_str());
  if (r.exit_code != code)
    fail_msg("%s: exit %d, not %d\nstdout: %s\nstderr: %s", what.c_str(), r.exit_code, code, r.out.c_str(), r.err.c_str());
  for (const auto& w : words)
    if (!contains(r.err, w)) fail_msg("%s: stderr does not say '%s':\n%s", what.c_str(), w.c_str(), r.err.c_str());
  if (contains(r.out + r.err, "another hash") || contains(r.out + r.err, "report it"))
    fail_msg("%s: a tampering message for bad media:\n%s", what.c_str(), r.err.c_str());
}

// Two stations with stores and keys, media made by the real program, and a
// work folder holding only media and the files planted links point to.
struct World {
  sync_test::RegistrySim registry;
  std::unique_ptr<sync_test::Station> field;  // batched its dossiers, waits for the receipt
  std::unique_ptr<sync_test::Station> relay;  // imports nothing that is offered here
  fs::path field_config, relay_config;
  keys_test::TempDir work;
  fs::path batches, receipts, outside;
};

World* world = nullptr;

// The field station exports to a medium; a first relay imports it, delivers
// it to the registry and exports the receipt. A second relay, whose store
// never saw the batch, is the one the hostile batch media are offered to.
int make_world(void**) {
  world = new World;
  World& w = *world;
  w.registry.start();
  w.field = sync_test::make_station("field-01");
  w.field->seal(2, 20000, 1500);
  auto first_relay = sync_test::make_station("district-01");
  w.relay = sync_test::make_station("district-01");
  for (auto* s : {w.field.get(), first_relay.get(), w.relay.get()}) {
    s->sync.reset();
    s->store.reset();
  }
  w.field_config = sync_test::write_config(*w.field, 0);
  w.relay_config = sync_test::write_config(*w.relay, 0);
  const fs::path first_config = sync_test::write_config(*first_relay, w.registry.port());
  w.batches = w.work.path() / "good-batches";
  w.receipts = w.work.path() / "good-receipts";
  w.outside = w.work.path() / "outside";
  fs::create_directories(w.outside);
  expect_run(station(w.field_config, {"export", "--to", w.batches.string()}), 0, {}, "export");
  expect_run(station(first_config, {"import", "--from", w.batches.string()}), 0, {}, "import at the first relay");
  expect_run(station(first_config, {"sync", "--once"}), 0, {}, "sync at the first relay");
  expect_run(station(first_config, {"receipts", "export", "--to", w.receipts.string()}), 0, {}, "receipts export");
  for (const fs::path& f : {w.batches / kIndexName, w.batches / kBatchName, w.receipts / kReceiptName}) {
    if (!fs::is_regular_file(f)) fail_msg("the real program wrote no %s", f.c_str());
    fs::copy_file(f, w.outside / f.filename());
  }
  return 0;
}

int drop_world(void**) {
  delete world;
  return 0;
}

// What a command may not change: every entry below the work folder (type,
// size, modification time, and a regular file's first bytes).
using Snapshot = std::map<std::string, std::tuple<int, std::uintmax_t, std::int64_t, std::string>>;

Snapshot snapshot(const fs::path& root) {
  Snapshot out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    struct stat st {};
    if (::lstat(e.path().c_str(), &st) != 0) fail_msg("lstat %s", e.path().c_str());
    std::string head;
    if (S_ISREG(st.st_mode)) {
      std::ifstream in(e.path(), std::ios::binary);
      head.resize(4096);
      in.read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<std::size_t>(in.gcount()));
    }
    out[e.path().string()] = {static_cast<int>(st.st_mode), static_cast<std::uintmax_t>(st.st_size),
                              st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec, head};
  }
  return out;
}

void expect_same(const Snapshot& before, const Snapshot& after, const std::string& what) {
  for (const auto& [path, entry] : after) {
    auto found = before.find(path);
    if (found == before.end()) fail_msg("%s: wrote %s", what.c_str(), path.c_str());
    if (found->second != entry) fail_msg("%s: changed %s", what.c_str(), path.c_str());
  }
  for (const auto& [path, entry] : before)
    if (!after.contains(path)) fail_msg("%s: removed %s", what.c_str(), path.c_str());
}

// The store as `sync status` counts it, and its own check.
std::string store_state(const fs::path& config) {
  auto r = station(config, {"--json", "sync", "status"});
  expect_run(r, 0, {}, "sync status");
  auto check = station(config, {"store", "check"});
  expect_run(check, 0, {}, "store check");
  auto doc = nlohmann::json::parse(r.out);
  doc.erase("registry");
  return doc.dump();
}

// A medium copied from a good one, with `name` replaced by `make`'s thing.
struct Hostile {
  const char* name;  // what the test calls it
  const char* says;  // what the message must say
  void (*make)(const fs::path& at, const fs::path& good_copy);
};

const std::vector<Hostile>& hostiles() {
  static const std::vector<Hostile> list{
      {"a folder", "is a folder", [](const fs::path& at, const fs::path&) { fs::create_directory(at); }},
      {"a FIFO", "is a FIFO", [](const fs::path& at, const fs::path&) { assert_int_equal(::mkfifo(at.c_str(), 0600), 0); }},
      {"a link to /dev/zero", "is a symbolic link", [](const fs::path& at, const fs::path&) { fs::create_symlink("/dev/zero", at); }},
      {"a 2 GiB sparse file", "is too large",
       [](const fs::path& at, const fs::path&) {
         std::ofstream(at).close();
         fs::resize_file(at, 2ull << 30);
       }},
      {"a link to a good copy outside the medium", "is a symbolic link",
       [](const fs::path& at, const fs::path& good) { fs::create_symlink(good, at); }},
  };
  return list;
}

// Links named like the temporaries and partial files a writer might use.
void plant_partial_links(const fs::path& medium, const std::string& name, const fs::path& target) {
  for (const std::string& planted : {"." + name + ".partial", name + ".partial", name + ".part", name + ".tmp",
                                     "." + name + ".tmp", name + "~"})
    fs::create_symlink(target, medium / planted);
}

struct ReadCase {
  std::vector<std::string> command;
  const fs::path* good_medium;
  const fs::path* config;
  const char* file;
  const char* kind;  // hal::FileKind::what
};

void run_read_case(const ReadCase& c, const Hostile& h, int n) {
  World& w = *world;
  const fs::path medium = w.work.path() / ("case-" + std::to_string(n));
  fs::copy(*c.good_medium, medium, fs::copy_options::recursive);
  fs::remove(medium / c.file);
  h.make(medium / c.file, w.outside / c.file);
  for (const char* name : {kIndexName, kBatchName, kReceiptName})
    plant_partial_links(medium, name, w.outside / c.file);
  const std::string what = c.command.front() + " " + c.command.back() + " with " + c.file + " as " + h.name;
  const std::string state = store_state(*c.config);
  const Snapshot before = snapshot(w.work.path());
  auto args = c.command;
  args.insert(args.end(), {"--from", medium.string()});
  expect_run(station(*c.config, args), 8, {std::string(c.kind) + " " + (medium / c.file).string(), h.says}, what);
  expect_same(before, snapshot(w.work.path()), what);
  if (store_state(*c.config) != state) fail_msg("%s: the store's counts changed", what.c_str());
  fs::remove_all(medium);
}

void every_file_a_medium_reader_reads_is_a_regular_file_or_refused(void**) {
  World& w = *world;
  const std::vector<ReadCase> cases{
      {{"import"}, &w.batches, &w.relay_config, kIndexName, "media index"},
      {{"import"}, &w.batches, &w.relay_config, kBatchName, "batch file"},
      {{"receipts", "import"}, &w.receipts, &w.field_config, kReceiptName, "receipt"},
  };
  int n = 0;
  for (const auto& c : cases)
    for (const auto& h : hostiles()) run_read_case(c, h, ++n);
}

// The good media themselves still go in afterwards: the refusals above were
// for the hostile files, not for the store.
void the_good_media_are_still_taken(void**) {
  World& w = *world;
  expect_run(station(w.relay_config, {"import", "--from", w.batches.string()}), 0, {}, "import of the good medium");
  expect_run(station(w.field_config, {"receipts", "import", "--from", w.receipts.string()}), 0, {},
             "receipts import of the good medium");
}

// Writers replace links planted on the medium; what they point to is untouched.
void medium_writers_never_write_through_a_planted_link(void**) {
  World& w = *world;
  struct WriteCase {
    const fs::path* config;
    std::vector<std::string> command;
    std::vector<const char*> files;
  };
  const std::vector<WriteCase> cases{{&w.field_config, {"export"}, {kIndexName}},
                                     {&w.relay_config, {"export"}, {kIndexName, kBatchName}},
                                     {&w.relay_config, {"receipts", "export"}, {}}};
  const fs::path precious = w.work.path() / "precious.txt";
  sync_test::write_bytes(precious, hal::Bytes{'k', 'e', 'e', 'p'});
  int n = 0;
  for (const auto& c : cases) {
    const fs::path medium = w.work.path() / ("out-" + std::to_string(++n));
    fs::create_directories(medium);
    for (const char* name : {kIndexName, kBatchName, kReceiptName}) {
      fs::create_symlink(precious, medium / name);
      plant_partial_links(medium, name, precious);
    }
    auto args = c.command;
    args.insert(args.end(), {"--to", medium.string()});
    const Snapshot outside_before = snapshot(w.outside);
    expect_run(station(*c.config, args), 0, {}, args[0] + " over planted links");
    assert_true(sync_test::read_bytes(precious) == (hal::Bytes{'k', 'e', 'e', 'p'}));
    expect_same(outside_before, snapshot(w.outside), args[0] + " over planted links");
    for (const char* name : c.files)
      if (!fs::is_regular_file(fs::symlink_status(medium / name))) fail_msg("%s left %s a link", args[0].c_str(), name);
    fs::remove_all(medium);
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_file_a_medium_reader_reads_is_a_regular_file_or_refused),
      cmocka_unit_test(the_good_media_are_still_taken),
      cmocka_unit_test(medium_writers_never_write_through_a_planted_link),
  };
  return cmocka_run_group_tests(tests, make_world, drop_world);
}
