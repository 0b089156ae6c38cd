// The station program against hostile input, one test per class of issue 15,
// each over every command that reads (or writes) that kind of file without a
// device or an officer log-in in the way. The exit codes and message classes
// asserted here are the README's table "Bad input: exit codes and messages".
#include <sys/file.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "station/biometrics/image_io.hpp"
#include "station/workflow/face.hpp"
#include "scratch.hpp"
#include "subprocess.hpp"
#include "cmocka.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::contains;
using testing_support::RunResult;

fs::path scratch() { return testing_support::scratch_dir("bad-input"); }
using testing_support::write_text;

RunResult station(std::vector<std::string> args, const fs::path& data = scratch() / "data") {
  args.insert(args.begin(), STATION_BINARY);
  return testing_support::run(args, {{"STATION_DATA_DIR", data.string()}, {"FP_VIRTUAL_IMAGE", ""}});
}

void expect(const RunResult& r, int code, const std::vector<std::string>& words, const std::string& what) {
  if (r.exit_code != code) fail_msg("%s: exit %d, not %d:\n%s", what.c_str(), r.exit_code, code, r.err.c_str());
  for (const auto& w : words)
    if (!contains(r.err, w)) fail_msg("%s: stderr does not say '%s':\n%s", what.c_str(), w.c_str(), r.err.c_str());
}

fs::path write_face() {
  const fs::path path = scratch() / "face.pgm";
  auto face = station::workflow::synthetic_face(3);
  hal::Bytes grey;
  for (std::size_t i = 0; i < face.pixels.size(); i += face.channels) grey.push_back(face.pixels[i]);
  auto image = station::biometrics::GreyImage::from_pixels(face.width, face.height, grey);
  ASSERT_OK(image);
  ASSERT_OK(station::biometrics::write_file(path, station::biometrics::encode_pgm(*image)));
  return path;
}

// What stands where a file belongs, and the words that name it.
struct NotAFile {
  fs::path path;
  const char* says;
};

std::vector<NotAFile> not_files() {
  const fs::path dir = scratch() / "a-folder.json";
  fs::create_directories(dir);
  const fs::path fifo = scratch() / "a-fifo.json";
  if (!fs::exists(fifo)) ::mkfifo(fifo.c_str(), 0600);
  const fs::path link = scratch() / "a-link.json";
  if (!fs::is_symlink(link)) fs::create_symlink("/dev/zero", link);
  const fs::path huge = scratch() / "huge.json";
  write_text(huge, "");
  fs::resize_file(huge, 2ull << 30);  // sparse: 2 GiB that cost no disk
  return {{dir, "is a folder"}, {fifo, "is a FIFO"}, {"/dev/zero", "is a device"}, {link, "is a symbolic link"},
          {huge, "is too large"}};
}

// The commands and the option that names each kind of outside file.
struct Reader {
  const char* name;
  int exit_code;
  std::vector<std::string> (*args)(const std::string& path);
};

const std::vector<Reader>& readers() {
  static const std::vector<Reader> list{
      {"--config (devices)", 3, [](const std::string& p) { return std::vector<std::string>{"--config", p, "devices"}; }},
      {"--config (queue)", 3, [](const std::string& p) { return std::vector<std::string>{"--config", p, "queue"}; }},
      {"enroll --from", 8,
       [](const std::string& p) { return std::vector<std::string>{"enroll", "--from", p, "--officer", "CA-0412"}; }},
      {"card personalize --from", 8,
       [](const std::string& p) {
         return std::vector<std::string>{"card", "personalize", "--from", p, "--state-dir", (scratch() / "st").string()};
       }},
      {"wsq encode", 8,
       [](const std::string& p) { return std::vector<std::string>{"wsq", "encode", p, (scratch() / "o.wsq").string()}; }},
      {"wsq decode", 8,
       [](const std::string& p) { return std::vector<std::string>{"wsq", "decode", p, (scratch() / "o.png").string()}; }},
      {"an2 dump", 8, [](const std::string& p) { return std::vector<std::string>{"an2", "dump", p}; }},
  };
  return list;
}

void class1_no_file_that_is_not_a_regular_file_is_read(void**) {
  for (const auto& bad : not_files())
    for (const auto& reader : readers())
      expect(station(reader.args(bad.path.string())), reader.exit_code, {bad.path.string(), bad.says},
             std::string(reader.name) + " " + bad.path.string());
}

// CA files are named in the configuration; import reads [sync] station_ca first.
void class1_certificate_files_are_regular_files_too(void**) {
  for (const auto& bad : not_files()) {
    const fs::path config = scratch() / "ca.toml";
    write_text(config, "[sync]\nstation_ca = \"" + bad.path.string() + "\"\n");
    expect(station({"--config", config.string(), "import", "--from", scratch().string()}), 8,
           {"station_ca", bad.path.string(), bad.says}, "import with station_ca " + bad.path.string());
  }
}

