// The files a simulated card holds when it enters the reader.
#pragma once

#include <cstddef>

#include "file_system.hpp"

namespace card_sim {

// The eMRTD application (ICAO Doc 9303).
inline const hal::Bytes kEmrtdAid{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

// EEPROM for EF content: a 128 KB chip holds an LDS with a face and two
// fingerprints, as the cards card.md describes.
inline constexpr std::size_t kDefaultCapacity = 128 * 1024;

// The development card the driver tests use: MF with EF.DIR (2F00,
// read-only, names the eMRTD application) and EF.CardAccess (011C); the
// eMRTD application with EF.COM, EF.SOD and the data groups already there,
// zero-filled at the sizes card.md gives as typical upper bounds.
FileSystem default_layout(std::size_t capacity = kDefaultCapacity);

// A card as it leaves the factory (card-sim --blank): EF.DIR and an empty
// eMRTD application; personalisation creates every other file.
FileSystem blank_layout(std::size_t capacity = kDefaultCapacity);

}  // namespace card_sim
