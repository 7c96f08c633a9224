// JSON messages from a child process to its parent over a pipe of their own (never stdout,
// which the code in the child may write to). Each message is a frame: a 4-byte little-endian
// length, then that many bytes of JSON. Open the pipe before starting the child; the child
// keeps the write end, the parent the read end.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace hwcert::support {

class MessagePipe {
 public:
  // A new pipe (both ends close on exec), or nullopt when the system refuses one (errno set).
  static std::optional<MessagePipe> open();

  MessagePipe(MessagePipe&& other) noexcept;
  MessagePipe& operator=(MessagePipe&&) = delete;
  MessagePipe(const MessagePipe&) = delete;
  MessagePipe& operator=(const MessagePipe&) = delete;
  ~MessagePipe();

  // The child's side: call keep_write_end() first, then send(). False when the parent is gone.
  void keep_write_end();
  bool send(const nlohmann::json& message);

  // The parent's side: call keep_read_end() once the child is started, then receive().
  void keep_read_end();
  enum class Received { kMessage, kEnded, kTimedOut };
  // The next message; kEnded when the child closed its end (it exited) and every message
  // was read; kTimedOut at `deadline`. A frame that is not a JSON object reads as
  // {"type":"garbled"}.
  Received receive(nlohmann::json* message, std::chrono::steady_clock::time_point deadline);

 private:
  MessagePipe(int read_end, int write_end) : read_end_(read_end), write_end_(write_end) {}
  std::optional<nlohmann::json> next_buffered();

  int read_end_ = -1;
  int write_end_ = -1;
  std::string buffer_;  // bytes read but not yet a whole frame
};

}  // namespace hwcert::support
