// The run journal: one JSON record per line, each line carrying a CRC-32 of its text, appended
// as cases complete so that an interrupted run loses at most the case in flight.
//
// Line format: "<8 lowercase hex digits of CRC-32(json)> <json>\n". The first record is the
// header (what run this is); every later record is one case result.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

// CRC-32 (IEEE 802.3, reflected, as zlib computes it).
uint32_t crc32(std::string_view data);

// "<crc> <json>\n" for one record.
std::string journal_line(const nlohmann::json& record);

struct JournalContents {
  nlohmann::json header;                // first record
  std::vector<nlohmann::json> records;  // every later complete, intact record
  uint64_t valid_bytes = 0;             // length of the intact prefix of the file
  bool dropped_tail = false;            // a truncated or corrupt last line was ignored
};

// Reads a journal. A last line that is incomplete (no '\n') or fails its checksum is dropped
// (dropped_tail). A corrupt line elsewhere, or a missing header, is INVALID_ARGUMENT naming
// the file and line.
Expected<JournalContents> read_journal(const std::filesystem::path& path);

// Appends records to a journal file; each append is one write() of a whole line.
class JournalWriter {
 public:
  // A new journal holding just `header` (an existing file is replaced).
  static Expected<JournalWriter> create(const std::filesystem::path& path,
                                        const nlohmann::json& header);
  // Continues a journal: cuts it to `valid_bytes` (dropping a damaged tail), then appends.
  static Expected<JournalWriter> resume(const std::filesystem::path& path, uint64_t valid_bytes);

  JournalWriter(JournalWriter&& other) noexcept;
  JournalWriter& operator=(JournalWriter&& other) noexcept;
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;
  ~JournalWriter();

  Status append(const nlohmann::json& record);

 private:
  JournalWriter(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace hwcert::runner
