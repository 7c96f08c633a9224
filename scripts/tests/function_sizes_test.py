#!/usr/bin/env python3
"""Checks scripts/function_sizes.py on a small C++ text whose function lengths are known."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import function_sizes  # noqa: E402

SOURCE = r'''#include <string>
// void commented_out() {
namespace outer {
namespace {
constexpr int kTable[] = {1, 2, 3};
enum class Kind { kA, kB };
}  // namespace

template <class T>
T twice(T x) {
  auto f = [](T y) {
    return y + y;
  };
  return f(x);
}

struct Widget : Base {
  Widget(int a) : a_{a}, text_{"}"} {
    if (a > 0) {
      a_ = 1;
    }
  }
  int operator()(int x) const { return x; }
  bool operator==(const Widget& other) const {
    return a_ == other.a_;
  }
 private:
  int a_;
  std::string text_;
};

const char* raw() {
  return R"x(}{ "quote" )x";
}

}  // namespace outer

TEST(Suite, Name) {
  const char c = '{';
  EXPECT_EQ(c, '{');
}
'''


class FunctionSizesTest(unittest.TestCase):
    def test_every_function_with_its_first_line_and_length(self):
        found = function_sizes.functions("x.cpp", SOURCE)
        self.assertEqual(
            found,
            [
                ("twice", 10, 6),
                ("Widget", 18, 5),
                ("operator()", 23, 1),
                ("operator==", 24, 3),
                ("raw", 32, 3),
                ("TEST", 38, 4),
            ],
        )


if __name__ == "__main__":
    unittest.main()