// `card personalize --state-dir` names a folder whose journal log is read
// back before a card is asked for: the same checks as any outside file.
void class1_the_card_journal_is_a_regular_file(void**) {
  int n = 0;
  for (const auto& bad : not_files()) {
    if (bad.path == "/dev/zero") continue;  // a folder cannot hold a device without mknod
    const fs::path state = scratch() / ("journal-" + std::to_string(++n));
    fs::create_directories(state);
    const fs::path log = state / "journal.log";
    if (fs::is_directory(bad.path)) {
      fs::create_directory(log);
    } else if (fs::is_symlink(bad.path)) {
      fs::create_symlink(fs::read_symlink(bad.path), log);
    } else if (fs::is_fifo(bad.path)) {
      assert_int_equal(::mkfifo(log.c_str(), 0600), 0);
    } else {
      write_text(log, "");
      fs::resize_file(log, fs::file_size(bad.path));
    }
    expect(station({"card", "personalize", "--from", CARD_EXAMPLE, "--state-dir", state.string()}), 8,
           {"card journal file", log.string(), bad.says}, "card personalize with journal.log that " + std::string(bad.says));
  }
}

// Outputs: a link planted where the output or its temporary goes is replaced,
// never written through.
void class2_outputs_never_write_through_a_link(void**) {
  const fs::path face = write_face();
  const fs::path outside = scratch() / "outside.txt";
  write_text(outside, "precious");
  const fs::path wsq = scratch() / "out" / "print.wsq";
  fs::create_directories(wsq.parent_path());
  for (const char* name : {"print.wsq", ".print.wsq.partial", "print.wsq.part", "print.wsq.tmp"})
    fs::create_symlink(outside, wsq.parent_path() / name);
  expect(station({"wsq", "encode", face.string(), wsq.string()}), 0, {}, "wsq encode over links");
  const fs::path png = wsq.parent_path() / "back.png";
  fs::create_symlink(outside, png);
  expect(station({"wsq", "decode", wsq.string(), png.string()}), 0, {}, "wsq decode over a link");
  std::ifstream in(outside);
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  assert_string_equal(kept.c_str(), "precious");
  assert_false(fs::is_symlink(wsq));
  assert_false(fs::is_symlink(png));
}

fs::path enrollment_json(const std::string& face_value, const std::string& seed_value = "7") {
  const fs::path path = scratch() / "citizen.json";
  write_text(path, R"({"full_name": "Nguyễn Văn An", "date_of_birth": "1989-05-17", "sex": "M", "ethnicity": "Kinh",
    "religion": "", "place_of_origin": "Xã Đông Anh, Huyện Đông Anh, Hà Nội",
    "place_of_residence": "Số 12 Phố Huế, Hà Nội", "personal_id": "001089012345",
    "father_name": "Nguyễn Văn Bình", "mother_name": "Trần Thị Cúc", "face": )" +
                       face_value + R"(, "scanner_seed": )" + seed_value + "}");
  return path;
}

// enroll --from and card personalize --from read JSON through one typed accessor.
void class3_wrong_json_types_name_the_key(void**) {
  for (const char* face : {"42", "null", "[\"face.pgm\"]", "{}", "true"}) {
    expect(station({"enroll", "--from", enrollment_json(face).string(), "--officer", "CA-0412"}), 8,
           {"key 'face'", "must be a string"}, "enroll face " + std::string(face));
  }
  for (const char* seed : {"\"7\"", "-1", "1.5", "null"}) {
    expect(station({"enroll", "--from", enrollment_json("\"face.pgm\"", seed).string(), "--officer", "CA-0412"}), 8,
           {"key 'scanner_seed'", "whole number"}, "enroll scanner_seed " + std::string(seed));
  }
  std::ifstream example(CARD_EXAMPLE);
  std::string text((std::istreambuf_iterator<char>(example)), std::istreambuf_iterator<char>());
  const auto at = text.find("\"face_image\"");
  assert_true(at != std::string::npos);
  const auto end = text.find_first_of(",\n}", text.find(':', at));
  const fs::path holder = scratch() / "holder.json";
  write_text(holder, text.substr(0, text.find(':', at) + 1) + " 42" + text.substr(end));
  expect(station({"card", "personalize", "--from", holder.string(), "--state-dir", (scratch() / "st").string()}), 8,
         {"key 'face_image'", "must be a string"}, "card personalize face_image 42");
}

