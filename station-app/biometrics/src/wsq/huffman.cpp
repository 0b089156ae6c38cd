#include "huffman.hpp"

#include <algorithm>
#include <string>

namespace station::biometrics::wsq {

namespace {

// The symbol alphabet of the spec.
constexpr int kMaxRunSymbol = 100;  // 1..100: a run of that many zeros
constexpr int kPositive8 = 101;     // then 8 bits of magnitude
constexpr int kNegative8 = 102;
constexpr int kPositive16 = 103;  // then 16 bits of magnitude
constexpr int kNegative16 = 104;
constexpr int kRun8 = 105;         // then 8 bits of run length
constexpr int kRun16 = 106;        // then 16 bits of run length
constexpr int kValueOffset = 180;  // 107..254: value + 180, for -73..74
constexpr int kMinInline = -73;
constexpr int kMaxInline = 74;
constexpr std::size_t kMaxRun = 0xFFFF;
// A block ends with 1-bits up to the next byte (fewer than 8), but NIST's
// encoder can also leave a whole byte of ones (stored FF 00) after that, and
// NIST's decoder reads any such tail: the all-ones pattern is never a code,
// so up to 15 ones cannot be mistaken for data. 16 or more would need the
// all-ones 16-bit code NIST's decoder cannot handle either, so they stay an
// error.
constexpr std::size_t kMaxPaddingBits = 15;

struct Token {
  std::uint8_t symbol;
  std::uint8_t extra_bits;
  std::uint16_t extra;
};

Token value_token(int value) {
  if (value >= kMinInline && value <= kMaxInline) return {static_cast<std::uint8_t>(value + kValueOffset), 0, 0};
  int magnitude = value < 0 ? -value : value;
  bool wide = magnitude > 255;
  int symbol = value > 0 ? (wide ? kPositive16 : kPositive8) : (wide ? kNegative16 : kNegative8);
  return {static_cast<std::uint8_t>(symbol), static_cast<std::uint8_t>(wide ? 16 : 8),
          static_cast<std::uint16_t>(magnitude)};
}

Token run_token(std::size_t run) {
  if (run <= kMaxRunSymbol) return {static_cast<std::uint8_t>(run), 0, 0};
  if (run <= 255) return {kRun8, 8, static_cast<std::uint16_t>(run)};
  return {kRun16, 16, static_cast<std::uint16_t>(run)};
}

template <typename Sink>
void tokenize(std::span<const std::int16_t> coefficients, Sink&& sink) {
  std::size_t i = 0;
  while (i < coefficients.size()) {
    if (coefficients[i] != 0) {
      sink(value_token(coefficients[i++]));
      continue;
    }
    std::size_t run = 1;
    while (i + run < coefficients.size() && coefficients[i + run] == 0 && run < kMaxRun) ++run;
    sink(run_token(run));
    i += run;
  }
}

struct Code {
  std::uint16_t bits = 0;
  std::uint8_t length = 0;
};

// Canonical code assignment (JPEG Annex C). Returns false when the counts
// need more codes of some length than the code space has.
bool assign_codes(const HuffmanTable& table, std::array<Code, 256>* codes) {
  std::uint32_t code = 0;
  std::size_t next = 0;
  for (int length = 1; length <= 16; ++length) {
    for (int i = 0; i < table.counts[length - 1]; ++i) {
      if (codes)
        (*codes)[table.symbols[next]] = Code{static_cast<std::uint16_t>(code), static_cast<std::uint8_t>(length)};
      ++next;
      ++code;
    }
    if (code > (1u << length)) return false;
    code <<= 1;
  }
  return true;
}

class BitWriter {
 public:
  void put(std::uint32_t bits, int count) {
    buffer_ = buffer_ << count | (bits & ((1u << count) - 1));
    count_ += count;
    while (count_ >= 8) {
      count_ -= 8;
      emit(static_cast<std::uint8_t>(buffer_ >> count_));
    }
  }
  hal::Bytes finish() {
    if (count_ > 0) put(0xFF, 8 - count_);
    return std::move(out_);
  }

 private:
  void emit(std::uint8_t byte) {
    out_.push_back(byte);
    if (byte == 0xFF) out_.push_back(0x00);
  }

  std::uint64_t buffer_ = 0;
  int count_ = 0;
  hal::Bytes out_;
};

// Reads bits MSB first from unstuffed bytes; past the end it reads ones.
class BitReader {
 public:
  explicit BitReader(const hal::Bytes& bytes) : bytes_(bytes) {}

  std::size_t available() const { return bytes_.size() * 8 - consumed_; }
  std::uint32_t peek16() {
    refill();
    return static_cast<std::uint32_t>(buffer_ >> 48);
  }
  std::uint32_t take(int count) {
    refill();
    auto bits = static_cast<std::uint32_t>(buffer_ >> (64 - count));
    buffer_ <<= count;
    count_ -= count;
    consumed_ += std::size_t(count);
    return bits;
  }
  std::size_t byte_offset() const { return consumed_ / 8; }

