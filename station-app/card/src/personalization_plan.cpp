#include "station/card/personalization_plan.hpp"

#include <algorithm>

#include "station/card/access/secure_messaging.hpp"

namespace station::card {

namespace {

std::size_t put_data_count(const CardImage& image, std::size_t max_command_data) {
  std::size_t count = 1;  // the lock
  for (const auto& secret : image.secrets) {
    count += std::max<std::size_t>(1, minimum_apdus(secret.value.size(), max_command_data));
  }
  return count;
}

}  // namespace

PersonalizationPlan plan_personalization(const CardImage& image, const hal::ReaderCapabilities& caps) {
  PersonalizationPlan plan;
  // PACE gives AES secure messaging; its padding and MAC come out of each APDU.
  const std::size_t secured_response =
      access::SmSession::max_plain_data(access::BlockCipher::kAes128, caps.max_response_data);
  plan.put_data_commands = put_data_count(image, caps.max_command_data);
  plan.apdus = plan.minimum_apdus =
      kSessionCommands + plan.put_data_commands + kReaderOpeningCommands + kActiveAuthenticationCommands;
  for (const auto& f : image.files) {
    const bool read_back = !info(f.file).in_master_file;
    PlannedFile p{f.file, f.content.size(), write_chunks(f.content.size(), caps.max_command_data),
                  read_back ? read_chunks(f.content.size(), secured_response) : std::vector<Chunk>{}};
    const std::size_t selects = read_back ? 1 : 0;
    plan.apdus += 1 + p.writes.size() + selects + p.reads.size();
    plan.minimum_apdus += 1 + minimum_apdus(p.size, caps.max_command_data) + selects +
                          (read_back ? minimum_apdus(p.size, caps.max_response_data) : 0);
    plan.files.push_back(std::move(p));
  }
  return plan;
}

}  // namespace station::card
