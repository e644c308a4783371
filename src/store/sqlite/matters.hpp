// The SQLite MatterStore: matters, their submissions (people's phone and ID numbers encrypted),
// answers and deadlines. Reads run on the reader pool, writes as units of work on the writer,
// each with its Event. Private to the SQLite backend.
#pragma once

#include <memory>
#include <string_view>

#include "store/matters.hpp"
#include "store/search.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/writer.hpp"

namespace doithoai::store::sqlite {

// readers and writer must outlive the returned store. secret_key: 32 bytes, or empty. With a
// signer, each matter created gets its similarity signature in the same unit.
std::unique_ptr<MatterStore> make_matter_store(ReaderPool& readers, Writer& writer,
                                               std::string_view secret_key,
                                               MatterSigner signer = {});

}  // namespace doithoai::store::sqlite
