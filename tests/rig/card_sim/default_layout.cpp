#include "default_layout.hpp"

namespace card_sim {

namespace {

ElementaryFile blank(std::uint16_t fid, std::size_t size) { return {fid, hal::Bytes(size, 0x00), true, {}}; }

ElementaryFile ef_dir() {
  // Application template 61 holding the AID (4F): how a reader discovers the
  // application without knowing its AID.
  hal::Bytes content{0x61, static_cast<std::uint8_t>(2 + kEmrtdAid.size()), 0x4F,
                     static_cast<std::uint8_t>(kEmrtdAid.size())};
  content.insert(content.end(), kEmrtdAid.begin(), kEmrtdAid.end());
  return {0x2F00, content, false, {}};
}

}  // namespace

FileSystem default_layout(std::size_t capacity) {
  std::vector<ElementaryFile> master{ef_dir(), blank(0x011C, 256)};
  DedicatedFile emrtd{0,
                      kEmrtdAid,
                      {
                          blank(0x011E, 64),     // EF.COM
                          blank(0x0101, 128),    // DG1
                          blank(0x0102, 32768),  // DG2
                          blank(0x0103, 16384),  // DG3
                          blank(0x010D, 2048),   // DG13
                          blank(0x010E, 1024),   // DG14
                          blank(0x010F, 512),    // DG15
                          blank(0x011D, 4096),   // EF.SOD
                      }};
  return FileSystem(std::move(master), {std::move(emrtd)}, capacity);
}

FileSystem blank_layout(std::size_t capacity) {
  return FileSystem({ef_dir()}, {DedicatedFile{0, kEmrtdAid, {}}}, capacity);
}

}  // namespace card_sim
