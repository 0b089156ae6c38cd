// The station's test hooks, all in one module so that no product code path
// holds a test branch (tests/README.md, "Test hooks"). test_hooks.cpp reads
// them from the environment:
//   STATION_TEST_SCANNER=lockstep  the synthetic scanner waits for the station
//                                  to take each frame, so a loaded machine
//                                  loses none;
//   STATION_TEST_KILL_AT=<what>    the process ends with SIGKILL right after
//                                  the enrollment stored <what> ("begin" or a
//                                  step's name), exactly as a power cut would.
// A build configured with -DSTATION_TEST_HOOKS=OFF (a packaged station)
// links test_hooks_off.cpp instead, which reads nothing and changes nothing.
#pragma once

#include <memory>

#include "device_set.hpp"
#include "station/workflow/enrollment_desk.hpp"

namespace station {

// Run on the device set when it is made.
void install_device_hooks(DeviceSet& devices);

// The observer the enrollment desk reports to: `inner`, with the hooks.
std::unique_ptr<workflow::DeskObserver> wrap_desk_observer(workflow::DeskObserver& inner);

}  // namespace station
