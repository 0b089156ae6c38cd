// BER-TLV (ISO/IEC 7816-4 section 5.2, X.690) as the LDS uses it: tags of one
// to three bytes, definite lengths only. Strict: a length that runs past its
// buffer, the indefinite form, lengths of more than four bytes and (under the
// DER rule) any non-minimal length are refused, and trees nest at most
// kMaxTlvDepth deep. Parsed values point into the caller's buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::cms {

// A tag as written, its bytes big-endian: 0x61, 0x5F1F, 0x7F61.
using Tag = std::uint32_t;

inline constexpr std::size_t kMaxTlvDepth = 16;

enum class LengthRule {
  kBer,  // definite lengths, long form allowed where short would do
  kDer,  // the shortest form only (X.690 section 10.1)
};

struct Tlv {
  Tag tag = 0;
  hal::ByteView value;    // the contents
  hal::ByteView encoded;  // tag, length and contents

  // Bit 6 of the first tag byte: the value is itself TLVs.
  bool constructed() const;
};

// Reads the TLV at the start of `input`; `what` names the data for messages
// ("DG1"). Errors: kCorrupt, naming what is wrong and where.
hal::Result<Tlv> read_tlv(hal::ByteView input, LengthRule rule, const std::string& what);

// Walks consecutive TLVs of one level.
class TlvReader {
 public:
  TlvReader(hal::ByteView input, std::string what, LengthRule rule = LengthRule::kDer);

  bool at_end() const { return offset_ == input_.size(); }
  // The next TLV, whatever its tag. kCorrupt at the end or when malformed.
  hal::Result<Tlv> next();
  // The next TLV, which must have `tag`. kCorrupt otherwise, naming both tags.
  hal::Result<Tlv> expect(Tag tag);
  // The next TLV if it has `tag`; nothing (and nothing consumed) otherwise.
  hal::Result<std::optional<Tlv>> optional(Tag tag);
  // kCorrupt when bytes are left over.
  hal::Status expect_end() const;

  const std::string& what() const { return what_; }

 private:
  hal::ByteView input_;
  std::size_t offset_ = 0;
  std::string what_;
  LengthRule rule_;
};

// A parsed tree: constructed TLVs hold their children.
struct TlvNode {
  Tlv tlv;
  std::vector<TlvNode> children;
};

// Parses every TLV of `input` and, recursively, the value of each
// constructed one, to at most kMaxTlvDepth levels. kCorrupt when anything
// does not parse or the tree is deeper.
hal::Result<std::vector<TlvNode>> parse_tlv_tree(hal::ByteView input, LengthRule rule, const std::string& what);

// Encoding, always DER lengths.
void append_tlv(hal::Bytes& out, Tag tag, hal::ByteView value);
hal::Bytes encode_tlv(Tag tag, hal::ByteView value);
// Just the length octets.
hal::Bytes encode_length(std::size_t length);

// "5F1F"
std::string tag_name(Tag tag);

}  // namespace station::cms
