// The one error convention of the support layer: every failure is thrown as a
// support::Error that carries the place it concerns and what went wrong; its what() is
// "file: message" for a file and "file:line:column: message" for a position inside one.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace hwcert::support {

// A position in a text file; line and column count from 1, line 0 means the whole file.
struct SourcePosition {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;

  std::string to_string() const;  // "file:line:column", or "file" when line is 0
};

// One problem found while reading or writing a file.
struct Diagnostic {
  SourcePosition where;
  std::string message;

  // "file:line:column: message" ("file: message" without a line, the message alone
  // without a file).
  std::string to_string() const;
};

class Error : public std::runtime_error {
 public:
  explicit Error(Diagnostic diagnostic);
  Error(SourcePosition where, std::string message);
  const Diagnostic& diagnostic() const { return diagnostic_; }

 private:
  Diagnostic diagnostic_;
};

// A file that is not what its reader expects (syntax, types, values).
class ParseError : public Error {
 public:
  using Error::Error;
};

}  // namespace hwcert::support
