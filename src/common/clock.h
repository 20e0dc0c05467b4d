// Clock: the seam through which every part of xiezuo reads the time, so that
// session expiry, lockouts and (later) the 24-hour/7-day worry deadlines and
// SMS quiet hours are tested by moving a FakeClock, never by sleeping.
//
//   SystemClock clock;             // production
//   FakeClock fake(1700000000);    // tests
//   fake.Advance(std::chrono::hours(24));
//
// Thread-safety: both implementations are safe for concurrent use.
#ifndef XIEZUO_COMMON_CLOCK_H_
#define XIEZUO_COMMON_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace xiezuo {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch (UTC).
  virtual int64_t NowSeconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowSeconds() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start) : now_(start) {}
  int64_t NowSeconds() const override { return now_.load(); }
  void Advance(std::chrono::seconds d) { now_ += d.count(); }
  void Set(int64_t t) { now_ = t; }

 private:
  std::atomic<int64_t> now_;
};

// China Standard Time (Asia/Shanghai, UTC+8, no daylight saving since 1991).
inline constexpr int64_t kChinaUtcOffsetSeconds = 8 * 3600;

// "2026-11-25 14:03:00" in Asia/Shanghai.
std::string FormatChinaTime(int64_t unix_seconds);
// "2026-11-25" in Asia/Shanghai.
std::string FormatChinaDate(int64_t unix_seconds);

// Days since 1970-01-01 for a proleptic Gregorian date; false if the date
// does not exist (e.g. 2023-02-29).
bool CivilToDays(int year, int month, int day, int64_t* days);
void DaysToCivil(int64_t days, int* year, int* month, int* day);

// True for a real date written "YYYY-MM-DD" ("2027-02-29" is false).
bool IsIsoDate(std::string_view s);

}  // namespace xiezuo

#endif  // XIEZUO_COMMON_CLOCK_H_
