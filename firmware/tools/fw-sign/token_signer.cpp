// A key on a PKCS#11 token, through the module itself (dlopen, C_Sign with
// CKM_EDDSA). OpenSSL's pkcs11 engine (libp11 0.4.12 in Debian 12) finds no
// Ed25519 key on a token ("object not found"), so it cannot do this.
#include <dlfcn.h>
#include <openssl/crypto.h>
#include <p11-kit/pkcs11.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "pin.hpp"
#include "pkcs11_uri.hpp"
#include "signer.hpp"

namespace fw_sign {
namespace {

constexpr const char* kDefaultModule = "/usr/lib/softhsm/libsofthsm2.so";

std::string rv_name(CK_RV rv) {
    switch (rv) {
        case CKR_PIN_INCORRECT: return "CKR_PIN_INCORRECT";
        case CKR_PIN_LOCKED: return "CKR_PIN_LOCKED";
        case CKR_PIN_LEN_RANGE: return "CKR_PIN_LEN_RANGE";
        case CKR_MECHANISM_INVALID: return "CKR_MECHANISM_INVALID";
        case CKR_KEY_TYPE_INCONSISTENT: return "CKR_KEY_TYPE_INCONSISTENT";
        case CKR_TOKEN_NOT_PRESENT: return "CKR_TOKEN_NOT_PRESENT";
        case CKR_USER_NOT_LOGGED_IN: return "CKR_USER_NOT_LOGGED_IN";
        default: break;
    }
    char hex[32];
    std::snprintf(hex, sizeof hex, "CKR 0x%lx", static_cast<unsigned long>(rv));
    return hex;
}

// A blank-padded fixed-width PKCS#11 string, trimmed.
std::string trimmed(const CK_UTF8CHAR* text, std::size_t width) {
    std::string s(reinterpret_cast<const char*>(text), width);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) {
        s.pop_back();
    }
    return s;
}

// The loaded module, initialised; finalised and unloaded on destruction.
class Module {
public:
    static Outcome<std::shared_ptr<Module>> load(const std::string& path) {
        // RTLD_NODELETE keeps the module mapped after dlclose, so a leak inside it
        // is still attributed to it (and its static state is not torn down twice).
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (handle == nullptr) {
            return Error{"cannot load the PKCS#11 module '" + path + "': " + dlerror()};
        }
        auto get_list = reinterpret_cast<CK_C_GetFunctionList>(dlsym(handle, "C_GetFunctionList"));
        CK_FUNCTION_LIST_PTR functions = nullptr;
        if (get_list == nullptr || get_list(&functions) != CKR_OK || functions == nullptr) {
            dlclose(handle);
            return Error{"'" + path + "' is not a PKCS#11 module (no C_GetFunctionList)"};
        }
        const CK_RV rv = functions->C_Initialize(nullptr);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            dlclose(handle);
            return Error{"the PKCS#11 module '" + path + "' failed to initialise (" + rv_name(rv) + ")"};
        }
        return std::shared_ptr<Module>(new Module(handle, functions));
    }
    ~Module() {
        f_->C_Finalize(nullptr);
        dlclose(handle_);
    }
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;
    CK_FUNCTION_LIST_PTR operator->() const { return f_; }

private:
    Module(void* handle, CK_FUNCTION_LIST_PTR f) : handle_(handle), f_(f) {}
    void* handle_;
    CK_FUNCTION_LIST_PTR f_;
};

