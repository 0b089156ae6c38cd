// The WSQ code stream: JPEG-like marker segments. parse_code_stream checks
// the syntax and hands back every table, the frame header and where each
// block's coded data lies; the write_* functions emit one segment each.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "byte_io.hpp"
#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "huffman.hpp"
#include "quantizer.hpp"

namespace station::biometrics::wsq {

enum Marker : std::uint16_t {
  kSoi = 0xFFA0,  // start of image
  kEoi = 0xFFA1,  // end of image
  kSof = 0xFFA2,  // frame header
  kSob = 0xFFA3,  // block header, then coded data
  kDtt = 0xFFA4,  // wavelet filter taps
  kDqt = 0xFFA5,  // quantizer bins
  kDht = 0xFFA6,  // Huffman tables
  kDrt = 0xFFA7,  // restart interval (parsed, never used by WSQ encoders)
  kCom = 0xFFA8,  // comment
};

struct FrameHeader {
  std::uint8_t black = 0;
  std::uint8_t white = 255;
  std::uint16_t height = 0;
  std::uint16_t width = 0;
  double shift = 0;  // pixel = value * scale + shift
  double scale = 1;
  std::uint8_t encoder = 2;    // the spec's encoder algorithm number
  std::uint16_t software = 0;  // implementation number, assigned at certification
};

struct CodedBlock {
  HuffmanTable table;  // the table in force when the block began
  int table_id = 0;
  hal::ByteView coded;  // still byte-stuffed
  std::size_t offset = 0;
};

struct CodeStream {
  FrameHeader frame;
  QuantTable quant;
  std::vector<CodedBlock> blocks;
  std::vector<std::string> comments;
};

// Errors: kCorrupt naming the marker or field and its byte offset (missing
// SOI/SOF/DQT/EOI, segment lengths past the end, undefined Huffman tables,
// bad tables); kUnsupported for filters other than the standard 9/7 pair.
hal::Result<CodeStream> parse_code_stream(hal::ByteView data);

void write_marker(ByteWriter& out, Marker marker);
void write_comment(ByteWriter& out, std::string_view text);
void write_transform_table(ByteWriter& out);
void write_quant_table(ByteWriter& out, const QuantTable& table);
void write_frame_header(ByteWriter& out, const FrameHeader& frame);
void write_huffman_table(ByteWriter& out, int table_id, const HuffmanTable& table);
void write_block_header(ByteWriter& out, int table_id);

// A value the frame header can carry exactly (16-bit scaled number).
double frame_representable(double value);

}  // namespace station::biometrics::wsq
