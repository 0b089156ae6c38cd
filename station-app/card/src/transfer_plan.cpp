#include "station/card/transfer_plan.hpp"

#include <algorithm>

namespace station::card {

namespace {

std::size_t length_octets(std::size_t length) { return length < 0x80 ? 1 : length < 0x100 ? 2 : 3; }
// The header of DO 53 holding `length` bytes.
std::size_t data_object_header(std::size_t length) { return 1 + length_octets(length); }
std::size_t offset_octets(std::size_t offset) { return offset < 0x100 ? 1 : offset < 0x10000 ? 2 : 3; }

// The most data an odd-INS APDU at `offset` carries within `room` bytes: a
// command also carries DO 54, an answer only DO 53.
std::size_t odd_payload(std::size_t offset, std::size_t room, bool command) {
  std::size_t n = room;
  auto overhead = [&](std::size_t length) {
    return command ? odd_ins_overhead(offset, length) : data_object_header(length);
  };
  while (n > 0 && n + overhead(n) > room) --n;
  return n;
}

std::vector<Chunk> chunks(std::size_t start, std::size_t size, std::size_t room, bool command) {
  std::vector<Chunk> out;
  for (std::size_t at = start; at < start + size;) {
    Chunk c{at, 0, at > kMaxEvenOffset};
    c.length = std::min(start + size - at, c.odd_ins ? odd_payload(at, room, command) : room);
    if (c.length == 0) break;  // no room at all: the caller's limits are wrong
    out.push_back(c);
    at += c.length;
  }
  return out;
}

}  // namespace

std::size_t odd_ins_overhead(std::size_t offset, std::size_t length) {
  return 2 + offset_octets(offset) + data_object_header(length);
}

std::vector<Chunk> write_chunks(std::size_t size, std::size_t max_command_data) {
  return chunks(0, size, max_command_data, true);
}

std::vector<Chunk> read_chunks(std::size_t size, std::size_t max_response_data, std::size_t start) {
  return chunks(start, size, max_response_data, false);
}

std::size_t minimum_apdus(std::size_t size, std::size_t per_apdu) {
  return per_apdu == 0 ? 0 : (size + per_apdu - 1) / per_apdu;
}

}  // namespace station::card
