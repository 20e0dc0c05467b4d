#include "imports/columns.h"

#include "common/strings.h"

namespace xiezuo::imports {

std::string ColumnLetter(int col) {
  std::string s;
  int n = col + 1;
  while (n > 0) {
    int r = (n - 1) % 26;
    s.insert(s.begin(), static_cast<char>('A' + r));
    n = (n - 1) / 26;
  }
  return s;
}

std::string NormalizeHeader(std::string_view in) {
  std::string s = NormalizeWidth(in);
  // Drop a unit or note in brackets: "期望月薪（元）", "手机号(必填)".
  for (std::string_view open : {"(", "（", "["}) {
    size_t at = s.find(open);
    if (at != std::string::npos && at > 0) s.resize(at);
  }
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '*' || c == '_' || c == '-' ||
        c == ':')
      continue;
    if (s.compare(i, 3, "：") == 0 || s.compare(i, 3, "＊") == 0) {
      i += 2;
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const Cell* HeaderMap::Get(const Row& row, const std::string& key) const {
  auto it = columns.find(key);
  if (it == columns.end() || it->second >= static_cast<int>(row.cells.size())) return nullptr;
  return &row.cells[it->second];
}

std::string HeaderMap::Text(const Row& row, const std::string& key) const {
  const Cell* c = Get(row, key);
  return c ? std::string(Trim(c->text)) : std::string();
}

HeaderMatcher::HeaderMatcher(const std::vector<FieldSpec>& fields) : fields_(fields) {
  for (const auto& f : fields_) {
    index_[NormalizeHeader(f.label)] = f.key;
    index_[NormalizeHeader(f.key)] = f.key;
    for (const auto& a : f.aliases) index_[NormalizeHeader(a)] = f.key;
  }
}

std::string HeaderMatcher::KeyOf(std::string_view header) const {
  auto it = index_.find(NormalizeHeader(header));
  return it == index_.end() ? std::string() : it->second;
}

StatusOr<HeaderMap> HeaderMatcher::Find(TableReader& reader, int max_title_rows) const {
  Row row;
  for (int seen = 0; seen <= max_title_rows; ++seen) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&row));
    if (!more) break;
    int known = 0;
    for (const auto& c : row.cells)
      if (!KeyOf(c.text).empty()) ++known;
    if (known < 2) continue;
    HeaderMap m;
    m.header_row = row.number;
    for (int i = 0; i < static_cast<int>(row.cells.size()); ++i) {
      std::string h(Trim(row.cells[i].text));
      if (h.empty()) continue;
      std::string key = KeyOf(h);
      if (key.empty()) {
        m.unknown_columns.push_back(ColumnLetter(i) + "列“" + h + "”");
        continue;
      }
      if (m.columns.count(key)) {
        m.unknown_columns.push_back(ColumnLetter(i) + "列“" + h + "”（与前面的列重复）");
        continue;
      }
      m.columns[key] = i;
      m.labels[i] = h;
    }
    for (const auto& f : fields_)
      if (f.required && !m.columns.count(f.key)) m.missing.push_back(f.label);
    if (!m.missing.empty()) {
      std::string list;
      for (const auto& l : m.missing) list += (list.empty() ? "" : "、") + l;
      Status s = InvalidArgument("第 " + std::to_string(row.number) + " 行表头缺少必填列：" + list +
                                     "。请补上这些列（列名写法见导入说明）",
                                 "The header (row " + std::to_string(row.number) +
                                     ") lacks required columns: " + list);
      for (const auto& l : m.missing)
        s.AddField("第 " + std::to_string(row.number) + " 行 表头",
                   "缺少必填列“" + l + "”", "Missing required column '" + l + "'");
      return s;
    }
    return m;
  }
  std::string labels;
  for (const auto& f : fields_)
    if (f.required) labels += (labels.empty() ? "" : "、") + f.label;
  return InvalidArgument("在文件前 " + std::to_string(max_title_rows + 1) +
                             " 行中找不到表头。表头应包含这些列名：" + labels,
                         "No header row found in the first " +
                             std::to_string(max_title_rows + 1) + " rows; it must name: " + labels);
}

}  // namespace xiezuo::imports
