// An ISO/IEC 7816-4 file tree: the master file, applications (DFs selected by
// AID) and transparent EFs of fixed size, with the card's current selection.
#pragma once

#include <cstdint>
#include <cstddef>
#include <optional>
#include <vector>

#include "hal/bytes.hpp"

namespace card_sim {

inline constexpr std::uint16_t kMasterFileId = 0x3F00;

struct ElementaryFile {
  std::uint16_t fid = 0;
  hal::Bytes content;  // its size is the file's size, fixed at creation
  bool writable = true;
  // What the FCP states as the size when it differs from the content's (a
  // card that lies about its files, card-sim --shrink-files).
  std::optional<std::size_t> claimed_size;

  std::size_t stated_size() const { return claimed_size.value_or(content.size()); }

  // The short EF identifier is the low five bits of the FID, as in ICAO
  // Doc 9303 (0101 -> 01, 011E -> 1E).
  std::uint8_t sfi() const { return static_cast<std::uint8_t>(fid & 0x1F); }
};

struct DedicatedFile {
  std::uint16_t fid = 0;
  hal::Bytes aid;
  std::vector<ElementaryFile> files;
};

// Where SELECT by FID looks, from P1 (ISO/IEC 7816-4 table 39).
enum class SelectScope {
  kAny,            // P1 = 00: MF, a child of the current DF, or an EF in it
  kChildDf,        // P1 = 01
  kEfInCurrentDf,  // P1 = 02
};

class FileSystem {
 public:
  // `capacity`: bytes of EF content the card's memory holds, files of the
  // initial layout included.
  FileSystem(std::vector<ElementaryFile> master_files, std::vector<DedicatedFile> applications,
             std::size_t capacity = SIZE_MAX);

  // What a reset or power cycle does: the MF is current, no EF is.
  void reset_selection();

  // Each returns the status word of the selection; on failure the previous
  // selection stays.
  std::uint16_t select_by_name(hal::ByteView aid);
  std::uint16_t select_by_fid(std::uint16_t fid, SelectScope scope);
  // READ/UPDATE BINARY with a short EF identifier select the EF in the
  // current DF first.
  std::uint16_t select_by_sfi(std::uint8_t sfi);

  // CREATE FILE of a transparent EF in the current DF: `size` is what the
  // FCP asked for and will state, `stored` what the memory really keeps
  // (smaller only for a lying card). The new EF becomes current. 6A89 when
  // the FID is taken (by an EF, a DF or the MF), 6A84 when the memory cannot
  // hold it.
  std::uint16_t create_ef(std::uint16_t fid, std::size_t size, std::size_t stored);

  // nullptr when no EF is selected.
  ElementaryFile* current_ef();
  // True when the MF, not an application, is the current DF.
  bool master_file_current() const { return !current_df_; }
  // The FCP template (tag 62) of the current selection, for SELECT with P2=00.
  hal::Bytes current_fcp() const;

  // For saving the card (--state) and for tests.
  const std::vector<ElementaryFile>& master_files() const { return master_files_; }
  const std::vector<DedicatedFile>& applications() const { return applications_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t used_bytes() const;

 private:
  std::vector<ElementaryFile>& files_of_current_df();
  const std::vector<ElementaryFile>& files_of_current_df() const;
  std::optional<std::size_t> find_ef(std::uint16_t fid) const;
  std::optional<std::size_t> find_df(std::uint16_t fid) const;

  std::vector<ElementaryFile> master_files_;
  std::vector<DedicatedFile> applications_;
  std::size_t capacity_;
  // Indices, not pointers, so a later CREATE FILE may grow the vectors.
  std::optional<std::size_t> current_df_;  // empty: the MF
  std::optional<std::size_t> current_ef_;
};

}  // namespace card_sim
