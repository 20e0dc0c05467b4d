// Hierarchical official code tables loaded from TSV files in data/codes/:
// occupations (职业分类大典 2022, codes like 6-29-01-01) and industries
// (GB/T 4754-2017 sections and divisions). See data/codes/SOURCES.md.
//
//   ASSIGN_OR_RETURN(auto occ, CodeTable::Load("data/codes/occupations_2022.tsv"));
//   const CodeEntry* e = occ->Find("6-29-01-01");   // 砌筑工
//
// Immutable after Load; safe for concurrent reads.
#ifndef XIEZUO_CODES_CODE_TABLE_H_
#define XIEZUO_CODES_CODE_TABLE_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace xiezuo::codes {

struct CodeEntry {
  std::string code;
  std::string name;
  std::string level;   // occupations: major|middle|minor|occupation; industries: section|division
  std::string parent;  // "" at the top
};

class CodeTable {
 public:
  // Fails naming the file and line when a row is malformed or a parent is
  // missing.
  static StatusOr<std::unique_ptr<CodeTable>> Load(const std::string& path);

  const CodeEntry* Find(std::string_view code) const;
  // Direct children of `parent` ("" for the top level), in file order.
  std::vector<const CodeEntry*> Children(std::string_view parent) const;
  // Entries whose name contains `text` (or whose code starts with it),
  // optionally only of one level; at most `limit`.
  std::vector<const CodeEntry*> Search(std::string_view text, std::string_view level,
                                       size_t limit) const;
  const std::vector<CodeEntry>& entries() const { return entries_; }

 private:
  std::vector<CodeEntry> entries_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace xiezuo::codes

#endif  // XIEZUO_CODES_CODE_TABLE_H_
