// registry-sim: the central registry's stand-in for tests and the demo. A
// real HTTPS server (cpp-httplib over OpenSSL) on 127.0.0.1 only, TLS 1.3,
// mutual TLS against the station CA; the upload protocol and the switches
// that make it misbehave are in README.md. `registry-sim --help` lists them.
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "drivers/key_store_factory.hpp"
#include "intake.hpp"
#include "registry_db.hpp"
#include "hal/files.hpp"
#include "station/sync/manifest.hpp"
#include "station/sync/receipt.hpp"
#include "station/sync/signed_message.hpp"

namespace {

constexpr const char* kUsage = R"(usage: registry-sim --pki DIR --db FILE [options]

A registry simulator on https://127.0.0.1:PORT with mutual TLS (TLS 1.3).
  --pki DIR            keys made by toolchain/make-sync-pki DIR
  --db FILE            its SQLite file (kept across restarts)
  --port N             port to listen on (0, the default: any free one)
  --port-file FILE     write the port there once listening
Faults:
  --drop-after N       close the connection after N body bytes of a PATCH
  --drop-times K       ... for the first K PATCHes (default 1; 0: every one)
  --fail-status CODE   answer CODE (500, 503) instead of serving a request
  --fail-times K       ... for the first K requests (default 1; 0: every one)
  --stall-seconds S    wait S seconds before reading a PATCH body
  --stall-times K      ... for the first K PATCHes (default 1; 0: every one)
  --receipt KIND       good (default), bad-signature, foreign (valid signature,
                       names another batch), rogue (signed by an untrusted key),
                       tls-key, encryption-key (signed by the registry's own
                       TLS or encryption key, certified by its CA)
  --exit-after-bytes N exit abruptly (code 75) once N body bytes were stored
                       since start: a crash mid-upload; restart it to go on
Exit codes: 0 stopped by SIGTERM/SIGINT, 1 cannot start, 2 bad usage, 75 --exit-after-bytes.
)";

struct Fault {
  std::uint64_t value = 0;
  int times = 1;
  std::atomic<int> used{0};
  bool active() const { return value > 0; }
  // Whether this request gets the fault (and counts it).
  bool take() {
    if (!active()) return false;
    if (times == 0) return true;
    return used.fetch_add(1) < times;
  }
};

struct Options {
  std::string pki, db, port_file, receipt = "good";
  int port = 0;
  Fault drop, fail, stall;
  std::uint64_t exit_after_bytes = 0;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    auto number = [&] { return static_cast<std::uint64_t>(std::stoull(v)); };
    if (a == "--pki") o.pki = v;
    else if (a == "--db") o.db = v;
    else if (a == "--port") o.port = static_cast<int>(number());
    else if (a == "--port-file") o.port_file = v;
    else if (a == "--drop-after") o.drop.value = number();
    else if (a == "--drop-times") o.drop.times = static_cast<int>(number());
    else if (a == "--fail-status") o.fail.value = number();
    else if (a == "--fail-times") o.fail.times = static_cast<int>(number());
    else if (a == "--stall-seconds") o.stall.value = number();
    else if (a == "--stall-times") o.stall.times = static_cast<int>(number());
    else if (a == "--receipt") o.receipt = v;
    else if (a == "--exit-after-bytes") o.exit_after_bytes = number();
    else return false;
  }
  return !o.pki.empty() && !o.db.empty() &&
         (o.receipt == "good" || o.receipt == "bad-signature" || o.receipt == "foreign" || o.receipt == "rogue" ||
          o.receipt == "tls-key" || o.receipt == "encryption-key");
}

hal::Bytes file_bytes(const std::string& path) {
  auto b = hal::read_regular_file(path, hal::kCertificateFile);
  return b ? *b : hal::Bytes{};
}

class Registry {
 public:
  Registry(Options& options, registry::RegistryDb db, registry::IntakeKeys keys, std::unique_ptr<hal::KeyStore> receipt_keys,
           std::unique_ptr<hal::KeyStore> other_keys, std::vector<hal::Bytes> registry_anchors)
      : o_(options), db_(std::move(db)), keys_(keys), receipt_keys_(std::move(receipt_keys)),
        other_keys_(std::move(other_keys)), registry_anchors_(std::move(registry_anchors)) {
    keys_.receipt_keys = receipt_keys_.get();
  }

