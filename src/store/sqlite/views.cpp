// View counts of published answers (migration 8): added in batches by the web module's counter.
#include "store/sqlite/ops.hpp"

namespace doithoai::store::sqlite {

Expected<void> add_views(Connection& c, const std::vector<std::pair<Id, std::int64_t>>& views) {
  auto q =
      TRY(c.cached("INSERT INTO matter_views (matter_id, views) "
                   "SELECT id, ?2 FROM matters WHERE id = ?1 "
                   "ON CONFLICT (matter_id) DO UPDATE SET views = views + excluded.views"));
  std::int64_t total = 0;
  for (const auto& [id, n] : views) {
    if (n <= 0) continue;
    q->bind_all(id, n);
    TRY(q->run());
    q->reset();
    total += n;
  }
  // One event a batch: how many views of how many answers, no reader's trace.
  TRY(append_event(c, Actor{std::nullopt, "system"}, "views.add", "views", "batch", "",
                   "{\"matters\":" + std::to_string(views.size()) +
                       ",\"views\":" + std::to_string(total) + "}"));
  return {};
}

Expected<std::vector<ViewedMatter>> read_most_viewed(Connection& c, int limit) {
  auto q =
      TRY(c.cached("SELECT m.id, m.tracking_code, m.title, m.unit_code, m.kind, m.answered_on, "
                   "v.views FROM matter_views v CROSS JOIN matters m ON m.id = v.matter_id "
                   "WHERE m.published = 1 AND m.merged_into IS NULL "
                   "ORDER BY v.views DESC, v.matter_id DESC LIMIT ?"));
  q->bind(1, limit);
  std::vector<ViewedMatter> out;
  while (TRY(q->step())) {
    ViewedMatter v;
    v.id = q->int64(0);
    v.tracking_code = q->text(1);
    v.title = q->text(2);
    v.unit_code = q->text(3);
    v.kind = parse_kind(q->text(4)).value_or(Kind::phan_anh);
    v.answered_on = TRY(q->opt_date(5));
    v.views = q->int64(6);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace doithoai::store::sqlite
