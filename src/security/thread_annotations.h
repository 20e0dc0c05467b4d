// Clang thread-safety annotations and a Mutex that carries them.
//
//   mutable Mutex mu_;
//   int count_ GUARDED_BY(mu_);
//   void Bump() { MutexLock l(&mu_); ++count_; }
//
// libstdc++'s std::mutex is not annotated, so -Wthread-safety cannot check
// code that uses it directly; this thin wrapper is. The macros expand to
// nothing on GCC. (Lives in security/ because it is the first user; move it
// to common/ when a second module needs it.)
#ifndef XIEZUO_SECURITY_THREAD_ANNOTATIONS_H_
#define XIEZUO_SECURITY_THREAD_ANNOTATIONS_H_

#include <mutex>

#if defined(__clang__)
#define XIEZUO_TSA_(x) __attribute__((x))
#else
#define XIEZUO_TSA_(x)
#endif

#ifndef GUARDED_BY
#define CAPABILITY(x) XIEZUO_TSA_(capability(x))
#define SCOPED_CAPABILITY XIEZUO_TSA_(scoped_lockable)
#define GUARDED_BY(x) XIEZUO_TSA_(guarded_by(x))
#define EXCLUSIVE_LOCKS_REQUIRED(...) XIEZUO_TSA_(requires_capability(__VA_ARGS__))
#define LOCKS_EXCLUDED(...) XIEZUO_TSA_(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) XIEZUO_TSA_(acquire_capability(__VA_ARGS__))
#define RELEASE(...) XIEZUO_TSA_(release_capability(__VA_ARGS__))
#endif

namespace xiezuo::security {

class CAPABILITY("mutex") Mutex {
 public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }

 private:
  std::mutex mu_;
};

class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_THREAD_ANNOTATIONS_H_
