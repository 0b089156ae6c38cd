#include "pkcs11_uri.hpp"

#include <vector>

namespace fw_sign {
namespace {

const Error kPinInUri{"the pkcs11 URI carries pin-value: a PIN must not appear on a command line; "
                      "give it in a file (--pin-file) or on standard input"};

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(separator, start), text.size());
        if (end > start) {
            parts.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return parts;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// RFC 3986 percent-decoding, as RFC 7512 §2.3 asks for every value.
std::optional<std::string> percent_decode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) {
            return std::nullopt;
        }
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

Outcome<Done> apply_path(Pkcs11Uri& uri, const std::string& name, const std::string& value) {
    if (name == "token") {
        uri.token = value;
    } else if (name == "serial") {
        uri.serial = value;
    } else if (name == "object") {
        uri.object = value;
    } else if (name == "id") {
        uri.id = Bytes(value.begin(), value.end());
    } else if (name == "type") {
        if (value != "private") {
            return Error{"the pkcs11 URI names type=" + value + "; fw-sign signs with a private key (type=private)"};
        }
    } else if (name == "pin-value") {
        return kPinInUri;
    } else {
        return Error{"the pkcs11 URI attribute '" + name +
                     "' is not supported (token, serial, object, id, type and the query module-path are)"};
    }
    return Done{};
}

}  // namespace

Outcome<Pkcs11Uri> parse_pkcs11_uri(const std::string& text) {
    const std::string scheme = "pkcs11:";
    if (text.compare(0, scheme.size(), scheme) != 0) {
        return Error{"--pkcs11-uri '" + text + "' does not start with 'pkcs11:' (RFC 7512), "
                     "e.g. pkcs11:token=firmware;object=signing-key"};
    }
    const std::string rest = text.substr(scheme.size());
    const std::size_t question = rest.find('?');
    Pkcs11Uri uri;
    for (const std::string& attribute : split(rest.substr(0, question), ';')) {
        const std::size_t equals = attribute.find('=');
        const std::optional<std::string> value =
            equals == std::string::npos ? std::nullopt : percent_decode(attribute.substr(equals + 1));
        if (!value) {
            return Error{"the pkcs11 URI attribute '" + attribute + "' is not name=value with %XX escapes"};
        }
        Outcome<Done> applied = apply_path(uri, attribute.substr(0, equals), *value);
        if (!applied.ok()) {
            return Error{applied.error()};
        }
    }
    if (question != std::string::npos) {
        for (const std::string& attribute : split(rest.substr(question + 1), '&')) {
            const std::size_t equals = attribute.find('=');
            const std::string name = attribute.substr(0, equals);
            const std::optional<std::string> value =
                equals == std::string::npos ? std::nullopt : percent_decode(attribute.substr(equals + 1));
            if (name == "pin-value") {
                return kPinInUri;
            }
            if (name != "module-path" || !value) {
                return Error{"the pkcs11 URI query '" + attribute + "' is not supported (module-path=PATH is)"};
            }
            uri.module_path = *value;
        }
    }
    if (uri.token.empty()) {
        return Error{"the pkcs11 URI names no token: add token=LABEL"};
    }
    if (!uri.object && !uri.id) {
        return Error{"the pkcs11 URI names no key: add object=LABEL or id=%XX..."};
    }
    return uri;
}

}  // namespace fw_sign
