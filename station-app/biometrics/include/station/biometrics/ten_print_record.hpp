// A finished ten-print session as an ANSI/NIST-ITL 1-2011 transaction: a
// Type-14 record per captured finger (WSQ at 500 ppi, impression "live-scan
// rolled"), and a Type-2 record listing the missing fingers and every
// supervisor's decision. See README.md for the fields.
#pragma once

#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/biometrics/an2.hpp"
#include "station/biometrics/ten_print_session.hpp"

namespace station::biometrics {

struct TenPrintRecordOptions {
  an2::TransactionHeader header;  // TOT, DAT, agencies, TCN ...
  std::string source_agency;      // 14.004 SRC
  std::string capture_date;       // 14.005 FCD, YYYYMMDD
  double wsq_bitrate = 0.75;
};

// Errors: kFailedPrecondition (the session is not complete), and those of
// the WSQ encoder and the transaction writer (kInvalidArgument).
hal::Result<hal::Bytes> encode_ten_print(const TenPrintSession& session, const TenPrintRecordOptions& options);

}  // namespace station::biometrics
