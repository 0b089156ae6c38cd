// Unwrapped data keys kept in memory only, for the few dossiers being worked
// on, so each saved step does not cost a token operation. Bounded; every key
// is wiped when evicted or forgotten.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>

#include "crypto.hpp"

namespace station::store {

class KeyCache {
 public:
  explicit KeyCache(std::size_t capacity) : capacity_(capacity) {}

  const DataKey* find(std::string_view dossier_id) const;
  const DataKey& put(std::string_view dossier_id, DataKey key);
  void forget_all();

 private:
  std::size_t capacity_;
  std::map<std::string, DataKey, std::less<>> keys_;
  std::deque<std::string> order_;  // oldest first
};

}  // namespace station::store
