// A fixed-size pool of connections shared by the two backends.
// Thread-safety: Acquire/Release are safe from any thread; a leased
// connection belongs to its holder until the lease is destroyed.
#ifndef XIEZUO_STORE_POOL_H_
#define XIEZUO_STORE_POOL_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.h"

namespace xiezuo::store {

class ConnectionPool {
 public:
  using Leased = std::unique_ptr<Connection, std::function<void(Connection*)>>;

  void Add(std::unique_ptr<Connection> c) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(c.get());
    all_.push_back(std::move(c));
  }

  // Blocks until a connection is free.
  Leased Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    Connection* c = free_.back();
    free_.pop_back();
    return Leased(c, [this](Connection* r) {
      {
        std::lock_guard<std::mutex> l(mu_);
        free_.push_back(r);
      }
      cv_.notify_one();
    });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> all_;  // GUARDED_BY(mu_) (owned)
  std::vector<Connection*> free_;                 // GUARDED_BY(mu_)
};

}  // namespace xiezuo::store

#endif  // XIEZUO_STORE_POOL_H_
