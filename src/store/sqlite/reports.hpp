// The SQLite ReportStore: the report aggregates in one read snapshot. Private to the SQLite
// backend.
#pragma once

#include <memory>

#include "store/reports.hpp"
#include "store/sqlite/reader_pool.hpp"

namespace doithoai::store::sqlite {

// readers must outlive the returned store.
std::unique_ptr<ReportStore> make_report_store(ReaderPool& readers);

}  // namespace doithoai::store::sqlite
