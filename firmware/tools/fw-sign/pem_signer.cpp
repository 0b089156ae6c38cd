// A key file through OpenSSL: PEM, Ed25519 only.
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <memory>

#include "signer.hpp"

namespace fw_sign {
namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct FileClose {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string openssl_reason() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "no further detail from OpenSSL";
    }
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

class PemSigner final : public Signer {
public:
    explicit PemSigner(EVP_PKEY* key) : key_(key) {}

    Outcome<PublicKey> public_key() override {
        PublicKey out{};
        std::size_t length = out.size();
        if (EVP_PKEY_get_raw_public_key(key_.get(), out.data(), &length) != 1 || length != out.size()) {
            return Error{"cannot read the public half of the key: " + openssl_reason()};
        }
        return out;
    }

    Outcome<Signature> sign(const Bytes& message) override {
        const std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
        Signature out{};
        std::size_t length = out.size();
        if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
            EVP_DigestSign(ctx.get(), out.data(), &length, message.data(), message.size()) != 1 ||
            length != out.size()) {
            return Error{"OpenSSL could not sign: " + openssl_reason()};
        }
        return out;
    }

private:
    std::unique_ptr<EVP_PKEY, PkeyFree> key_;
};

}  // namespace

Outcome<std::unique_ptr<Signer>> open_pem_signer(const std::string& path) {
    const std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        return Error{"cannot open key file '" + path + "'"};
    }
    // No passphrase callback: an encrypted key fails here instead of
    // prompting, and the message says so.
    EVP_PKEY* key = PEM_read_PrivateKey(file.get(), nullptr, nullptr, const_cast<char*>(""));
    if (key == nullptr) {
        return Error{"'" + path + "' is not an unencrypted PEM private key: " + openssl_reason()};
    }
    const int type = EVP_PKEY_get_id(key);
    if (type != EVP_PKEY_ED25519) {
        EVP_PKEY_free(key);
        return Error{"'" + path + "' holds a key of type " + std::string(OBJ_nid2sn(type)) +
                     ", not Ed25519, which firmware images are signed with (openssl genpkey -algorithm ed25519)"};
    }
    return std::unique_ptr<Signer>(std::make_unique<PemSigner>(key));
}

}  // namespace fw_sign
