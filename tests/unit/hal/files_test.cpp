// hal::read_regular_file and hal::write_file_atomically, the one way the
// station reads a file from outside and writes a file whole. Each kind of
// outside file, and the commands that read it through the helper:
//   kConfigFile        every command (--config)
//   kEnrollmentFile    enroll --from
//   kDossierFile       card personalize --from
//   kFaceImageFile     enroll --from (its "face"), the enroll face prompt, card personalize --from (face_image)
//   kFingerprintFile   wsq encode, wsq decode, an2 dump
//   kCertificateFile   sync, export, import, receipts import ([sync] *_ca, registry_certificate,
//                      tls_certificate), card read/personalize/enroll --csca
//   kMediaIndexFile    import --from (INDEX.cms)
//   kBatchFile         import --from (<id>.batch)
//   kReceiptFile       receipts import --from (<id>.receipt)
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hal/files.hpp"
#include "scratch.hpp"
#include "cmocka.hpp"

namespace {

namespace fs = std::filesystem;

const std::vector<const hal::FileKind*>& every_kind() {
  static const std::vector<const hal::FileKind*> kinds{
      &hal::kConfigFile,       &hal::kEnrollmentFile,   &hal::kDossierFile,    &hal::kFaceImageFile, &hal::kFingerprintFile,
      &hal::kCertificateFile,  &hal::kMediaIndexFile,   &hal::kBatchFile,      &hal::kReceiptFile};
  return kinds;
}

fs::path scratch() { return testing_support::scratch_dir("hal-files"); }
using testing_support::write_text;

void expect_refused(const fs::path& path, hal::ErrorCode code, const char* words) {
  for (const hal::FileKind* kind : every_kind()) {
    auto r = hal::read_regular_file(path, *kind);
    if (r.ok()) fail_msg("%s %s was read", std::string(kind->what).c_str(), path.c_str());
    if (r.error().code != code)
      fail_msg("%s: code %s, not %s", r.error().message.c_str(), std::string(hal::to_string(r.error().code)).c_str(),
               std::string(hal::to_string(code)).c_str());
    for (const std::string& need : {std::string(kind->what), path.string(), std::string(words)})
      if (r.error().message.find(need) == std::string::npos)
        fail_msg("'%s' does not say '%s'", r.error().message.c_str(), need.c_str());
  }
}

void a_folder_is_refused(void**) { expect_refused(scratch(), hal::ErrorCode::kInvalidArgument, "is a folder"); }

void a_fifo_is_refused_without_waiting(void**) {
  const fs::path fifo = scratch() / "fifo";
  assert_int_equal(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refused(fifo, hal::ErrorCode::kInvalidArgument, "is a FIFO");
}

void a_device_is_refused(void**) { expect_refused("/dev/zero", hal::ErrorCode::kInvalidArgument, "is a device"); }

void a_link_is_not_followed(void**) {
  const fs::path target = scratch() / "real.txt";
  write_text(target, "fine");
  const fs::path link = scratch() / "link.txt";
  fs::create_symlink(target, link);
  expect_refused(link, hal::ErrorCode::kInvalidArgument, "is a symbolic link");
  const fs::path to_zero = scratch() / "zero-link";
  fs::create_symlink("/dev/zero", to_zero);
  expect_refused(to_zero, hal::ErrorCode::kInvalidArgument, "is a symbolic link");
}

void a_missing_file_is_not_found(void**) {
  expect_refused(scratch() / "absent", hal::ErrorCode::kNotFound, "does not exist");
}

// A sparse file costs no disk, so each kind's cap is tried at its exact size.
void a_file_over_its_kinds_cap_is_refused(void**) {
  for (const hal::FileKind* kind : every_kind()) {
    const fs::path path = scratch() / "sparse";
    fs::remove(path);
    write_text(path, "");
    fs::resize_file(path, kind->max_bytes + 1);
    auto r = hal::read_regular_file(path, *kind);
    if (r.ok()) fail_msg("%s over its cap was read", std::string(kind->what).c_str());
    assert_int_equal(static_cast<int>(r.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
    if (r.error().message.find("is too large") == std::string::npos) fail_msg("%s", r.error().message.c_str());
    fs::remove(path);
  }
  const fs::path small = scratch() / "at-cap";
  write_text(small, std::string(100, 'x'));
  auto r = hal::read_regular_file(small, hal::FileKind{"test file", 100});
  ASSERT_OK(r);
  assert_int_equal(r->size(), 100);
}

void a_regular_file_is_read_whole(void**) {
  const fs::path path = scratch() / "whole.bin";
  std::string text(200000, '\0');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>(i * 7);
  write_text(path, text);
  auto r = hal::read_regular_text_file(path, hal::kConfigFile);
  ASSERT_OK(r);
  assert_true(*r == text);
}

// An export once wrote through a link named like its partial file: no name
// the writer uses may lead outside the folder.
void planted_links_are_never_written_through(void**) {
  const fs::path outside = scratch() / "outside.txt";
  write_text(outside, "precious");
  const fs::path media = scratch() / "media";
  fs::create_directories(media);
  const fs::path target = media / "B1.batch";
  for (const char* name : {".B1.batch.partial", "B1.batch.partial", ".B1.batch.tmp", "B1.batch.tmp", "B1.batch.part"})
    fs::create_symlink(outside, media / name);
  fs::create_symlink(outside, target);
  ASSERT_OK(hal::write_file_atomically(target, hal::Bytes{'n', 'e', 'w'}));
  std::ifstream in(outside);
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  assert_string_equal(kept.c_str(), "precious");
  assert_true(fs::is_regular_file(fs::symlink_status(target)));
  auto back = hal::read_regular_text_file(target, hal::kBatchFile);
  ASSERT_OK(back);
  assert_string_equal(back->c_str(), "new");
  std::size_t partials = 0;
  for (const auto& e : fs::directory_iterator(media)) partials += e.path().filename().string().find(".partial") != std::string::npos &&
                                                                    !fs::is_symlink(fs::symlink_status(e.path()));
  assert_int_equal(partials, 0);
}

// The file size limit stands in for a full disk: the write fails with EFBIG.
void a_full_disk_is_said_so_and_leaves_the_old_file(void**) {
  const fs::path path = scratch() / "full.bin";
  write_text(path, "old");
  // As the station's main() does: without it the kernel's SIGXFSZ kills
  // the process instead of failing the write with EFBIG.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit saved{};
  getrlimit(RLIMIT_FSIZE, &saved);
  rlimit small = saved;
  small.rlim_cur = 4096;
  setrlimit(RLIMIT_FSIZE, &small);
  auto r = hal::write_file_atomically(path, hal::Bytes(100000, 0x55));
  setrlimit(RLIMIT_FSIZE, &saved);
  assert_false(r.ok());
  assert_int_equal(static_cast<int>(r.error().code), static_cast<int>(hal::ErrorCode::kNoSpace));
  if (r.error().message.find(std::string(hal::kDiskFull)) == std::string::npos) fail_msg("%s", r.error().message.c_str());
  auto old = hal::read_regular_text_file(path, hal::kBatchFile);
  ASSERT_OK(old);
  assert_string_equal(old->c_str(), "old");
  for (const auto& e : fs::directory_iterator(scratch()))
    if (e.path().filename().string().rfind(".full.bin", 0) == 0) fail_msg("left %s", e.path().c_str());
}

void every_full_disk_errno_is_one_error(void**) {
  for (int e : {ENOSPC, EDQUOT, EFBIG}) {
    auto error = hal::storage_error(e, "writing x");
    assert_int_equal(static_cast<int>(error.code), static_cast<int>(hal::ErrorCode::kNoSpace));
    assert_non_null(strstr(error.message.c_str(), "the disk is full"));
  }
  assert_int_equal(static_cast<int>(hal::storage_error(EIO, "x").code), static_cast<int>(hal::ErrorCode::kIo));
}

int teardown(void**) {
  fs::remove_all(scratch());
  return 0;
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_folder_is_refused),
      cmocka_unit_test(a_fifo_is_refused_without_waiting),
      cmocka_unit_test(a_device_is_refused),
      cmocka_unit_test(a_link_is_not_followed),
      cmocka_unit_test(a_missing_file_is_not_found),
      cmocka_unit_test(a_file_over_its_kinds_cap_is_refused),
      cmocka_unit_test(a_regular_file_is_read_whole),
      cmocka_unit_test(planted_links_are_never_written_through),
      cmocka_unit_test(a_full_disk_is_said_so_and_leaves_the_old_file),
      cmocka_unit_test(every_full_disk_errno_is_one_error),
  };
  return cmocka_run_group_tests(tests, nullptr, teardown);
}
