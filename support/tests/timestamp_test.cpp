#include "hwcert/support/timestamp.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace hwcert::support {
namespace {

using std::chrono::system_clock;

TEST(UtcTimestamp, FormatsWholeSecondsInUtc) {
  EXPECT_EQ(utc_timestamp(system_clock::from_time_t(0)), "1970-01-01T00:00:00Z");
  // 2026-12-06T23:40:05Z, plus a fraction that is dropped.
  const auto when = system_clock::from_time_t(1796600405) + std::chrono::milliseconds(999);
  EXPECT_EQ(utc_timestamp(when), "2026-12-06T23:40:05Z");
}

TEST(UtcTimestamp, NowHasTheIsoShape) {
  const std::string now = utc_timestamp_now();
  EXPECT_TRUE(std::regex_match(now, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << now;
}

TEST(UtcDate, CalendarDayAndOrder) {
  const UtcDate day = utc_date(system_clock::from_time_t(1796600405));
  EXPECT_EQ(day, (UtcDate{2026, 12, 6}));
  EXPECT_EQ(day.to_string(), "2026-12-06");
  EXPECT_EQ((UtcDate{2027, 1, 2}).to_string(), "2027-01-02");
  EXPECT_LT((UtcDate{2026, 12, 31}), (UtcDate{2027, 1, 1}));
  EXPECT_LT((UtcDate{2027, 1, 1}), (UtcDate{2027, 1, 2}));
  const UtcDate before = utc_date(system_clock::now());
  EXPECT_LE(before, utc_today());
}

}  // namespace
}  // namespace hwcert::support
