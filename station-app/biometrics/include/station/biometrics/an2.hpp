// ANSI/NIST-ITL 1-2011 transactions in the traditional encoding: what AFIS
// back ends ingest. A transaction is a Type-1 header whose CNT field lists
// the records that follow. Tagged records ("14.001:LEN<GS>14.002:IDC...<FS>")
// are read field by field; binary records (Type-3 to -8) by their 4-byte
// length, Type-4 fully and the others kept as raw bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::biometrics::an2 {

inline constexpr char kFileSeparator = 0x1C;    // ends a record
inline constexpr char kGroupSeparator = 0x1D;   // ends a field
inline constexpr char kRecordSeparator = 0x1E;  // between subfields
inline constexpr char kUnitSeparator = 0x1F;    // between items

// One tagged field. `value` holds the bytes between ':' and the field's end,
// separators included, so binary image fields (T.999) round-trip.
struct Field {
  int number = 0;
  std::string value;

  // Subfields (split on RS), each split into items (on US).
  std::vector<std::vector<std::string>> subfields() const;
  // A value from subfields of items: join({{"1", "3"}, {"2", "00"}}).
  static std::string join(const std::vector<std::vector<std::string>>& subfields);
};

struct TaggedRecord {
  int type = 0;
  std::vector<Field> fields;  // in file order; LEN (T.001) first

  // nullptr when absent.
  const Field* find(int number) const;
  // The field's value, or "" when absent.
  std::string text(int number) const;
};

// Type-4: a 500 ppi grey fingerprint image with an 18-byte binary header.
struct Type4Record {
  std::uint8_t idc = 0;
  std::uint8_t impression = 0;              // IMP: 0 live-scan plain, 1 live-scan rolled
  std::array<std::uint8_t, 6> positions{};  // FGP: finger codes, 255 where unused
  std::uint8_t scanning_resolution = 0;     // ISR: 0 minimum (19.69 ppmm), 1 native
  std::uint16_t width = 0;                  // HLL
  std::uint16_t height = 0;                 // VLL
  std::uint8_t compression = 0;             // GCA: 0 none, 1 WSQ
  hal::Bytes image;
};

// Any other binary record (Type-3, -5, -6, -7, -8), skipped by its length.
struct BinaryRecord {
  std::uint8_t idc = 0;
  hal::Bytes bytes;  // the whole record, header included
};

struct Record {
  int type = 0;
  std::size_t offset = 0;  // of the record's first byte in the file
  std::size_t length = 0;  // its LEN
  std::variant<TaggedRecord, Type4Record, BinaryRecord> body;
};

struct Transaction {
  std::vector<Record> records;  // Type-1 first, then in CNT order
};

// Parses a whole transaction. Errors: kCorrupt naming the record (type and
// index), the field and the byte offset: a LEN that disagrees with the
// separators or runs past the end, a tag of the wrong record type, a CNT
// that does not match the records, bytes after the last record.
hal::Result<Transaction> parse(hal::ByteView data);

// --- Writing -------------------------------------------------------------

// The Type-1 content a caller supplies; LEN, VER (0500) and CNT are made by
// the writer.
struct TransactionHeader {
  std::string type_of_transaction;  // TOT
  std::string date;                 // DAT, YYYYMMDD
  int priority = 0;                 // PRY 1-9; 0 leaves it out
  std::string destination_agency;   // DAI
  std::string originating_agency;   // ORI
  std::string control_number;       // TCN
  std::string domain;               // DOM as "name<US>version"; empty leaves it out
  std::string gmt;                  // GMT, YYYYMMDDhhmmssZ; empty leaves it out
  std::vector<Field> extra;         // further Type-1 fields, numbered above 14
};

// A Type-14 variable-resolution fingerprint image.
struct FingerImage {
  int position = 0;                   // FGP: 1 right thumb ... 10 left little
  int impression = 1;                 // IMP: 0 live-scan plain, 1 live-scan rolled
  std::string source_agency;          // SRC
  std::string capture_date;           // FCD, YYYYMMDD
  std::uint32_t width = 0;            // HLL
  std::uint32_t height = 0;           // VLL
  int ppi = 500;                      // THPS/TVPS, with SLC = 1 (pixels per inch)
  std::string compression = "WSQ20";  // CGA
  hal::Bytes data;
  // Further fields (numbers 14-998), e.g. 14.018 AMP for a missing finger,
  // 14.020 COM, 14.024 FQM.
  std::vector<Field> extra;
};

// A Type-10 facial image.
struct FaceImage {
  std::string source_agency;          // SRC
  std::string photo_date;             // PHD, YYYYMMDD
  std::uint32_t width = 0;            // HLL
  std::uint32_t height = 0;           // VLL
  std::string compression = "JP2";    // CGA: JPEGB, JP2, JP2L, PNG, NONE
  std::string colour_space = "SRGB";  // CSP
  int acquisition_profile = 13;       // SAP: 13 = ISO/IEC 19794-5 full frontal
  hal::Bytes data;
  std::vector<Field> extra;  // numbers 14-998
};

// Collects records and writes the transaction: IDCs are numbered from 0 in
// the order records are added, CNT lists them, every LEN is exact.
class TransactionWriter {
 public:
  explicit TransactionWriter(TransactionHeader header) : header_(std::move(header)) {}

  // Type-2 user-defined descriptive text: fields numbered 3 and up.
  void add_descriptive(std::vector<Field> fields);
  void add_finger(FingerImage finger);
  void add_face(FaceImage face);

  // Errors: kInvalidArgument naming the record and field (a field number out
  // of its range or repeated, a value holding the FS or GS separator, a
  // finger position outside 0-15, more than 99 records, since IDCs have two digits).
  hal::Result<hal::Bytes> encode() const;

 private:
  TransactionHeader header_;
  std::vector<TaggedRecord> records_;
};

// Encodes one tagged record, computing its LEN (T.001); `record.fields`
// must not contain LEN. Errors: as TransactionWriter::encode.
hal::Result<hal::Bytes> encode_record(const TaggedRecord& record);

}  // namespace station::biometrics::an2
