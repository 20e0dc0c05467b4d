#include "imports/cells.h"

#include <cmath>
#include <cstdio>

#include "common/clock.h"
#include "common/strings.h"

namespace xiezuo::imports {

namespace {

std::string Clean(const Cell& c) { return NormalizeWidth(Trim(c.text)); }

void EraseAll(std::string& s, std::string_view what) {
  for (size_t at; (at = s.find(what)) != std::string::npos;) s.erase(at, what.size());
}

std::optional<std::string> MakeDate(int64_t y, int64_t m, int64_t d) {
  int64_t days;
  if (y < 1900 || y > 2200 || !CivilToDays(static_cast<int>(y), static_cast<int>(m),
                                           static_cast<int>(d), &days))
    return std::nullopt;
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m),
                static_cast<int>(d));
  return std::string(out);
}

}  // namespace

Parsed<int64_t> ParseAmount(const Cell& c) {
  Parsed<int64_t> out;
  std::string s = Clean(c);
  if (s.empty()) return out;
  for (std::string_view w : {",", "，", "元", "¥", "￥", "/月", "每月", "月", " ", "RMB", "rmb"})
    EraseAll(s, w);
  for (std::string_view sep : {"-", "~", "～", "至", "到", "—"}) {
    size_t at = s.find(sep);
    if (at != std::string::npos && at > 0) s.resize(at);
  }
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v < 0 || v > 1e9) {
    out.error = CellError{"应填写金额（元），如 4000；不确定或“面议”请留空",
                          "Enter an amount in yuan, e.g. 4000; leave it empty if not known"};
    return out;
  }
  out.value = static_cast<int64_t>(std::llround(v));
  return out;
}

Parsed<int64_t> ParseCount(const Cell& c) {
  Parsed<int64_t> out;
  std::string s = Clean(c);
  if (s.empty()) return out;
  for (std::string_view w : {"人", "名", "个", ",", " "}) EraseAll(s, w);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || v != std::floor(v) || v < -1e9 || v > 1e9) {
    out.error = CellError{"应填写整数，如 30", "Enter a whole number, e.g. 30"};
    return out;
  }
  out.value = static_cast<int64_t>(v);
  return out;
}

Parsed<std::string> ParseDate(const Cell& c) {
  Parsed<std::string> out;
  if (c.type == CellType::kDate) {
    out.value = c.text;
    return out;
  }
  std::string s = Clean(c);
  if (s.empty()) return out;
  for (std::string_view none : {"随时", "立即", "即可", "待定", "无"}) {
    if (s == none) return out;
  }
  if (c.type == CellType::kNumber) {
    std::string d = ExcelSerialToDate(std::strtod(s.c_str(), nullptr));
    if (!d.empty() && s.find('.') == std::string::npos && s.size() == 5) {
      out.value = d;
      return out;
    }
  }
  // Separators: - / . 年 月 日; or eight digits.
  std::string t;
  for (size_t i = 0; i < s.size();) {
    bool sep_found = false;
    for (std::string_view sep : {"年", "月", "/", "."}) {
      if (s.compare(i, sep.size(), sep) == 0) {
        t.push_back('-');
        i += sep.size();
        sep_found = true;
        break;
      }
    }
    if (!sep_found) t.push_back(s[i++]);
  }
  EraseAll(t, "日");
  size_t sp = t.find(' ');
  if (sp != std::string::npos) t.resize(sp);  // "2025-03-01 00:00:00"
  std::optional<std::string> d;
  if (t.size() == 8 && t.find_first_not_of("0123456789") == std::string::npos) {
    d = MakeDate(*ParseInt64(t.substr(0, 4)), *ParseInt64(t.substr(4, 2)),
                 *ParseInt64(t.substr(6, 2)));
  } else {
    auto parts = SplitAny(t, {"-"});
    if (parts.size() == 3) {
      auto y = ParseInt64(parts[0]), m = ParseInt64(parts[1]), dd = ParseInt64(parts[2]);
      if (y && m && dd) d = MakeDate(*y, *m, *dd);
    }
  }
  if (!d) {
    out.error = CellError{"日期无法识别，请写成 2025-03-01 或 2025/3/1",
                          "Unrecognised date; write it as 2025-03-01 or 2025/3/1"};
    return out;
  }
  out.value = *d;
  return out;
}