 private:
  void refill() {
    while (count_ <= 56) {
      std::uint64_t byte = next_ < bytes_.size() ? bytes_[next_] : 0xFF;
      ++next_;
      buffer_ |= byte << (56 - count_);
      count_ += 8;
    }
  }

  const hal::Bytes& bytes_;
  std::size_t next_ = 0;
  std::uint64_t buffer_ = 0;
  int count_ = 0;
  std::size_t consumed_ = 0;
};

// Decodes codes up to kFastBits long with one lookup, longer ones by the
// canonical first-code-per-length walk.
class SymbolDecoder {
 public:
  explicit SymbolDecoder(const HuffmanTable& table) {
    std::array<Code, 256> codes{};
    assign_codes(table, &codes);
    std::uint32_t code = 0;
    std::size_t next = 0;
    for (int length = 1; length <= 16; ++length) {
      first_code_[length] = code;
      first_index_[length] = next;
      count_[length] = table.counts[length - 1];
      for (int i = 0; i < count_[length]; ++i, ++code, ++next) {
        if (length > kFastBits) continue;
        std::uint32_t span = 1u << (kFastBits - length);
        for (std::uint32_t j = 0; j < span; ++j) {
          fast_[(code << (kFastBits - length)) | j] = Entry{table.symbols[next], static_cast<std::uint8_t>(length)};
        }
      }
      code <<= 1;
    }
    symbols_ = table.symbols;
  }

  // The symbol whose code starts `window` (16 bits), and the code's length;
  // length 0 when no code matches.
  std::pair<std::uint8_t, int> decode(std::uint32_t window) const {
    const Entry& e = fast_[window >> (16 - kFastBits)];
    if (e.length != 0) return {e.symbol, e.length};
    for (int length = kFastBits + 1; length <= 16; ++length) {
      std::uint32_t code = window >> (16 - length);
      if (code - first_code_[length] < std::uint32_t(count_[length])) {
        return {symbols_[first_index_[length] + (code - first_code_[length])], length};
      }
    }
    return {0, 0};
  }

 private:
  static constexpr int kFastBits = 10;
  struct Entry {
    std::uint8_t symbol = 0;
    std::uint8_t length = 0;
  };
  std::array<Entry, 1u << kFastBits> fast_{};
  std::array<std::uint32_t, 17> first_code_{};
  std::array<std::size_t, 17> first_index_{};
  std::array<int, 17> count_{};
  std::vector<std::uint8_t> symbols_;
};

hal::Bytes unstuff(hal::ByteView coded) {
  hal::Bytes plain;
  plain.reserve(coded.size());
  for (std::size_t i = 0; i < coded.size(); ++i) {
    plain.push_back(coded[i]);
    if (coded[i] == 0xFF && i + 1 < coded.size() && coded[i + 1] == 0x00) ++i;
  }
  return plain;
}

hal::Error block_corrupt(const std::string& what, std::size_t offset) {
  return hal::make_error(hal::ErrorCode::kCorrupt,
                         "WSQ: " + what + " (byte " + std::to_string(offset) + " of the block's coded data)");
}

// JPEG Annex K.2: code sizes by repeatedly merging the two least frequent
// entries; symbol 256 is a reserved entry of count 1, so the longest code
// left to it (all ones) is never used.
std::array<int, 257> code_sizes(const SymbolCounts& counts) {
  std::array<std::uint64_t, 257> freq{};
  std::copy(counts.begin(), counts.end(), freq.begin());
  freq[256] = 1;
  std::array<int, 257> size{};
  std::array<int, 257> chain;
  chain.fill(-1);
  auto least_except = [&](int skip) {
    int best = -1;
    for (int v = 0; v < 257; ++v) {
      if (v == skip || freq[v] == 0) continue;
      if (best < 0 || freq[v] <= freq[best]) best = v;
    }
    return best;
  };
  while (true) {
    int v1 = least_except(-1);
    int v2 = least_except(v1);
    if (v2 < 0) break;
    freq[v1] += freq[v2];
    freq[v2] = 0;
    for (int v = v1;; v = chain[v]) {
      ++size[v];
      if (chain[v] < 0) {
        chain[v] = v2;
        break;
      }
    }
    for (int v = v2; v >= 0; v = chain[v]) ++size[v];
  }
  return size;
}

}  // namespace

hal::Status HuffmanTable::validate() const {
  std::size_t total = 0;
  for (auto c : counts) total += c;
  if (total != symbols.size() || total > 256) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "WSQ: Huffman table counts " + std::to_string(total) +
                                                         " codes for " + std::to_string(symbols.size()) + " symbols");
  }
  if (!assign_codes(*this, nullptr)) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "WSQ: Huffman table has more codes than its lengths allow");
  }
  return {};
}

