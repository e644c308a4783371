#include "store/sqlite/reader_pool.hpp"

namespace doithoai::store::sqlite {

ReaderPool::Lease::~Lease() {
  if (connection_ != nullptr) {
    pool_->give_back(std::move(connection_));
  }
}

ReaderPool::ReaderPool(std::vector<std::unique_ptr<Connection>> connections)
    : idle_(std::move(connections)), total_(idle_.size()) {}

ReaderPool::~ReaderPool() {
  close();
}

Expected<ReaderPool::Lease> ReaderPool::borrow() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return closed_ || !idle_.empty(); });
  if (closed_) {
    return closed_error();
  }
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return Lease(this, std::move(connection));
}

std::optional<ReaderPool::Lease> ReaderPool::try_borrow() {
  std::lock_guard lock(mu_);
  if (closed_ || idle_.empty()) {
    return std::nullopt;
  }
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return Lease(this, std::move(connection));
}

void ReaderPool::give_back(std::unique_ptr<Connection> connection) {
  // A read that left its transaction open (an error path) must not pin an old snapshot or
  // make the next borrower's BEGIN fail.
  if (connection->in_transaction()) {
    (void)connection->exec("ROLLBACK");
  }
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(connection));
  }
  // Wakes both borrowers and a close() waiting for the last lease.
  cv_.notify_all();
}

void ReaderPool::close() {
  std::vector<std::unique_ptr<Connection>> connections;
  {
    std::unique_lock lock(mu_);
    closed_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return idle_.size() == total_; });
    connections.swap(idle_);
    total_ = 0;
  }
  connections.clear();  // closes outside the lock
}

}  // namespace doithoai::store::sqlite
