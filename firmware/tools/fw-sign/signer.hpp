// Where the Ed25519 private key lives: a PEM file or a PKCS#11 token.
#pragma once

#include <memory>
#include <string>

#include "image_file.hpp"
#include "outcome.hpp"

namespace fw_sign {

class Signer {
public:
    virtual ~Signer() = default;
    virtual Outcome<PublicKey> public_key() = 0;
    // Pure Ed25519 (RFC 8032, no pre-hash, no context) over `message`.
    virtual Outcome<Signature> sign(const Bytes& message) = 0;
};

Outcome<std::unique_ptr<Signer>> open_pem_signer(const std::string& path);

struct TokenOptions {
    std::string uri;          // RFC 7512 pkcs11: URI naming token and key
    std::string module_path;  // overrides the URI's module-path
    std::string pin_file;     // empty: the PIN is read from standard input
};
Outcome<std::unique_ptr<Signer>> open_token_signer(const TokenOptions& options);

}  // namespace fw_sign
