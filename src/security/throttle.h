// LoginThrottle: slows password guessing by locking a key (an IP address or
// a username) after too many recent failures.
//
//   LoginThrottle throttle({});          // 5 failures / 15 min -> 15 min lock
//   std::string key = "user:" + lower_username;   // or "ip:" + remote_addr
//   if (!throttle.Allowed(key, clock.NowSeconds())) {
//     return ResourceExhausted(...);     // say when to retry: RetryAfter()
//   }
//   if (VerifyPassword(...)) throttle.RecordSuccess(key);
//   else throttle.RecordFailure(key, clock.NowSeconds());
//
// Counting: failures are kept per key with their times; those older than
// `window_seconds` no longer count (a sliding window, not fixed buckets).
// When a key reaches `max_failures` within the window it is locked for
// `lockout_seconds`; when the lock ends it starts again from zero. A
// success clears the key. Callers should check both an "ip:" and a "user:"
// key: the IP key stops one host trying many accounts, the user key stops
// many hosts trying one account. Prefix keys so namespaces cannot collide.
//
// Memory is bounded: at most `max_keys` keys are tracked; beyond that the
// least recently touched key is forgotten. An attacker who can cycle more
// than max_keys distinct keys between two of their own attempts could get a
// lock forgotten, so keep max_keys well above the keys seen in a lockout
// period (the default, 100,000 keys, costs a few tens of MB at most).
//
// State lives in memory only: a restart forgets failures, and several
// server processes count separately.
//
// Time is passed in (seconds since the epoch, from a Clock) so tests move a
// FakeClock instead of sleeping. Thread-safety: all methods are safe for
// concurrent use; one internal mutex guards all state.
#ifndef XIEZUO_SECURITY_THROTTLE_H_
#define XIEZUO_SECURITY_THROTTLE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "security/thread_annotations.h"

namespace xiezuo::security {

struct LoginThrottleOptions {
  // Failures within `window_seconds` that trigger a lockout. Must be >= 1.
  int max_failures = 5;
  // How far back failures count, in seconds. Default 15 minutes.
  int64_t window_seconds = 15 * 60;
  // How long a lockout lasts, in seconds. Default 15 minutes.
  int64_t lockout_seconds = 15 * 60;
  // Most keys tracked at once; the least recently touched is evicted beyond.
  size_t max_keys = 100000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options = {});
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // False while `key` is locked out at time `now`.
  bool Allowed(std::string_view key, int64_t now) LOCKS_EXCLUDED(mu_);

  // Seconds until `key` may try again; 0 if it may now. For the
  // "try again in N minutes" message.
  int64_t RetryAfter(std::string_view key, int64_t now) LOCKS_EXCLUDED(mu_);

  void RecordFailure(std::string_view key, int64_t now) LOCKS_EXCLUDED(mu_);
  void RecordSuccess(std::string_view key) LOCKS_EXCLUDED(mu_);

  // Keys currently tracked (for tests and metrics).
  size_t TrackedKeys() const LOCKS_EXCLUDED(mu_);

 private:
  struct Entry {
    std::string key;
    std::deque<int64_t> failures;  // ascending times, at most max_failures
    int64_t locked_until = 0;      // lock holds while now < locked_until; 0 = none
  };
  using Lru = std::list<Entry>;  // front = most recently touched

  // Finds `key` and marks it most recently used; nullptr if untracked.
  Entry* Touch(std::string_view key) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Drops failures that left the window and an expired lock; erases the
  // entry (returning nullptr) if nothing remains.
  Entry* Prune(Entry* e, int64_t now) EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Erase(Entry* e) EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const LoginThrottleOptions options_;

  // mu_ guards the whole table: lru_ and index_ always change together (the
  // index maps each key to its list node), and each Entry's failures and
  // lock are read and updated inside one critical section.
  mutable Mutex mu_;
  Lru lru_ GUARDED_BY(mu_);
  // Keys are views into the Entry::key strings owned by lru_ nodes, which
  // never move (std::list), so erasing a node must erase its index entry.
  std::unordered_map<std::string_view, Lru::iterator> index_ GUARDED_BY(mu_);
};

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_THROTTLE_H_
