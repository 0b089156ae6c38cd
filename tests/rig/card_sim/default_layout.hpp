// The files a fresh simulated card holds before personalisation.
#pragma once

#include "file_system.hpp"

namespace card_sim {

// The eMRTD application (ICAO Doc 9303).
inline const hal::Bytes kEmrtdAid{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

// MF: EF.DIR (2F00, read-only, names the eMRTD application) and
// EF.CardAccess (011C). The eMRTD application: EF.COM, EF.SOD and the data
// groups, zero-filled at the sizes card.md gives as typical upper bounds.
FileSystem default_layout();

}  // namespace card_sim
