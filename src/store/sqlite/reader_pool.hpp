// A fixed pool of read-only connections for one store instance. A read borrows a connection
// (waiting while all are lent), runs on it with that connection's statement cache, and gives it
// back when the Lease goes out of scope. close() waits for every lease to come back, then closes
// the connections; later borrows fail with an unavailable error.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Takes ownership of already configured connections.
  explicit ReaderPool(std::vector<std::unique_ptr<Connection>> connections);
  ~ReaderPool();
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  Expected<Lease> borrow();
  // A connection if one is idle now, without waiting (a reader already holding a lease must not
  // wait for a second one: every holder could be waiting).
  std::optional<Lease> try_borrow();
  void close();

 private:
  void give_back(std::unique_ptr<Connection> connection);

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t total_;
  bool closed_ = false;
};

}  // namespace doithoai::store::sqlite
