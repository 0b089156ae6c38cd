#include "file_system.hpp"

#include <algorithm>

#include "status_words.hpp"

namespace card_sim {

FileSystem::FileSystem(std::vector<ElementaryFile> master_files, std::vector<DedicatedFile> applications,
                       std::size_t capacity)
    : master_files_(std::move(master_files)), applications_(std::move(applications)), capacity_(capacity) {}

std::size_t FileSystem::used_bytes() const {
  std::size_t used = 0;
  for (const auto& ef : master_files_) used += ef.content.size();
  for (const auto& df : applications_)
    for (const auto& ef : df.files) used += ef.content.size();
  return used;
}

std::uint16_t FileSystem::create_ef(std::uint16_t fid, std::size_t size, std::size_t stored) {
  if (fid == kMasterFileId || find_ef(fid) || find_df(fid)) return sw::kFileAlreadyExists;
  if (stored > capacity_ - std::min(capacity_, used_bytes())) return sw::kNotEnoughMemory;
  auto& files = files_of_current_df();
  ElementaryFile ef{fid, hal::Bytes(stored, 0x00), true, std::nullopt};
  if (stored != size) ef.claimed_size = size;
  files.push_back(std::move(ef));
  current_ef_ = files.size() - 1;
  return sw::kOk;
}

void FileSystem::reset_selection() {
  current_df_.reset();
  current_ef_.reset();
}

std::vector<ElementaryFile>& FileSystem::files_of_current_df() {
  return current_df_ ? applications_[*current_df_].files : master_files_;
}

const std::vector<ElementaryFile>& FileSystem::files_of_current_df() const {
  return current_df_ ? applications_[*current_df_].files : master_files_;
}

std::optional<std::size_t> FileSystem::find_ef(std::uint16_t fid) const {
  const auto& files = files_of_current_df();
  auto it = std::find_if(files.begin(), files.end(), [fid](const ElementaryFile& f) { return f.fid == fid; });
  if (it == files.end()) return std::nullopt;
  return static_cast<std::size_t>(it - files.begin());
}

std::optional<std::size_t> FileSystem::find_df(std::uint16_t fid) const {
  // Applications are children of the MF only.
  if (current_df_ || fid == 0) return std::nullopt;
  auto it =
      std::find_if(applications_.begin(), applications_.end(), [fid](const DedicatedFile& d) { return d.fid == fid; });
  if (it == applications_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - applications_.begin());
}

std::uint16_t FileSystem::select_by_name(hal::ByteView aid) {
  auto it = std::find_if(applications_.begin(), applications_.end(), [aid](const DedicatedFile& d) {
    return std::equal(d.aid.begin(), d.aid.end(), aid.begin(), aid.end());
  });
  if (it == applications_.end()) return sw::kFileNotFound;
  current_df_ = static_cast<std::size_t>(it - applications_.begin());
  current_ef_.reset();
  return sw::kOk;
}

std::uint16_t FileSystem::select_by_fid(std::uint16_t fid, SelectScope scope) {
  if (scope == SelectScope::kAny && fid == kMasterFileId) {
    reset_selection();
    return sw::kOk;
  }
  if (scope != SelectScope::kEfInCurrentDf) {
    if (auto df = find_df(fid)) {
      current_df_ = df;
      current_ef_.reset();
      return sw::kOk;
    }
    if (scope == SelectScope::kChildDf) return sw::kFileNotFound;
  }
  auto ef = find_ef(fid);
  if (!ef) return sw::kFileNotFound;
  current_ef_ = ef;
  return sw::kOk;
}

std::uint16_t FileSystem::select_by_sfi(std::uint8_t sfi) {
  const auto& files = files_of_current_df();
  auto it = std::find_if(files.begin(), files.end(), [sfi](const ElementaryFile& f) { return f.sfi() == sfi; });
  if (it == files.end()) return sw::kFileNotFound;
  current_ef_ = static_cast<std::size_t>(it - files.begin());
  return sw::kOk;
}

ElementaryFile* FileSystem::current_ef() {
  if (!current_ef_) return nullptr;
  return &files_of_current_df()[*current_ef_];
}

namespace {

void append_tlv(hal::Bytes& out, std::uint8_t tag, const hal::Bytes& value) {
  out.push_back(tag);
  out.push_back(static_cast<std::uint8_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}

hal::Bytes two_bytes(std::size_t v) { return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xFF)}; }

}  // namespace

hal::Bytes FileSystem::current_fcp() const {
  hal::Bytes body;
  if (current_ef_) {
    const ElementaryFile& ef = files_of_current_df()[*current_ef_];
    append_tlv(body, 0x80, two_bytes(ef.stated_size()));
    append_tlv(body, 0x82, {0x01});  // working EF, transparent
    append_tlv(body, 0x83, two_bytes(ef.fid));
  } else if (current_df_) {
    const DedicatedFile& df = applications_[*current_df_];
    append_tlv(body, 0x82, {0x38});  // DF
    append_tlv(body, 0x84, df.aid);
  } else {
    append_tlv(body, 0x82, {0x38});
    append_tlv(body, 0x83, two_bytes(kMasterFileId));
  }
  hal::Bytes fcp;
  append_tlv(fcp, 0x62, body);
  return fcp;
}

}  // namespace card_sim
