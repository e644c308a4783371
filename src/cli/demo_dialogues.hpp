// Demo dialogues and reception for `doithoai serve --demo`, reproducing the article the project
// is built around (Huyện ủy Vĩnh Bảo, 2021): the Huyện ủy secretary's 2021 dialogue with its
// village meetings, 41 registered speakers and opinions in each of the article's fields (the two
// named delegates' proposals linked to their matters from the matters demo), and the dialogue
// histories of 2016-2020 whose totals give exactly the published figures (generated to match
// them, and marked so); plus the 2021 reception schedules of the Huyện ủy and UBND huyện with
// held sessions and a register. Fixed seed: every machine gets the same set.
#pragma once

#include "domain/result.hpp"
#include "store/store.hpp"

namespace doithoai::cli {

// The published figures the generated 2016-2020 histories add up to exactly.
struct PublishedTotals {
  const char* host_agency;
  int dialogues;
  int attendance;
  int opinions;
};
// Huyện ủy: 13 dialogues, "trên 2.600" attendances (2.618 here), 587 opinions; UBND huyện: 178
// conferences, 6.247 attendances, 1.725 opinions.
inline constexpr PublishedTotals kHuyenUyTotals{"HU-VB", 13, 2618, 587};
inline constexpr PublishedTotals kUbndTotals{"UBND-VB", 178, 6247, 1725};

// Creates the demo dialogues (after the demo matters, whose two named proposals it links to)
// and the demo reception data; returns how many dialogues. Does nothing and returns 0 when the
// database already holds a dialogue.
Expected<int> load_demo_dialogues(store::Store& store);

}  // namespace doithoai::cli