// Nothing is opened or written before the whole input is judged.
void class4_a_refused_enrollment_file_leaves_no_draft(void**) {
  write_face();
  const fs::path data = scratch() / "enroll-data";
  for (const auto& file : {enrollment_json("\"missing.pgm\""), enrollment_json("\"a-folder.json\""),
                           enrollment_json("42"), enrollment_json("\"face.pgm\"", "\"x\"")}) {
    auto r = station({"enroll", "--from", file.string(), "--officer", "CA-0412"}, data);
    if (r.exit_code == 0) fail_msg("%s was taken", file.c_str());
    assert_false(fs::exists(data / "station.db"));
  }
  const fs::path young = scratch() / "young.json";
  write_text(young, R"({"full_name": "Nguyễn Văn An", "date_of_birth": "2999-01-01", "sex": "M", "face": "face.pgm"})");
  auto r = station({"enroll", "--from", young.string(), "--officer", "CA-0412"}, data);
  expect(r, 8, {"nothing was saved"}, "enroll with a future birth date");
  assert_false(fs::exists(data / "station.db"));
}

// Each numeric key at a value past its documented range: exit 3 naming it.
void class5_out_of_range_configuration_is_exit_3(void**) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"officers", "idle_lock_s = 9223372036854775807"}, {"officers", "lockout_minutes = 99999999999"},
      {"officers", "finger_timeout_s = 0"},              {"store", "audit_sign_every = 4294967296"},
      {"card", "transmit_timeout_ms = 9000000000"},     {"sync", "stall_timeout_s = 0"}};
  for (const auto& [section, line] : cases) {
    const fs::path config = scratch() / "range.toml";
    write_text(config, "[" + section + "]\n" + line + "\n");
    const std::string key = line.substr(0, line.find(' '));
    const std::string value = line.substr(line.find('=') + 2);
    for (const char* command : {"devices", "queue"})
      expect(station({"--config", config.string(), command}), 3, {key, value, "is out of range: it must be"},
             "[" + section + "] " + line);
  }
}

// The file size limit stands in for a full disk (EFBIG): exit 9, "the disk is full".
void class6_a_full_disk_is_exit_9(void**) {
  const fs::path face = write_face();
  const fs::path wsq = scratch() / "full.wsq";
  expect(station({"wsq", "encode", face.string(), wsq.string()}), 0, {}, "wsq encode");
  for (const auto& args : {std::vector<std::string>{"wsq", "encode", face.string(), (scratch() / "f2.wsq").string()},
                           std::vector<std::string>{"wsq", "decode", wsq.string(), (scratch() / "f2.png").string()}}) {
    std::string line = "ulimit -f 0; exec";
    for (const auto& a : std::vector<std::string>{STATION_BINARY}) line += " '" + a + "'";
    for (const auto& a : args) line += " '" + a + "'";
    auto r = testing_support::run({"/bin/sh", "-c", line});
    expect(r, 9, {"the disk is full"}, line);
  }
}

// A second command on the same store while one runs: busy, exit 10, never a
// tampering message.
void class7_a_second_command_is_told_busy(void**) {
  const fs::path data = scratch() / "busy-data";
  expect(station({"queue"}, data), 0, {}, "queue on a new store");
  const int fd = ::open((data / "station.db.lock").c_str(), O_RDWR | O_CLOEXEC);
  assert_true(fd >= 0);
  assert_int_equal(::flock(fd, LOCK_EX | LOCK_NB), 0);
  for (const auto& args : {std::vector<std::string>{"queue"}, std::vector<std::string>{"store", "check"},
                           std::vector<std::string>{"audit", "verify", "--hashes-only"}}) {
    expect(station(args, data), 10, {"busy: another station command is running"}, args[0]);
  }
  ::close(fd);
  expect(station({"queue"}, data), 0, {}, "queue once the other command ended");
}

int teardown(void**) {
  fs::remove_all(scratch());
  return 0;
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(class1_no_file_that_is_not_a_regular_file_is_read),
      cmocka_unit_test(class1_certificate_files_are_regular_files_too),
      cmocka_unit_test(class1_the_card_journal_is_a_regular_file),
      cmocka_unit_test(class2_outputs_never_write_through_a_link),
      cmocka_unit_test(class3_wrong_json_types_name_the_key),
      cmocka_unit_test(class4_a_refused_enrollment_file_leaves_no_draft),
      cmocka_unit_test(class5_out_of_range_configuration_is_exit_3),
      cmocka_unit_test(class6_a_full_disk_is_exit_9),
      cmocka_unit_test(class7_a_second_command_is_told_busy),
  };
  return cmocka_run_group_tests(tests, nullptr, teardown);
}