Parsed<std::string> IdentifierText(const Cell& c, bool is_id_number) {
  Parsed<std::string> out;
  std::string s(Trim(c.text));
  if (s.empty()) return out;
  if (c.type != CellType::kNumber) {
    out.value = s;
    return out;
  }
  // Excel keeps 15 significant digits: an 18-digit number has lost its last
  // digits (and an X check character cannot be a number at all).
  bool sci = s.find_first_of("Ee") != std::string::npos;
  if (is_id_number) {
    size_t digits = 0;
    for (char ch : s) digits += ch >= '0' && ch <= '9';
    if (sci || digits > 15) {
      out.error = CellError{
          "身份证号被 Excel 存成了数字，后几位已丢失（Excel 只保留 15 位有效数字）。请把这一列设为“文本”格式后重新录入身份证号",
          "The ID number was stored as a number and its last digits are lost (Excel keeps 15 "
          "significant digits); format the column as Text and enter the numbers again"};
      return out;
    }
    out.value = s;
    return out;
  }
  double v = std::strtod(s.c_str(), nullptr);
  if (v >= 0 && v < 1e15 && v == std::floor(v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    out.value = buf;
  } else {
    out.error = CellError{"号码被存成了小数或超长数字，请把这一列设为“文本”格式后重新录入",
                          "The number was stored as a decimal or too long a number; format "
                          "the column as Text and enter it again"};
  }
  return out;
}

Parsed<bool> ParseYesNo(const Cell& c) {
  Parsed<bool> out;
  std::string s = Clean(c);
  if (s.empty()) return out;
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (std::string_view y : {"是", "包", "有", "y", "yes", "1", "true", "提供", "√", "包吃", "包住", "缴纳", "购买"})
    if (s == y) return out.value = true, out;
  for (std::string_view n : {"否", "不包", "无", "没有", "n", "no", "0", "false", "不提供", "×", "不缴纳"})
    if (s == n) return out.value = false, out;
  out.error = CellError{"请填“是”或“否”", "Enter 是 (yes) or 否 (no)"};
  return out;
}

std::vector<std::string> SplitList(std::string_view s) {
  static const std::vector<std::string_view> kSeparators = {
      "、", ",", "，", ";", "；", "/", "\n", "\r"};
  return SplitAny(s, kSeparators);
}

CodeResolver::CodeResolver(const codes::Codebook& cb) : cb_(cb) {
  for (const auto& e : cb_.occupations->entries())
    if (e.level == "occupation") occupation_by_name_.emplace(e.name, e.code);
}

Parsed<std::string> CodeResolver::Division(std::string_view raw, codes::Level deepest) const {
  std::string text = NormalizeWidth(Trim(raw));
  Parsed<std::string> out;
  if (text.empty()) return out;
  auto it = division_cache_.find(text);
  if (it != division_cache_.end()) return it->second;
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    const codes::Division* d = cb_.divisions->Find(text);
    if (d) out.value = std::string(d->code());
    else
      out.error = CellError{"行政区划代码不存在，请核对或改写地名，如“云南省昭通市巧家县”",
                            "Unknown division code; check it or write the place name"};
  } else {
    auto r = cb_.divisions->ResolveUnique(text, deepest);
    if (r.ok()) out.value = std::string((*r)->code());
    else if (r.status().code() == StatusCode::kNotFound)
      out.error = CellError{"找不到地名“" + text + "”，请写完整，如“云南省昭通市巧家县”",
                            "Place '" + text + "' not found; write it in full, e.g. 云南省昭通市巧家县"};
    else
      out.error = CellError{r.status().zh(), r.status().en()};
  }
  if (division_cache_.size() < 100000) division_cache_.emplace(text, out);
  return out;
}

Parsed<std::string> CodeResolver::Occupation(std::string_view raw) const {
  std::string text(Trim(raw));
  Parsed<std::string> out;
  if (text.empty()) return out;
  if (const auto* e = cb_.occupations->Find(text); e && e->level == "occupation") {
    out.value = e->code;
    return out;
  }
  auto it = occupation_by_name_.find(text);
  if (it != occupation_by_name_.end()) {
    out.value = it->second;
    return out;
  }
  auto found = cb_.occupations->Search(text, "occupation", 2);
  if (found.size() == 1) {
    out.value = found[0]->code;
    return out;
  }
  out.error = CellError{
      "工种“" + text + "”不在《职业分类大典》（2022）中" +
          (found.empty() ? "，请写标准名称，如“焊工”“保洁员”"
                         : "，有多个相近的工种（如“" + found[0]->name + "”），请写完整名称"),
      "Occupation '" + text + "' is not in the 2022 classification; write its standard name"};
  return out;
}

}  // namespace xiezuo::imports
