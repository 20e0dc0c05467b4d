#include "codes/code_table.h"

#include <fstream>

#include "common/strings.h"

namespace xiezuo::codes {

StatusOr<std::unique_ptr<CodeTable>> CodeTable::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return FailedPrecondition("找不到代码表文件 " + path, "Code table file not found: " + path);
  }
  auto t = std::unique_ptr<CodeTable>(new CodeTable());
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (lineno == 1) continue;  // header
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cols;
    size_t start = 0;
    for (;;) {
      size_t tab = line.find('\t', start);
      cols.push_back(
          line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (cols.size() != 4 || cols[0].empty() || cols[1].empty()) {
      return FailedPrecondition("代码表格式错误：" + path + " 第 " + std::to_string(lineno) + " 行",
                                "Malformed code table " + path + " line " + std::to_string(lineno));
    }
    if (!cols[3].empty() && !t->index_.count(cols[3])) {
      return FailedPrecondition(
          "代码表上级代码缺失：" + path + " 第 " + std::to_string(lineno) + " 行",
          "Parent code missing in " + path + " line " + std::to_string(lineno));
    }
    t->index_.emplace(cols[0], t->entries_.size());
    t->entries_.push_back({cols[0], cols[1], cols[2], cols[3]});
  }
  return t;
}

const CodeEntry* CodeTable::Find(std::string_view code) const {
  auto it = index_.find(std::string(Trim(code)));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

std::vector<const CodeEntry*> CodeTable::Children(std::string_view parent) const {
  std::vector<const CodeEntry*> out;
  for (const auto& e : entries_)
    if (e.parent == parent) out.push_back(&e);
  return out;
}

std::vector<const CodeEntry*> CodeTable::Search(std::string_view text, std::string_view level,
                                                size_t limit) const {
  std::vector<const CodeEntry*> exact, partial;
  text = Trim(text);
  for (const auto& e : entries_) {
    if (!level.empty() && e.level != level) continue;
    if (text.empty() || StartsWith(e.code, text) || e.name.find(text) != std::string::npos) {
      (e.name == text || e.code == text ? exact : partial).push_back(&e);
    }
  }
  exact.insert(exact.end(), partial.begin(), partial.end());
  if (exact.size() > limit) exact.resize(limit);
  return exact;
}

}  // namespace xiezuo::codes
