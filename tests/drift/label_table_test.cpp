// The monitor's category lookup: every label found at its position, labels
// that differ only in the bytes a key does not hold (the middle of a long
// label, compared byte by byte) told apart, unknown labels absent; lengths
// 0 to 40.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fepipe/drift/detail/label_table.hpp"

namespace drift_label_table_test {

using fepipe::drift::detail::LabelTable;

TEST_CASE("LabelTable: finds each label of 0 to 40 bytes, tells apart labels equal but in the middle") {
  std::vector<std::string> labels;
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string s(n, 'x');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + n) % 26);
    labels.push_back(s);
    if (n >= 3) {  // same size, same first and last bytes, another middle byte
      std::string t = s;
      t[n / 2 + (n > 16 ? 2 : 0)] = '#';
      labels.push_back(t);
    }
  }
  const LabelTable table(labels);
  CHECK(table.size() == labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    INFO("label " << labels[i]);
    CHECK(table.find(labels[i]) == static_cast<std::int32_t>(i));
    CHECK(table.find(labels[i] + "!") == -1);
    if (labels[i].size() > 1) CHECK(table.find(std::string_view(labels[i]).substr(1)) == -1);  // (of 1 byte: "", a label)
  }
  const LabelTable copy = table;
  CHECK(copy.find(labels[5]) == 5);
  CHECK(LabelTable().find("anything") == -1);
  CHECK(LabelTable().find("") == -1);
}

TEST_CASE("LabelTable: a few dozen labels all sit in their home slot; a thousand are all found") {
  // The record path relies on the first: a known label found at the first
  // probe, no data-dependent branch. The multiplier search must find a
  // collision-free placement for a column's usual number of categories.
  for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{12}, std::size_t{25},
                        std::size_t{40}}) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < n; ++i) labels.push_back("cat" + std::to_string(i * 37 % 101));
    const LabelTable table(labels);
    INFO(n << " labels");
    CHECK(table.displaced() == 0);
    for (std::size_t i = 0; i < n; ++i) CHECK(table.find(labels[i]) == static_cast<std::int32_t>(i));
    CHECK(table.find("cat") == -1);
    CHECK(table.find("cat1000") == -1);
  }
  std::vector<std::string> many;
  for (std::size_t i = 0; i < 1000; ++i) many.push_back(i % 3 == 0 ? "a long label number " + std::to_string(i)
                                                                   : std::to_string(i * 7919));
  const LabelTable table(many);
  for (std::size_t i = 0; i < many.size(); ++i) CHECK(table.find(many[i]) == static_cast<std::int32_t>(i));
  CHECK(table.displaced() < many.size() / 4);
  CHECK(table.find("a long label number 1") == -1);
  CHECK(table.find("7918") == -1);
}

}  // namespace drift_label_table_test
