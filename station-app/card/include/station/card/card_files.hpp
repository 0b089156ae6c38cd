// The card's file system as the station drives it (card.md's command set):
// SELECT, CREATE FILE with an FCP, UPDATE/READ BINARY cut to the reader's
// limits, PUT DATA and GET DATA. Every command is checked: a status word
// other than the expected one is an error naming the command, the file and
// the status word in words. Works over any CardTerminal, so the same code
// reads in plain before the lock and through a SecureChannel after it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hal/card_terminal.hpp"

namespace station::card {

// The objects PUT DATA loads (P1-P2), shared with the simulated card
// (tests/rig/card_sim/put_data_command.hpp) and the access-control code
// (access/put_data.hpp). README.md has the table.
namespace data_object {
inline constexpr std::uint16_t kLifecycle = 0x00C0;  // 01: locked (operational)
inline constexpr std::uint16_t kMrzKey = 0x00C1;
inline constexpr std::uint16_t kCan = 0x00C2;
inline constexpr std::uint16_t kAaPrivateKey = 0x00C3;
inline constexpr std::uint16_t kCaPrivateKey = 0x00C4;
}  // namespace data_object

inline constexpr std::uint8_t kLifecycleLocked = 0x01;

enum class CreateOutcome { kCreated, kAlreadyThere };

class CardFiles {
 public:
  // `terminal` must be connected and outlive this object.
  explicit CardFiles(hal::CardTerminal& terminal);

  // Errors of capabilities().
  hal::Status refresh_capabilities();
  const hal::ReaderCapabilities& capabilities() const { return caps_; }

  hal::Status select_master_file();
  hal::Status select_application();

  // CREATE FILE of a transparent EF of `size` bytes in the current DF; the
  // new EF is then current. kAlreadyThere on 6A89 (nothing selected then).
  // kCardStatus for any other refusal (6A84: the card is full).
  hal::Result<CreateOutcome> create(std::uint16_t fid, std::size_t size, const std::string& name);
  // SELECT with the FCP; returns the size the FCP states (tag 80).
  // kNotFound on 6A82, kProtocol for an FCP without a size.
  hal::Result<std::size_t> select(std::uint16_t fid, const std::string& name);

  // UPDATE BINARY of the whole current EF from offset 0.
  hal::Status write(hal::ByteView content, const std::string& name);
  // READ BINARY of `size` bytes of the current EF from `from`. kCorrupt when
  // the card returns fewer bytes than the file was said to hold.
  hal::Result<hal::Bytes> read(std::size_t size, const std::string& name, std::size_t from = 0);
  // Reads the current EF as a reader does, knowing only that it holds one
  // TLV: a first READ as large as the reader allows, then the rest its
  // length asks for. kCorrupt when it does not start with a TLV, or claims
  // more than kMaxFileSize or more than the card returns.
  hal::Result<hal::Bytes> read_tlv_file(const std::string& name);

  // PUT DATA, chained (CLA 10) when the value does not fit one command.
  hal::Status put_data(std::uint16_t tag, hal::ByteView value, const std::string& name);
  // GET DATA of the lifecycle: nullopt when the card does not say.
  hal::Result<std::optional<std::uint8_t>> lifecycle();

  static constexpr std::size_t kMaxFileSize = 65535;

 private:
  hal::Result<hal::ResponseApdu> send(const hal::CommandApdu& command);
  hal::Result<hal::ResponseApdu> expect_ok(const hal::CommandApdu& command, const std::string& what);

  hal::CardTerminal& terminal_;
  hal::ReaderCapabilities caps_;
};

// "card answered 6A84 (not enough memory space in the file) to CREATE FILE DG2"
hal::Error card_refused(std::uint16_t sw, const std::string& what);

}  // namespace station::card
