#include "security/throttle.h"

#include <algorithm>

namespace xiezuo::security {

namespace {
LoginThrottleOptions Sanitize(LoginThrottleOptions o) {
  o.max_failures = std::max(o.max_failures, 1);
  o.window_seconds = std::max<int64_t>(o.window_seconds, 1);
  o.lockout_seconds = std::max<int64_t>(o.lockout_seconds, 0);
  o.max_keys = std::max<size_t>(o.max_keys, 1);
  return o;
}
}  // namespace

LoginThrottle::LoginThrottle(LoginThrottleOptions options) : options_(Sanitize(options)) {}

LoginThrottle::Entry* LoginThrottle::Touch(std::string_view key) {
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);  // iterators stay valid
  return &*it->second;
}

LoginThrottle::Entry* LoginThrottle::Prune(Entry* e, int64_t now) {
  while (!e->failures.empty() && e->failures.front() <= now - options_.window_seconds) {
    e->failures.pop_front();
  }
  if (e->locked_until <= now) e->locked_until = 0;
  if (e->failures.empty() && e->locked_until == 0) {
    Erase(e);
    return nullptr;
  }
  return e;
}

void LoginThrottle::Erase(Entry* e) {
  auto it = index_.find(e->key);
  Lru::iterator node = it->second;
  index_.erase(it);  // before the node, whose string the map key views
  lru_.erase(node);
}

bool LoginThrottle::Allowed(std::string_view key, int64_t now) {
  MutexLock l(&mu_);
  Entry* e = Touch(key);
  if (e == nullptr) return true;
  e = Prune(e, now);
  return e == nullptr || e->locked_until == 0;
}

int64_t LoginThrottle::RetryAfter(std::string_view key, int64_t now) {
  MutexLock l(&mu_);
  Entry* e = Touch(key);
  if (e == nullptr) return 0;
  e = Prune(e, now);
  return e == nullptr || e->locked_until == 0 ? 0 : e->locked_until - now;
}

void LoginThrottle::RecordFailure(std::string_view key, int64_t now) {
  MutexLock l(&mu_);
  Entry* e = Touch(key);
  if (e != nullptr) e = Prune(e, now);
  if (e == nullptr) {
    lru_.push_front(Entry{.key = std::string(key)});
    index_.emplace(lru_.front().key, lru_.begin());
    e = &lru_.front();
    while (lru_.size() > options_.max_keys) Erase(&lru_.back());
  }
  // Failures while locked are not counted: callers should not have checked
  // the password at all, and counting would let the lock grow without end.
  if (e->locked_until != 0) return;
  e->failures.push_back(now);
  if (e->failures.size() >= static_cast<size_t>(options_.max_failures)) {
    e->locked_until = now + options_.lockout_seconds;
    e->failures.clear();
  }
}

void LoginThrottle::RecordSuccess(std::string_view key) {
  MutexLock l(&mu_);
  auto it = index_.find(key);
  if (it != index_.end()) Erase(&*it->second);
}

size_t LoginThrottle::TrackedKeys() const {
  MutexLock l(&mu_);
  return lru_.size();
}

}  // namespace xiezuo::security
