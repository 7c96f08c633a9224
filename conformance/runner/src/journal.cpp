#include "hwcert/runner/journal.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::runner {
namespace {

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t value = i;
    for (int bit = 0; bit < 8; ++bit)
      value = (value & 1u) ? (value >> 1) ^ 0xEDB88320u : value >> 1;
    table[i] = value;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = make_crc_table();

Status write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(StatusCode::kInternal,
                    "cannot append to journal " + path.string() + ": " + std::strerror(errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

// Parses one line (without its '\n'); false when the checksum or the JSON is bad.
bool parse_line(std::string_view line, nlohmann::json* out) {
  if (line.size() < 10 || line[8] != ' ') return false;
  uint32_t expected = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = line[static_cast<std::size_t>(i)];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else {
      return false;
    }
    expected = (expected << 4) | digit;
  }
  const std::string_view text = line.substr(9);
  if (crc32(text) != expected) return false;
  *out = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return !out->is_discarded();
}

}  // namespace

uint32_t crc32(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (const char c : data) {
    crc = kCrcTable[(crc ^ static_cast<uint8_t>(c)) & 0xFFu] ^ (crc >> 8);
  }
  return crc ^ 0xFFFFFFFFu;
}

std::string journal_line(const nlohmann::json& record) {
  const std::string text = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return fmt::format("{:08x} {}\n", crc32(text), text);
}

Expected<JournalContents> read_journal(const std::filesystem::path& path) {
  std::string text;
  try {
    text = support::read_file(path);
  } catch (const support::Error& e) {
    return Status(StatusCode::kInvalidArgument, e.what());
  }
  JournalContents journal;
  std::size_t start = 0;
  std::size_t line_number = 0;
  bool have_header = false;
  while (start < text.size()) {
    ++line_number;
    const std::size_t end = text.find('\n', start);
    const bool complete = end != std::string::npos;
    const std::string_view line(text.data() + start, (complete ? end : text.size()) - start);
    nlohmann::json record;
    const bool intact = complete && parse_line(line, &record);
    if (!intact) {
      const bool is_last = !complete || end + 1 >= text.size();
      if (is_last && have_header) {
        journal.dropped_tail = true;
        break;
      }
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("{}:{}: corrupt journal record (checksum or JSON does not match)",
                                path.string(), line_number));
    }
    if (!have_header) {
      journal.header = std::move(record);
      have_header = true;
    } else {
      journal.records.push_back(std::move(record));
    }
    start = end + 1;
    journal.valid_bytes = start;
  }
  if (!have_header) {
    return Status(StatusCode::kInvalidArgument, path.string() + ": journal has no header");
  }
  return journal;
}

Expected<JournalWriter> JournalWriter::create(const std::filesystem::path& path,
                                              const nlohmann::json& header) {
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status(StatusCode::kInternal,
                  "cannot create journal " + path.string() + ": " + std::strerror(errno));
  }
  JournalWriter writer(fd, path);
  Status status = writer.append(header);
  if (!status.ok()) return status;
  return writer;
}

Expected<JournalWriter> JournalWriter::resume(const std::filesystem::path& path,
                                              uint64_t valid_bytes) {
  if (::truncate(path.c_str(), static_cast<off_t>(valid_bytes)) != 0) {
    return Status(StatusCode::kInternal,
                  "cannot truncate journal " + path.string() + ": " + std::strerror(errno));
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    return Status(StatusCode::kInternal,
                  "cannot open journal " + path.string() + ": " + std::strerror(errno));
  }
  return JournalWriter(fd, path);
}

JournalWriter::JournalWriter(JournalWriter&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

JournalWriter& JournalWriter::operator=(JournalWriter&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Status JournalWriter::append(const nlohmann::json& record) {
  return write_all(fd_, journal_line(record), path_);
}

}  // namespace hwcert::runner
