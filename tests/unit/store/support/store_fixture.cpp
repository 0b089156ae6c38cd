#include "store_fixture.hpp"

#include <fstream>
#include <iterator>

#include "drivers/key_store_factory.hpp"
#include "cmocka.hpp"

namespace store_test {

namespace dossier = station::dossier;

void StationKeys::write() {
  if (dir.path().empty()) fail_msg("cannot make a temporary folder");
  fs::create_directories(key_dir());
  rsa = keys_test::generate_rsa(2048);
  ec = keys_test::generate_ec("P-256");
  keys_test::write_key_pem(key_dir() / "station-rsa.key.pem", rsa.get());
  auto rsa_cert = keys_test::self_signed(rsa.get(), "station-rsa");
  keys_test::write_certificate_pem(key_dir() / "station-rsa.cert.pem", rsa_cert.get());
  rsa_certificate = keys_test::certificate_der(rsa_cert.get());
  keys_test::write_key_pem(key_dir() / "station-ec.key.pem", ec.get());
  auto ec_cert = keys_test::self_signed(ec.get(), "station-ec");
  keys_test::write_certificate_pem(key_dir() / "station-ec.cert.pem", ec_cert.get());
  ec_certificate = keys_test::certificate_der(ec_cert.get());
}

std::unique_ptr<hal::KeyStore> StationKeys::open() const {
  auto store = drivers::keys::open_key_files({key_dir()});
  if (!store) fail_msg("key files: %s", store.error().describe().c_str());
  return std::move(store).value();
}

std::unique_ptr<hal::FakeClock> test_clock() {
  // 2025-06-01T08:00:00Z
  return std::make_unique<hal::FakeClock>(std::chrono::system_clock::time_point(std::chrono::seconds(1748764800)));
}

StoreOptions options_for(const fs::path& database) {
  StoreOptions options;
  options.path = database;
  options.station_id = kStation;
  options.min_free_bytes = 0;
  options.busy_timeout = std::chrono::milliseconds(200);
  return options;
}

hal::Bytes pseudo_random(std::size_t size, std::uint64_t seed) {
  hal::Bytes out(size);
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (auto& byte : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    byte = static_cast<std::uint8_t>(x >> 24);
  }
  return out;
}

namespace {

dossier::Capture capture(dossier::ImageFormat format, int ppi, std::size_t bytes, std::uint64_t seed) {
  dossier::Capture c;
  c.format = format;
  c.width = ppi > 0 ? 800 : 480;
  c.height = ppi > 0 ? 750 : 640;
  c.ppi = ppi;
  c.image = pseudo_random(bytes, seed);
  c.quality = 80;
  c.retries = static_cast<int>(seed % 2);
  c.captured_at = std::chrono::system_clock::time_point(std::chrono::seconds(1748764800 + seed % 1000));
  return c;
}

}  // namespace

Dossier complete_dossier(std::size_t image_bytes, std::uint64_t seed) {
  Dossier d;
  auto& demo = d.demographics;
  demo.full_name = "Nguyễn Thị Minh Khai";
  demo.date_of_birth = {1990, 5, 17};
  demo.sex = dossier::Sex::kFemale;
  demo.ethnicity = "Kinh";
  demo.religion = "Phật giáo";
  demo.place_of_origin = "Xã Phú Xuân, Huyện Phú Vang, Tỉnh Thừa Thiên Huế";
  demo.place_of_residence = "Số 12 Đường Lê Lợi, Phường Vĩnh Ninh, Thành phố Huế";
  demo.personal_id = "046190" + std::to_string(100000 + seed % 900000);
  demo.father_name = "Nguyễn Văn Hùng";
  demo.mother_name = "Trần Thị Lan";
  std::size_t per_image = image_bytes / 11;
  d.face = capture(dossier::ImageFormat::kJpeg, 0, per_image, seed * 100);
  for (int i = 0; i < dossier::kFingerCount; ++i) {
    d.fingers[static_cast<std::size_t>(i)] = {dossier::FingerStatus::kCaptured,
                                              capture(dossier::ImageFormat::kWsq, 500, per_image, seed * 100 + 1 + i)};
  }
  return d;
}

hal::Status save_all(Store& store, const std::string& id, const Dossier& d) {
  HAL_TRY(store.save_demographics(id, d.demographics, kOfficer));
  if (d.face) HAL_TRY(store.save_face(id, *d.face, kOfficer));
  for (int position = 1; position <= dossier::kFingerCount; ++position) {
    HAL_TRY(store.save_finger(id, position, d.fingers[static_cast<std::size_t>(position - 1)], kOfficer));
  }
  if (!d.supervisor_id.empty()) HAL_TRY(store.set_supervisor(id, d.supervisor_id, kOfficer));
  return {};
}

std::string sealed_dossier(Store& store, const Dossier& d) {
  auto id = store.create_draft(kOfficer);
  ASSERT_OK(id);
  ASSERT_OK(save_all(store, *id, d));
  ASSERT_OK(store.transition(*id, DossierState::kSealed, kOfficer));
  return *id;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

hal::Bytes read_bytes(const fs::path& path) {
  auto text = read_text(path);
  return hal::Bytes(text.begin(), text.end());
}

RawDb::RawDb(const fs::path& path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) fail_msg("test cannot open %s", path.c_str());
  sqlite3_busy_timeout(db_, 2000);
}

RawDb::~RawDb() { sqlite3_close(db_); }

void RawDb::exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    fail_msg("test SQL failed: %s: %s", sql.c_str(), message.c_str());
  }
}

int RawDb::try_exec(const std::string& sql) { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }

namespace {

struct Query {
  sqlite3_stmt* statement = nullptr;
  Query(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      fail_msg("test SQL does not prepare: %s: %s", sql.c_str(), sqlite3_errmsg(db));
    }
  }
  ~Query() { sqlite3_finalize(statement); }
  void row(const std::string& sql) {
    if (sqlite3_step(statement) != SQLITE_ROW) fail_msg("test SQL gave no row: %s", sql.c_str());
  }
};

}  // namespace

std::int64_t RawDb::integer(const std::string& sql) {
  Query q(db_, sql);
  q.row(sql);
  return sqlite3_column_int64(q.statement, 0);
}

std::string RawDb::text(const std::string& sql) {
  Query q(db_, sql);
  q.row(sql);
  const auto* text = sqlite3_column_text(q.statement, 0);
  return text ? reinterpret_cast<const char*>(text) : "";
}

hal::Bytes RawDb::blob(const std::string& sql) {
  Query q(db_, sql);
  q.row(sql);
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(q.statement, 0));
  return hal::Bytes(data, data + sqlite3_column_bytes(q.statement, 0));
}

void RawDb::set_blob(const std::string& sql, hal::ByteView value) {
  Query q(db_, sql);
  sqlite3_bind_blob(q.statement, 1, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(q.statement) != SQLITE_DONE) fail_msg("test SQL failed: %s: %s", sql.c_str(), sqlite3_errmsg(db_));
}

}  // namespace store_test
