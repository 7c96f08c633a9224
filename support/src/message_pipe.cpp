#include "hwcert/support/message_pipe.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace hwcert::support {
namespace {

bool write_all(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void close_end(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::optional<MessagePipe> MessagePipe::open() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  return MessagePipe(fds[0], fds[1]);
}

MessagePipe::MessagePipe(MessagePipe&& other) noexcept
    : read_end_(other.read_end_), write_end_(other.write_end_),
      buffer_(std::move(other.buffer_)) {
  other.read_end_ = -1;
  other.write_end_ = -1;
}

MessagePipe::~MessagePipe() {
  close_end(read_end_);
  close_end(write_end_);
}

void MessagePipe::keep_write_end() { close_end(read_end_); }

void MessagePipe::keep_read_end() { close_end(write_end_); }

bool MessagePipe::send(const nlohmann::json& message) {
  const std::string text = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto size = static_cast<uint32_t>(text.size());
  const unsigned char header[4] = {static_cast<unsigned char>(size & 0xFF),
                                   static_cast<unsigned char>((size >> 8) & 0xFF),
                                   static_cast<unsigned char>((size >> 16) & 0xFF),
                                   static_cast<unsigned char>((size >> 24) & 0xFF)};
  return write_all(write_end_, header, 4) && write_all(write_end_, text.data(), text.size());
}

std::optional<nlohmann::json> MessagePipe::next_buffered() {
  if (buffer_.size() < 4) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(buffer_.data());
  const uint32_t size = static_cast<uint32_t>(bytes[0]) | (static_cast<uint32_t>(bytes[1]) << 8) |
                        (static_cast<uint32_t>(bytes[2]) << 16) |
                        (static_cast<uint32_t>(bytes[3]) << 24);
  if (buffer_.size() < 4 + static_cast<std::size_t>(size)) return std::nullopt;
  nlohmann::json message =
      nlohmann::json::parse(buffer_.substr(4, size), nullptr, /*allow_exceptions=*/false);
  buffer_.erase(0, 4 + static_cast<std::size_t>(size));
  if (message.is_discarded() || !message.is_object()) return nlohmann::json{{"type", "garbled"}};
  return message;
}

MessagePipe::Received MessagePipe::receive(nlohmann::json* message,
                                           std::chrono::steady_clock::time_point deadline) {
  char chunk[65536];
  for (;;) {
    if (std::optional<nlohmann::json> next = next_buffered()) {
      *message = std::move(*next);
      return Received::kMessage;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Received::kTimedOut;
    pollfd descriptor{read_end_, POLLIN, 0};
    const int ready =
        ::poll(&descriptor, 1, static_cast<int>(std::min<int64_t>(left.count(), 1 << 30)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Received::kEnded;
    if (ready == 0) continue;  // the deadline check above decides
    const ssize_t n = ::read(read_end_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Received::kEnded;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace hwcert::support
