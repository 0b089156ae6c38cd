// The parts of an RFC 7512 "pkcs11:" URI that name a signing key.
#pragma once

#include <optional>
#include <string>

#include "image_file.hpp"
#include "outcome.hpp"

namespace fw_sign {

struct Pkcs11Uri {
    std::string token;                 // token label
    std::optional<std::string> serial; // token serial number
    std::optional<std::string> object; // key label
    std::optional<Bytes> id;           // key id (CKA_ID)
    std::string module_path;           // query module-path, empty when absent
};

// Refuses what it does not understand rather than ignoring it (an ignored
// attribute could select another key), and refuses pin-value: a PIN in a
// URI ends up in shell history and in the process list.
Outcome<Pkcs11Uri> parse_pkcs11_uri(const std::string& text);

}  // namespace fw_sign
