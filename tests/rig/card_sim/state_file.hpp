// card-sim --state FILE: what the card remembers, kept in a file so it
// survives the simulator's own restarts, and so tests can compare two cards
// byte for byte. One line per object, in the card's order:
//
//   card-sim-state 1
//   lifecycle personalization|operational
//   mf-ef FID ro|rw CLAIMED|- HEX      an EF of the MF
//   df FID AID                          an application; the ef lines after it are its files
//   ef FID ro|rw CLAIMED|- HEX
//   do TAG HEX                          a PUT DATA object
//
// FID and TAG are four hex digits; CLAIMED is the size the FCP states when
// it differs from the content's (a lying card).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "card_state.hpp"
#include "hal/result.hpp"

namespace card_sim {

std::string serialize_state(const CardState& state);

// kCorrupt naming the line that does not parse.
hal::Result<CardState> parse_state(const std::string& text, std::size_t capacity);

// Written to a temporary file and renamed over `path`, so a reader never
// sees half a card. Errors: kIo.
hal::Result<void> save_state(const CardState& state, const std::filesystem::path& path);

// Errors: kNotFound, kIo, kCorrupt.
hal::Result<CardState> load_state(const std::filesystem::path& path, std::size_t capacity);

}  // namespace card_sim
