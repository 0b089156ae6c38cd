#include "key_cache.hpp"

#include <algorithm>

namespace station::store {

const DataKey* KeyCache::find(std::string_view dossier_id) const {
  auto it = keys_.find(dossier_id);
  return it == keys_.end() ? nullptr : &it->second;
}

const DataKey& KeyCache::put(std::string_view dossier_id, DataKey key) {
  auto it = keys_.find(dossier_id);
  if (it != keys_.end()) {
    it->second = std::move(key);
    return it->second;
  }
  while (keys_.size() >= capacity_ && !order_.empty()) {
    keys_.erase(order_.front());
    order_.pop_front();
  }
  order_.emplace_back(dossier_id);
  return keys_.emplace(std::string(dossier_id), std::move(key)).first->second;
}

void KeyCache::forget_all() {
  keys_.clear();
  order_.clear();
}

}  // namespace station::store
