#include "station/card/status_words.hpp"

#include <cstdio>

namespace station::card {

namespace {

const char* fixed_meaning(std::uint16_t sw) {
  switch (sw) {
    case 0x9000: return "success";
    case 0x6281: return "part of returned data may be corrupted";
    case 0x6282: return "end of file reached before Ne bytes";
    case 0x6581: return "memory failure";
    case 0x6700: return "wrong length";
    case 0x6882: return "secure messaging not supported";
    case 0x6982: return "security status not satisfied";
    case 0x6983: return "authentication method blocked";
    case 0x6984: return "reference data not usable";
    case 0x6985: return "conditions of use not satisfied";
    case 0x6986: return "command not allowed (no current EF)";
    case 0x6987: return "expected secure messaging data objects missing";
    case 0x6988: return "incorrect secure messaging data objects";
    case 0x6A80: return "incorrect parameters in the data field";
    case 0x6A81: return "function not supported";
    case 0x6A82: return "file or application not found";
    case 0x6A84: return "not enough memory space in the file";
    case 0x6A86: return "incorrect parameters P1-P2";
    case 0x6A88: return "referenced data not found";
    case 0x6A89: return "file already exists";
    case 0x6B00: return "wrong parameters (offset outside the EF)";
    case 0x6D00: return "instruction not supported";
    case 0x6E00: return "class not supported";
    case 0x6F00: return "no precise diagnosis";
    default: return nullptr;
  }
}

}  // namespace

std::string describe_status(std::uint16_t sw) {
  char code[8];
  std::snprintf(code, sizeof code, "%04X", sw);
  std::string text = code;
  const std::uint8_t sw1 = static_cast<std::uint8_t>(sw >> 8);
  const std::uint8_t sw2 = static_cast<std::uint8_t>(sw & 0xFF);
  if (const char* meaning = fixed_meaning(sw)) return text + " " + meaning;
  if (sw1 == 0x61) return text + " " + std::to_string(sw2) + " more bytes available";
  if (sw1 == 0x6C) return text + " wrong Le, exact length is " + std::to_string(sw2);
  if (sw1 == 0x63 && (sw2 & 0xF0) == 0xC0) {
    return text + " verification failed, " + std::to_string(sw2 & 0x0F) + " tries left";
  }
  return text + " unknown status";
}

}  // namespace station::card
