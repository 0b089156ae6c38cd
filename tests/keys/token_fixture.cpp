#include "token_fixture.hpp"

#include <stdlib.h>

#include <fstream>
#include <iterator>

#include "subprocess.hpp"
#include "cmocka.hpp"

namespace keys_test {

int run_make_token(const std::vector<std::string>& arguments, std::string* out, std::string* err) {
  std::vector<std::string> argv{MAKE_TOKEN};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  auto result = testing_support::run(argv, {}, std::chrono::seconds(60));
  if (out != nullptr) *out = result.out;
  if (err != nullptr) *err = result.err;
  return result.exit_code;
}

bool Token::make() {
  if (dir().empty()) return false;
  std::string out;
  std::string err;
  if (run_make_token({"--print-env", dir().string()}, &out, &err) != 0) {
    print_message("make-token failed: %s\n", err.c_str());
    return false;
  }
  std::string conf = (dir() / "softhsm2.conf").string();
  if (out != "SOFTHSM2_CONF=" + conf + "\n") {
    print_message("make-token printed '%s'\n", out.c_str());
    return false;
  }
  return setenv("SOFTHSM2_CONF", conf.c_str(), 1) == 0;
}

bool openssl(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv{"/usr/bin/openssl"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  auto result = testing_support::run(argv, {}, std::chrono::seconds(30));
  return result.exit_code == 0;
}

void write_bytes(const std::filesystem::path& path, hal::ByteView bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

hal::Bytes read_bytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return hal::Bytes(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

void write_certificate_files(const std::filesystem::path& work_dir, const hal::Bytes& certificate) {
  write_bytes(work_dir / "cert.der", certificate);
  auto at = [&](const char* name) { return (work_dir / name).string(); };
  if (!openssl({"x509", "-inform", "DER", "-in", at("cert.der"), "-out", at("cert.pem")}) ||
      !openssl({"x509", "-in", at("cert.pem"), "-pubkey", "-noout", "-out", at("pub.pem")})) {
    fail_msg("openssl cannot read the certificate the token returned");
  }
}

}  // namespace keys_test