  void routes(httplib::Server& s) {
    // Every answer carries the registry's time, as a real server's does: the
    // station checks its own clock against it.
    s.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
      res.set_header("Date", station::sync::utc_text(std::chrono::system_clock::now(), "%a, %d %b %Y %H:%M:%S GMT"));
    });
    s.set_pre_routing_handler([this](const httplib::Request&, httplib::Response& res) {
      if (!o_.fail.take()) return httplib::Server::HandlerResponse::Unhandled;
      res.status = static_cast<int>(o_.fail.value);
      res.set_content("injected failure\n", "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    });
    const std::string batch = R"(/v1/batches/([A-Za-z0-9._-]+))";
    s.Get(batch, [this](const httplib::Request& req, httplib::Response& res) { head(req, res); });
    s.Get(batch + "/receipt", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      auto u = db_.upload(req.matches[1]);
      if (!u || !u->complete) {
        res.status = 404;
        return;
      }
      serve_receipt(*u, res);
    });
    s.Patch(batch, [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
      patch(req, res, reader);
    });
    s.Get(R"(/v1/stations/([A-Za-z0-9._-]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      res.set_content(db_.station_json(req.matches[1]), "application/json");
    });
    s.Get("/v1/status", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      res.set_content("{\"batches\":" + std::to_string(db_.count("SELECT COUNT(*) FROM batches")) +
                          ",\"dossiers\":" + std::to_string(db_.count("SELECT COUNT(*) FROM dossiers")) +
                          ",\"rejected\":" + std::to_string(db_.count("SELECT COUNT(*) FROM rejections")) +
                          ",\"bytes_received\":" +
                          std::to_string(db_.count("SELECT value FROM counters WHERE name = 'bytes_received'")) + "}\n",
                      "application/json");
    });
  }

 private:
  void head(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    auto u = db_.upload(req.matches[1]);
    if (!u) {
      res.status = 404;
      return;
    }
    if (req.has_header("Batch-Hash") && req.get_header_value("Batch-Hash") != u->hash_hex) {
      res.status = 409;
      res.set_header("Batch-Conflict", "1");
      return;
    }
    res.set_header("Upload-Offset", std::to_string(u->received));
    res.set_header("Upload-Length", std::to_string(u->length));
    if (u->complete) res.set_header("Upload-Complete", "1");
  }

  void patch(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    const std::string id = req.matches[1];
    const std::string hash = req.get_header_value("Batch-Hash");
    const std::uint64_t offset = std::stoull("0" + req.get_header_value("Upload-Offset"));
    const std::uint64_t length = std::stoull("0" + req.get_header_value("Upload-Length"));
    if (o_.stall.take()) std::this_thread::sleep_for(std::chrono::seconds(o_.stall.value));
    const bool drop = o_.drop.take();
    const std::uint64_t limit = drop ? o_.drop.value : UINT64_MAX;
    hal::Bytes body;
    bool cut = false;
    reader([&](const char* data, std::size_t n) {
      const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n, limit - body.size()));
      body.insert(body.end(), data, data + take);
      if (body.size() >= limit) {
        cut = true;
        return false;
      }
      return true;
    });
    std::lock_guard lock(mutex_);
    auto u = db_.upload(id);
    if (u && u->hash_hex != hash) {
      res.status = 409;
      res.set_header("Batch-Conflict", "1");
      return;
    }
    const std::uint64_t held = u ? u->received : 0;
    if (!(u && u->complete)) {
      if (offset != held || (u && u->length != length)) {
        res.status = 409;
        res.set_header("Upload-Offset", std::to_string(held));
        return;
      }
      if (offset + body.size() > length) {
        res.status = 400;
        res.set_content("more bytes than Upload-Length\n", "text/plain");
        return;
      }
      if (!db_.append(id, hash, length, offset, body)) {
        res.status = 500;
        return;
      }
      stored_ += body.size();
      if (o_.exit_after_bytes && stored_ >= o_.exit_after_bytes) {
        // Said before dying, so a test can count the crashes it asked for.
        std::cerr << "registry-sim: crashing after " << stored_ << " stored bytes (--exit-after-bytes)" << std::endl;
        _exit(75);
      }
    }
    if (cut) {
      // A real drop: the socket goes away under the TLS session.
      std::cerr << "registry-sim: dropped the connection after " << body.size() << " bytes of a PATCH to " << id
                << std::endl;
      if (req.ssl != nullptr) ::shutdown(SSL_get_fd(req.ssl), SHUT_RDWR);
      return;
    }
    u = db_.upload(id);
    if (!u->complete && u->received == u->length) {
      auto result = registry::take_in(db_, keys_, id, db_.assemble(id));
      if (!result.accepted) {
        db_.forget(id);
        std::cerr << "registry-sim: refused " << id << ": " << result.reason << "\n";
        res.status = result.http_status;
        res.set_content(result.reason + "\n", "text/plain");
        return;
      }
      u = db_.upload(id);
    }
    if (u->complete) return serve_receipt(*u, res);
    res.status = 204;
    res.set_header("Upload-Offset", std::to_string(u->received));
  }

  void serve_receipt(const registry::Upload& u, httplib::Response& res) {
    hal::Bytes receipt = u.receipt;
    if (o_.receipt == "bad-signature") {
      receipt[receipt.size() - 5] ^= 0x01;
    } else if (o_.receipt != "good") {
      auto content = station::sync::verify_any_receipt(u.receipt, {registry_anchors_, std::chrono::system_clock::now(),
                                                                   station::sync::kReceiptSigningEku});
      if (content) {
        hal::KeyStore* signer = receipt_keys_.get();
        std::string key_id = "registry-receipts";
        if (o_.receipt == "foreign") {
          content->batch_id = content->station_id + "-999999";
          content->batch_hash.assign(32, 0x5a);
        } else if (other_keys_) {
          signer = other_keys_.get();
          if (o_.receipt != "rogue") key_id = o_.receipt == "tls-key" ? "tls" : "encryption";
        }
        auto re = station::sync::sign_receipt(*content, *signer, key_id, std::chrono::system_clock::now());
        if (re) receipt = *re;
      }
    }
    res.status = 200;
    res.set_content(std::string(receipt.begin(), receipt.end()), "application/pkcs7-mime");
  }

  Options& o_;
  registry::RegistryDb db_;
  registry::IntakeKeys keys_;
  std::unique_ptr<hal::KeyStore> receipt_keys_, other_keys_;  // other: what --receipt signs with instead
  std::vector<hal::Bytes> registry_anchors_;
  std::mutex mutex_;
  std::uint64_t stored_ = 0;
};

