// How `station firmware flash` shows a transfer on stderr (stdout stays the
// command's result): a bar redrawn in place on a terminal, or a plain line
// at each tenth for a log or a pipe.
#pragma once

#include <cstddef>

#include "hal/scanner_updater.hpp"

namespace station {

class FlashProgress {
 public:
  FlashProgress();
  void operator()(const hal::DownloadProgress& p);

 private:
  bool tty_;
  int last_tenth_ = -1;
};

}  // namespace station
