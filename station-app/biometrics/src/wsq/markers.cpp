#include "markers.hpp"

#include <cmath>
#include <cstdio>

#include "scaled_number.hpp"
#include "wavelet.hpp"

namespace station::biometrics::wsq {

namespace {

constexpr int kMaxHuffmanTables = 8;
constexpr double kFilterTolerance = 1e-6;

std::string hex16(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "%04X", value);
  return text;
}

std::string marker_name(std::uint16_t marker) {
  switch (marker) {
    case kSoi:
      return "SOI";
    case kEoi:
      return "EOI";
    case kSof:
      return "SOF";
    case kSob:
      return "SOB";
    case kDtt:
      return "DTT";
    case kDqt:
      return "DQT";
    case kDht:
      return "DHT";
    case kDrt:
      return "DRT";
    case kCom:
      return "COM";
    default:
      return "marker " + hex16(marker);
  }
}

double read_scaled16(ByteReader& in, std::string_view field) {
  std::uint8_t exponent = in.u8(field);
  std::uint16_t integer = in.u16(field);
  return ScaledNumber{exponent, integer}.value();
}

void write_scaled16(ByteWriter& out, double value) {
  ScaledNumber n = to_scaled(value, kScaled16);
  out.u8(n.exponent);
  out.u16(static_cast<std::uint16_t>(n.integer));
}

class StreamParser {
 public:
  explicit StreamParser(hal::ByteView data) : data_(data), in_(data, "WSQ") {}

  hal::Result<CodeStream> parse() {
    if (in_.u16("SOI marker") != kSoi) return in_.corrupt_at(0, "the SOI marker (FFA0) is missing");
    while (true) {
      std::size_t at = in_.offset();
      std::uint16_t marker = in_.u16("marker");
      if (in_.failed()) return in_.corrupt("the data ends before the EOI marker (FFA1)");
      if (marker == kEoi) break;
      HAL_TRY(segment(marker, at));
    }
    if (!frame_seen_) return in_.corrupt("no SOF frame header before EOI");
    if (stream_.blocks.empty()) return in_.corrupt("no SOB block before EOI");
    return std::move(stream_);
  }

 private:
  hal::Status segment(std::uint16_t marker, std::size_t at) {
    switch (marker) {
      case kDtt:
        return with_body(marker, at, [&](ByteReader& b) { return transform_table(b, at); });
      case kDqt:
        return with_body(marker, at, [&](ByteReader& b) { return quant_table(b); });
      case kDht:
        return with_body(marker, at, [&](ByteReader& b) { return huffman_tables(b, at); });
      case kDrt:
        return with_body(marker, at, [&](ByteReader& b) {
          b.u16("DRT interval");
          return b.status();
        });
      case kCom:
        return with_body(marker, at, [&](ByteReader& b) { return comment(b); });
      case kSof:
        return with_body(marker, at, [&](ByteReader& b) { return frame_header(b, at); });
      case kSob:
        return block(at);
      default:
        return in_.corrupt_at(at, "unexpected " + marker_name(marker));
    }
  }

  // Hands the segment's body (after its length field) to `parse_body`.
  template <typename ParseBody>
  hal::Status with_body(std::uint16_t marker, std::size_t at, ParseBody parse_body) {
    std::uint16_t length = in_.u16("segment length");
    if (in_.failed()) return in_.corrupt_at(at, marker_name(marker) + " segment has no length");
    if (length < 2 || std::size_t(length - 2) > in_.remaining()) {
      return in_.corrupt_at(
          at, marker_name(marker) + " segment length " + std::to_string(length) + " runs past the end of the data");
    }
    std::size_t body_at = in_.offset();
    ByteReader body(in_.take(length - 2u, "segment"), "WSQ " + marker_name(marker), body_at);
    HAL_TRY(parse_body(body));
    return body.status();
  }

  hal::Status transform_table(ByteReader& b, std::size_t at) {
    int low_taps = b.u8("lowpass size");
    int high_taps = b.u8("highpass size");
    HAL_TRY(b.status());
    if (low_taps != 9 || high_taps != 7) {
      return hal::make_error(hal::ErrorCode::kUnsupported,
                             "WSQ: DTT at offset " + std::to_string(at) + " has " + std::to_string(low_taps) + "/" +
                                 std::to_string(high_taps) + "-tap filters; only the standard 9/7 pair is supported");
    }
    for (int i = 0; i < 9; ++i) {
      bool low = i < 5;
      std::uint8_t negative = b.u8("filter tap sign");
      std::uint8_t exponent = b.u8("filter tap exponent");
      std::uint32_t integer = b.u32("filter tap");
      HAL_TRY(b.status());
      double tap = ScaledNumber{exponent, integer}.value() * (negative ? -1 : 1);
      double standard = low ? kLowpassTaps[i] : kHighpassTaps[i - 5];
      if (std::fabs(tap - standard) > kFilterTolerance) {
        return hal::make_error(hal::ErrorCode::kUnsupported,
                               "WSQ: DTT at offset " + std::to_string(at) + " holds " + (low ? "lowpass" : "highpass") +
                                   " tap " + std::to_string(tap) + " where the standard filter has " +
                                   std::to_string(standard));
      }
    }
    return {};
  }

  hal::Status quant_table(ByteReader& b) {
    QuantTable table;
    table.bin_center = read_scaled16(b, "bin center");
    for (int k = 0; k < kTableSubbands; ++k) {
      table.bin[k] = read_scaled16(b, "quantizer bin");
      table.zero_bin[k] = read_scaled16(b, "zero bin");
    }
    // Subbands 60-63 are never coded, whatever the table says.
    for (int k = kCodedSubbands; k < kTableSubbands; ++k) table.bin[k] = 0;
    stream_.quant = table;
    quant_seen_ = true;
    return {};
  }