void count_symbols(std::span<const std::int16_t> coefficients, SymbolCounts& counts) {
  tokenize(coefficients, [&](Token t) { ++counts[t.symbol]; });
}

HuffmanTable build_table(const SymbolCounts& counts) {
  SymbolCounts used = counts;
  // A table needs one real code even for an empty block.
  if (std::all_of(used.begin(), used.end(), [](std::uint32_t c) { return c == 0; })) used[1] = 1;
  std::array<int, 257> size = code_sizes(used);
  std::array<int, 33> bits{};
  for (int v = 0; v < 257; ++v) {
    if (size[v] > 0) ++bits[std::min(size[v], 32)];
  }
  // JPEG Annex K.3: fold codes longer than 16 bits into shorter lengths.
  for (int i = 32; i > 16; --i) {
    while (bits[i] > 0) {
      int j = i - 2;
      while (bits[j] == 0) --j;
      bits[i] -= 2;
      bits[i - 1] += 1;
      bits[j + 1] += 2;
      bits[j] -= 1;
    }
  }
  int longest = 16;
  while (bits[longest] == 0) --longest;
  bits[longest] -= 1;  // the reserved entry's code

  HuffmanTable table;
  for (int i = 1; i <= 16; ++i) table.counts[i - 1] = static_cast<std::uint8_t>(bits[i]);
  // Symbols in order of code size (shortest first), the reserved one last;
  // the adjusted lengths are handed out along that order.
  std::vector<int> order;
  for (int length = 1; length <= 32; ++length) {
    for (int v = 0; v < 256; ++v) {
      if (size[v] == length) order.push_back(v);
    }
  }
  std::size_t total = 0;
  for (auto c : table.counts) total += c;
  order.resize(total);
  for (int v : order) table.symbols.push_back(static_cast<std::uint8_t>(v));
  return table;
}

hal::Bytes encode_coefficients(std::span<const std::int16_t> coefficients, const HuffmanTable& table) {
  std::array<Code, 256> codes{};
  assign_codes(table, &codes);
  BitWriter writer;
  tokenize(coefficients, [&](Token t) {
    writer.put(codes[t.symbol].bits, codes[t.symbol].length);
    if (t.extra_bits) writer.put(t.extra, t.extra_bits);
  });
  return writer.finish();
}

hal::Status decode_coefficients(hal::ByteView coded, const HuffmanTable& table, std::span<std::int16_t> out,
                                std::size_t* written) {
  hal::Bytes plain = unstuff(coded);
  BitReader reader(plain);
  SymbolDecoder decoder(table);
  std::size_t n = *written;
  auto room = [&](std::size_t count) { return count <= out.size() - n; };
  while (reader.available() > 0) {
    auto [symbol, length] = decoder.decode(reader.peek16());
    if (length == 0 || std::size_t(length) > reader.available()) {
      std::size_t left = reader.available();
      if (left <= kMaxPaddingBits && reader.take(int(left)) == (1u << left) - 1) break;  // padding
      return block_corrupt(length == 0 ? "bits match no Huffman code" : "data ends inside a Huffman code",
                           reader.byte_offset());
    }
    reader.take(length);
    if (symbol >= 1 && symbol <= kMaxRunSymbol) {
      if (!room(symbol)) return block_corrupt("zero run overflows the image", reader.byte_offset());
      std::fill_n(out.begin() + std::ptrdiff_t(n), symbol, std::int16_t{0});
      n += symbol;
      continue;
    }
    if (symbol > kRun16 && symbol < 255) {
      if (!room(1)) return block_corrupt("coefficient overflows the image", reader.byte_offset());
      out[n++] = static_cast<std::int16_t>(symbol - kValueOffset);
      continue;
    }
    if (symbol < kPositive8 || symbol > kRun16) {
      return block_corrupt("symbol " + std::to_string(symbol) + " is not a WSQ symbol", reader.byte_offset());
    }
    int extra_bits = (symbol == kPositive16 || symbol == kNegative16 || symbol == kRun16) ? 16 : 8;
    if (std::size_t(extra_bits) > reader.available())
      return block_corrupt("data ends inside an escape", reader.byte_offset());
    std::uint32_t extra = reader.take(extra_bits);
    if (symbol == kRun8 || symbol == kRun16) {
      if (!room(extra)) return block_corrupt("zero run overflows the image", reader.byte_offset());
      std::fill_n(out.begin() + std::ptrdiff_t(n), extra, std::int16_t{0});
      n += extra;
      continue;
    }
    if (extra > 32767) return block_corrupt("escaped coefficient exceeds 16 bits", reader.byte_offset());
    if (!room(1)) return block_corrupt("coefficient overflows the image", reader.byte_offset());
    bool negative = symbol == kNegative8 || symbol == kNegative16;
    out[n++] = static_cast<std::int16_t>(negative ? -int(extra) : int(extra));
  }
  *written = n;
  return {};
}

}  // namespace station::biometrics::wsq
