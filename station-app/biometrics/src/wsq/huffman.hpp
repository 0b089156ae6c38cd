// Entropy coding of WSQ's quantized coefficients: runs of zeros and values
// become symbols (with escapes for big ones), symbols become JPEG-style
// canonical Huffman codes, and the bit stream is byte-stuffed (FF -> FF 00).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::biometrics::wsq {

// What a DHT segment carries for one table.
struct HuffmanTable {
  std::array<std::uint8_t, 16> counts{};  // codes of length 1..16
  std::vector<std::uint8_t> symbols;      // in code order

  // ok, or kCorrupt when the counts overfill the code space or disagree
  // with the number of symbols.
  hal::Status validate() const;
};

using SymbolCounts = std::array<std::uint32_t, 256>;

// Adds the symbols `coefficients` code to into `counts`.
void count_symbols(std::span<const std::int16_t> coefficients, SymbolCounts& counts);

// An optimal table for `counts`, limited to 16-bit codes and never using the
// all-ones code (so padding can't be mistaken for data).
HuffmanTable build_table(const SymbolCounts& counts);

// The coded bytes of `coefficients` (stuffed, padded with ones to a byte).
hal::Bytes encode_coefficients(std::span<const std::int16_t> coefficients, const HuffmanTable& table);

// Decodes one block's entropy-coded bytes (still stuffed) into `out` from
// `*written` on, advancing it. Errors: kCorrupt naming what broke and the
// byte offset within the block, or the block overflowing `out`.
hal::Status decode_coefficients(hal::ByteView coded, const HuffmanTable& table, std::span<std::int16_t> out,
                                std::size_t* written);

}  // namespace station::biometrics::wsq