Outcome<CK_SLOT_ID> find_token(Module& m, const Pkcs11Uri& uri) {
    CK_ULONG count = 0;
    if (m->C_GetSlotList(CK_TRUE, nullptr, &count) != CKR_OK) {
        return Error{"the PKCS#11 module cannot list its tokens"};
    }
    std::vector<CK_SLOT_ID> slots(count);
    if (count != 0 && m->C_GetSlotList(CK_TRUE, slots.data(), &count) != CKR_OK) {
        return Error{"the PKCS#11 module cannot list its tokens"};
    }
    std::vector<CK_SLOT_ID> matches;
    std::string present;
    for (CK_ULONG i = 0; i < count; ++i) {
        CK_TOKEN_INFO info{};
        if (m->C_GetTokenInfo(slots[i], &info) != CKR_OK) {
            continue;
        }
        const std::string label = trimmed(info.label, sizeof info.label);
        present += (present.empty() ? "'" : ", '") + label + "'";
        if (label == uri.token && (!uri.serial || *uri.serial == trimmed(info.serialNumber, sizeof info.serialNumber))) {
            matches.push_back(slots[i]);
        }
    }
    if (matches.empty()) {
        return Error{"no token '" + uri.token + "' in the PKCS#11 module (tokens present: " +
                     (present.empty() ? std::string("none") : present) + ")"};
    }
    if (matches.size() > 1) {
        return Error{"several tokens are labelled '" + uri.token + "': add serial= to the pkcs11 URI"};
    }
    return matches.front();
}

class TokenSigner final : public Signer {
public:
    TokenSigner(std::shared_ptr<Module> module, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE key, PublicKey pub)
        : module_(std::move(module)), session_(session), key_(key), public_key_(pub) {}
    ~TokenSigner() override {
        (*module_)->C_Logout(session_);
        (*module_)->C_CloseSession(session_);
    }
    TokenSigner(const TokenSigner&) = delete;
    TokenSigner& operator=(const TokenSigner&) = delete;

    Outcome<PublicKey> public_key() override { return public_key_; }

    Outcome<Signature> sign(const Bytes& message) override {
        CK_MECHANISM mechanism{CKM_EDDSA, nullptr, 0};  // pure Ed25519: no parameters
        CK_RV rv = (*module_)->C_SignInit(session_, &mechanism, key_);
        if (rv != CKR_OK) {
            return Error{"the token cannot start an Ed25519 signature (C_SignInit: " + rv_name(rv) + ")"};
        }
        Signature out{};
        CK_ULONG length = out.size();
        Bytes data = message;  // C_Sign takes a non-const pointer
        rv = (*module_)->C_Sign(session_, data.data(), data.size(), out.data(), &length);
        if (rv != CKR_OK || length != out.size()) {
            return Error{"the token failed to sign (C_Sign: " + rv_name(rv) + ")"};
        }
        return out;
    }

private:
    std::shared_ptr<Module> module_;
    CK_SESSION_HANDLE session_;
    CK_OBJECT_HANDLE key_;
    PublicKey public_key_;
};

// The one object of `cls` that the URI names, and an Ed25519 key.
Outcome<CK_OBJECT_HANDLE> find_key(Module& m, CK_SESSION_HANDLE session, const Pkcs11Uri& uri, CK_OBJECT_CLASS cls) {
    CK_KEY_TYPE type = CKK_EC_EDWARDS;
    std::vector<CK_ATTRIBUTE> match = {{CKA_CLASS, &cls, sizeof cls}, {CKA_KEY_TYPE, &type, sizeof type}};
    std::string label = uri.object.value_or("");
    Bytes id = uri.id.value_or(Bytes{});
    if (uri.object) {
        match.push_back({CKA_LABEL, label.data(), label.size()});
    }
    if (uri.id) {
        match.push_back({CKA_ID, id.data(), id.size()});
    }
    CK_OBJECT_HANDLE found[2];
    CK_ULONG count = 0;
    if (m->C_FindObjectsInit(session, match.data(), match.size()) != CKR_OK) {
        return Error{"the token cannot search its objects"};
    }
    m->C_FindObjects(session, found, 2, &count);
    m->C_FindObjectsFinal(session);
    const char* what = cls == CKO_PRIVATE_KEY ? "private" : "public";
    if (count == 0) {
        return Error{"the token '" + uri.token + "' holds no Ed25519 " + what + " key matching the URI (object=" +
                     label + ")"};
    }
    if (count > 1) {
        return Error{"several Ed25519 " + std::string(what) + " keys on '" + uri.token +
                     "' match the URI: name one with object= and id="};
    }
    return found[0];
}

