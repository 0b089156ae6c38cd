// ISO/IEC 7816-4 status words the simulated card answers (section 5.6).
#pragma once

#include <cstdint>

namespace card_sim::sw {

inline constexpr std::uint16_t kOk = 0x9000;
inline constexpr std::uint16_t kEndOfFileBeforeNe = 0x6282;
inline constexpr std::uint16_t kWrongLength = 0x6700;
inline constexpr std::uint16_t kLogicalChannelNotSupported = 0x6881;
inline constexpr std::uint16_t kSecureMessagingNotSupported = 0x6882;
inline constexpr std::uint16_t kLastCommandOfChainExpected = 0x6883;
inline constexpr std::uint16_t kChainingNotSupported = 0x6884;
inline constexpr std::uint16_t kSecurityStatusNotSatisfied = 0x6982;
inline constexpr std::uint16_t kConditionsNotSatisfied = 0x6985;
inline constexpr std::uint16_t kNoCurrentEf = 0x6986;
inline constexpr std::uint16_t kIncorrectData = 0x6A80;
inline constexpr std::uint16_t kFunctionNotSupported = 0x6A81;
inline constexpr std::uint16_t kFileNotFound = 0x6A82;
inline constexpr std::uint16_t kNotEnoughMemory = 0x6A84;
inline constexpr std::uint16_t kReferencedDataNotFound = 0x6A88;
inline constexpr std::uint16_t kFileAlreadyExists = 0x6A89;
inline constexpr std::uint16_t kIncorrectP1P2 = 0x6A86;
inline constexpr std::uint16_t kWrongOffset = 0x6B00;
inline constexpr std::uint16_t kInsNotSupported = 0x6D00;
inline constexpr std::uint16_t kClaNotSupported = 0x6E00;

// 61xx and 6Cxx carry a length in SW2; 00 stands for 256.
inline constexpr std::uint8_t kMoreDataSw1 = 0x61;
inline constexpr std::uint8_t kWrongLeSw1 = 0x6C;

}  // namespace card_sim::sw