  hal::Status huffman_tables(ByteReader& b, std::size_t at) {
    do {
      int id = b.u8("Huffman table id");
      HuffmanTable table;
      std::size_t total = 0;
      for (auto& count : table.counts) total += count = b.u8("Huffman code counts");
      hal::ByteView symbols = b.take(total, "Huffman symbols");
      HAL_TRY(b.status());
      if (id >= kMaxHuffmanTables) {
        return in_.corrupt_at(at, "DHT defines table " + std::to_string(id) + "; ids run 0-7");
      }
      table.symbols.assign(symbols.begin(), symbols.end());
      auto valid = table.validate();
      if (!valid) return in_.corrupt_at(at, "DHT table " + std::to_string(id) + ": " + valid.error().message);
      huffman_[id] = std::move(table);
    } while (b.remaining() > 0);
    return {};
  }

  hal::Status comment(ByteReader& b) {
    hal::ByteView text = b.take(b.remaining(), "comment");
    stream_.comments.emplace_back(text.begin(), text.end());
    return {};
  }

  hal::Status frame_header(ByteReader& b, std::size_t at) {
    if (frame_seen_) return in_.corrupt_at(at, "a second SOF frame header");
    FrameHeader& f = stream_.frame;
    f.black = b.u8("black");
    f.white = b.u8("white");
    f.height = b.u16("height");
    f.width = b.u16("width");
    f.shift = read_scaled16(b, "shift");
    f.scale = read_scaled16(b, "scale");
    f.encoder = b.u8("encoder");
    f.software = b.u16("software");
    HAL_TRY(b.status());
    if (f.width == 0 || f.height == 0) {
      return in_.corrupt_at(
          at, "SOF gives an empty image (" + std::to_string(f.width) + "x" + std::to_string(f.height) + ")");
    }
    frame_seen_ = true;
    return {};
  }

  hal::Status block(std::size_t at) {
    if (!frame_seen_) return in_.corrupt_at(at, "SOB before the SOF frame header");
    if (!quant_seen_) return in_.corrupt_at(at, "SOB before any DQT quantization table");
    std::uint16_t length = in_.u16("SOB length");
    std::uint8_t id = in_.u8("SOB table id");
    if (in_.failed()) return in_.status();
    if (length != 3) return in_.corrupt_at(at, "SOB length is " + std::to_string(length) + ", not 3");
    if (id >= kMaxHuffmanTables || !huffman_[id]) {
      return in_.corrupt_at(at, "SOB uses Huffman table " + std::to_string(id) + ", which no DHT defined");
    }
    std::size_t begin = in_.offset();
    std::size_t end = begin;
    // Coded data runs to the next marker; FF 00 inside it is a stuffed FF.
    while (end < data_.size() && !(data_[end] == 0xFF && end + 1 < data_.size() && data_[end + 1] != 0x00)) ++end;
    if (end >= data_.size()) return in_.corrupt_at(at, "block data runs to the end without a marker");
    in_.take(end - begin, "block data");
    stream_.blocks.push_back(CodedBlock{*huffman_[id], id, data_.subspan(begin, end - begin), begin});
    return {};
  }

  hal::ByteView data_;
  ByteReader in_;
  CodeStream stream_;
  std::array<std::optional<HuffmanTable>, kMaxHuffmanTables> huffman_;
  bool frame_seen_ = false;
  bool quant_seen_ = false;
};

}  // namespace

hal::Result<CodeStream> parse_code_stream(hal::ByteView data) { return StreamParser(data).parse(); }

double frame_representable(double value) { return to_scaled(value, kScaled16).value(); }

void write_marker(ByteWriter& out, Marker marker) { out.u16(marker); }

void write_comment(ByteWriter& out, std::string_view text) {
  write_marker(out, kCom);
  out.u16(static_cast<std::uint16_t>(text.size() + 2));
  out.append(text);
}

void write_transform_table(ByteWriter& out) {
  write_marker(out, kDtt);
  out.u16(58);
  out.u8(9);
  out.u8(7);
  auto tap = [&](double value) {
    ScaledNumber n = to_scaled(std::fabs(value), kScaled32);
    out.u8(value < 0 ? 1 : 0);
    out.u8(n.exponent);
    out.u32(n.integer);
  };
  for (double t : kLowpassTaps) tap(t);
  for (double t : kHighpassTaps) tap(t);
}

void write_quant_table(ByteWriter& out, const QuantTable& table) {
  write_marker(out, kDqt);
  out.u16(2 + 3 + kTableSubbands * 6);
  write_scaled16(out, table.bin_center);
  for (int k = 0; k < kTableSubbands; ++k) {
    write_scaled16(out, table.bin[k]);
    write_scaled16(out, table.zero_bin[k]);
  }
}

void write_frame_header(ByteWriter& out, const FrameHeader& f) {
  write_marker(out, kSof);
  out.u16(17);
  out.u8(f.black);
  out.u8(f.white);
  out.u16(f.height);
  out.u16(f.width);
  write_scaled16(out, f.shift);
  write_scaled16(out, f.scale);
  out.u8(f.encoder);
  out.u16(f.software);
}

void write_huffman_table(ByteWriter& out, int table_id, const HuffmanTable& table) {
  write_marker(out, kDht);
  out.u16(static_cast<std::uint16_t>(2 + 1 + 16 + table.symbols.size()));
  out.u8(static_cast<std::uint8_t>(table_id));
  for (auto c : table.counts) out.u8(c);
  out.append(hal::ByteView(table.symbols));
}

void write_block_header(ByteWriter& out, int table_id) {
  write_marker(out, kSob);
  out.u16(3);
  out.u8(static_cast<std::uint8_t>(table_id));
}

}  // namespace station::biometrics::wsq