// CKA_EC_POINT of an Ed25519 public key: the 32 bytes, DER-wrapped as an
// OCTET STRING (PKCS#11 3.0 §2.3.6; SoftHSM2 does so) or bare.
Outcome<PublicKey> read_public_key(Module& m, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE key) {
    std::uint8_t buffer[64];
    CK_ATTRIBUTE point{CKA_EC_POINT, buffer, sizeof buffer};
    if (m->C_GetAttributeValue(session, key, &point, 1) != CKR_OK) {
        return Error{"cannot read the public key (CKA_EC_POINT) from the token"};
    }
    const std::uint8_t* raw = buffer;
    if (point.ulValueLen == 34 && buffer[0] == 0x04 && buffer[1] == 32) {
        raw = buffer + 2;
    } else if (point.ulValueLen != 32) {
        return Error{"the token's public key is not a 32-byte Ed25519 point"};
    }
    PublicKey out{};
    std::memcpy(out.data(), raw, out.size());
    return out;
}

}  // namespace

Outcome<std::unique_ptr<Signer>> open_token_signer(const TokenOptions& options) {
    Outcome<Pkcs11Uri> uri = parse_pkcs11_uri(options.uri);
    if (!uri.ok()) {
        return Error{uri.error()};
    }
    const std::string path = !options.module_path.empty()      ? options.module_path
                             : !uri.value().module_path.empty() ? uri.value().module_path
                                                                 : kDefaultModule;
    Outcome<std::shared_ptr<Module>> module = Module::load(path);
    if (!module.ok()) {
        return Error{module.error()};
    }
    Module& m = *module.value();
    Outcome<CK_SLOT_ID> slot = find_token(m, uri.value());
    if (!slot.ok()) {
        return Error{slot.error()};
    }
    Outcome<Pin> pin = read_pin(options.pin_file, uri.value().token);
    if (!pin.ok()) {
        return Error{pin.error()};
    }
    CK_SESSION_HANDLE session = 0;
    if (m->C_OpenSession(slot.value(), CKF_SERIAL_SESSION, nullptr, nullptr, &session) != CKR_OK) {
        return Error{"cannot open a session on token '" + uri.value().token + "'"};
    }
    std::string pin_text = pin.value().text();
    const CK_RV rv = m->C_Login(session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(pin_text.data()),
                                pin_text.size());
    OPENSSL_cleanse(pin_text.data(), pin_text.size());
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
        m->C_CloseSession(session);
        const std::string why = rv == CKR_PIN_INCORRECT ? "wrong PIN" : rv == CKR_PIN_LOCKED ? "the PIN is locked" : "log-in failed";
        return Error{"token '" + uri.value().token + "' refused the log-in: " + why + " (" + rv_name(rv) + ")"};
    }
    auto signer = [&]() -> Outcome<std::unique_ptr<Signer>> {
        Outcome<CK_OBJECT_HANDLE> priv = find_key(m, session, uri.value(), CKO_PRIVATE_KEY);
        Outcome<CK_OBJECT_HANDLE> pub = priv.ok() ? find_key(m, session, uri.value(), CKO_PUBLIC_KEY) : priv;
        if (!pub.ok()) {
            return Error{pub.error()};
        }
        Outcome<PublicKey> raw = read_public_key(m, session, pub.value());
        if (!raw.ok()) {
            return Error{raw.error()};
        }
        return std::unique_ptr<Signer>(
            std::make_unique<TokenSigner>(module.value(), session, priv.value(), raw.value()));
    }();
    if (!signer.ok()) {
        m->C_Logout(session);
        m->C_CloseSession(session);
    }
    return signer;
}

}  // namespace fw_sign