// TLS 1.3 only; a client certificate from the station CA is required.
bool setup_tls(SSL_CTX& ctx, const std::string& pki) {
  SSL_CTX_set_min_proto_version(&ctx, TLS1_3_VERSION);
  const std::string cert = pki + "/registry/tls.cert.pem", key = pki + "/registry/tls.key.pem";
  const std::string stations = pki + "/stations/ca.cert.pem";
  if (SSL_CTX_use_certificate_chain_file(&ctx, cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(&ctx, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_load_verify_locations(&ctx, stations.c_str(), nullptr) != 1)
    return false;
  SSL_CTX_set_client_CA_list(&ctx, SSL_load_client_CA_file(stations.c_str()));
  SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  return true;
}

EVP_PKEY* read_key(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return nullptr;
  EVP_PKEY* k = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return k;
}

X509* read_cert(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return nullptr;
  X509* c = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return c;
}

httplib::Server* running_server = nullptr;

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    if (!parse(argc, argv, o)) {
      std::cerr << kUsage;
      return 2;
    }
  } catch (const std::exception&) {
    std::cerr << "registry-sim: a number is malformed\n" << kUsage;
    return 2;
  }
  auto db = registry::RegistryDb::open(o.db);
  auto receipt_keys = drivers::keys::open_key_files({o.pki + "/registry/keys"});
  auto other_keys = drivers::keys::open_key_files({o.pki + (o.receipt == "rogue" ? "/rogue/registry-keys" : "/registry")});
  auto stations = station::sync::read_certificates(file_bytes(o.pki + "/stations/ca.cert.pem"), "station CA");
  auto registry_ca = station::sync::read_certificates(file_bytes(o.pki + "/registry/ca.cert.pem"), "registry CA");
  registry::IntakeKeys keys;
  keys.decryption_key = read_key(o.pki + "/registry/encryption.key.pem");
  keys.decryption_certificate = read_cert(o.pki + "/registry/encryption.cert.pem");
  if (!db || !receipt_keys || !stations || !registry_ca || !keys.decryption_key || !keys.decryption_certificate) {
    std::cerr << "registry-sim: cannot load its database or keys from " << o.pki << " (run toolchain/make-sync-pki)\n";
    return 1;
  }
  keys.station_anchors = *stations;
  Registry registry(o, std::move(*db), keys, std::move(*receipt_keys), other_keys ? std::move(*other_keys) : nullptr,
                    *registry_ca);
  const std::string pki = o.pki;
  httplib::SSLServer server([&](SSL_CTX& ctx) { return setup_tls(ctx, pki); });
  if (!server.is_valid()) {
    std::cerr << "registry-sim: TLS set-up failed (keys in " << pki << ")\n";
    return 1;
  }
  server.set_payload_max_length(256u << 20);
  server.set_read_timeout(std::chrono::seconds(30));
  registry.routes(server);
  const int port = o.port == 0 ? server.bind_to_any_port("127.0.0.1") : (server.bind_to_port("127.0.0.1", o.port) ? o.port : -1);
  if (port <= 0) {
    std::cerr << "registry-sim: cannot listen on 127.0.0.1:" << o.port << "\n";
    return 1;
  }
  if (!o.port_file.empty()) {
    const std::string text = std::to_string(port) + "\n";
    if (!hal::write_file_atomically(o.port_file, hal::Bytes(text.begin(), text.end()))) return 1;
  }
  std::cerr << "registry-sim: listening on https://127.0.0.1:" << port << "\n";
  running_server = &server;
  std::signal(SIGTERM, [](int) { running_server->stop(); });
  std::signal(SIGINT, [](int) { running_server->stop(); });
  server.listen_after_bind();
  EVP_PKEY_free(keys.decryption_key);
  X509_free(keys.decryption_certificate);
  return 0;
}
