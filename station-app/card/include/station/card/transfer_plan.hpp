// How a file's bytes are cut into APDUs for a given reader (card.md): as few
// as the reader allows. Offsets up to 32 767 fit P1-P2 of UPDATE/READ BINARY
// (even INS); beyond, the odd INS (D7/B1) carries the offset in data object
// 54 and the data in 53, whose headers then come out of the APDU's room.
#pragma once

#include <cstddef>
#include <vector>

#include "hal/card_terminal.hpp"

namespace station::card {

// The largest offset P1-P2 can carry (b8 of P1 is the SFI flag).
inline constexpr std::size_t kMaxEvenOffset = 32767;

struct Chunk {
  std::size_t offset = 0;
  std::size_t length = 0;
  bool odd_ins = false;  // offset beyond kMaxEvenOffset: D7/B1 with DO 54/53

  friend bool operator==(const Chunk&, const Chunk&) = default;
};

// What an odd-INS command adds around `length` data bytes: DO 54 holding
// the offset, and the header of DO 53.
std::size_t odd_ins_overhead(std::size_t offset, std::size_t length);

// UPDATE BINARY chunks for `size` bytes with at most `max_command_data` per
// command. Empty when size is 0.
std::vector<Chunk> write_chunks(std::size_t size, std::size_t max_command_data);

// READ BINARY chunks for `size` bytes from offset `start`, with at most
// `max_response_data` per answer (an odd-INS answer's DO 53 header counts).
std::vector<Chunk> read_chunks(std::size_t size, std::size_t max_response_data, std::size_t start = 0);

// The fewest APDUs that can carry `size` bytes at `per_apdu` bytes each,
// ignoring every header: the yardstick for the benchmarks.
std::size_t minimum_apdus(std::size_t size, std::size_t per_apdu);

}  // namespace station::card
