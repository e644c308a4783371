// The SQLite DialogueStore and ReceptionStore: reads on the reader pool, writes as units of
// work on the writer, each with its Event. Private to the SQLite backend.
#pragma once

#include <memory>
#include <string_view>

#include "store/dialogues.hpp"
#include "store/receptions.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/writer.hpp"

namespace doithoai::store::sqlite {

// readers and writer must outlive the returned stores. secret_key: 32 bytes, or empty.
std::unique_ptr<DialogueStore> make_dialogue_store(ReaderPool& readers, Writer& writer,
                                                   std::string_view secret_key);
std::unique_ptr<ReceptionStore> make_reception_store(ReaderPool& readers, Writer& writer,
                                                     std::string_view secret_key);

}  // namespace doithoai::store::sqlite
