#include "imports/report.h"

#include <map>

#include "imports/columns.h"
#include "imports/xlsx_writer.h"

namespace xiezuo::imports {

using nlohmann::json;

void ImportReport::AddIssue(Issue i) {
  if (issues.size() >= kMaxDetails) {
    ++issues_omitted;
    return;
  }
  issues.push_back(std::move(i));
}

void ImportReport::AddChange(RowChange c) {
  if (changes.size() >= kMaxDetails) {
    ++changes_omitted;
    return;
  }
  changes.push_back(std::move(c));
}

json ImportReport::ToJson() const {
  json j;
  j["kind"] = kind;
  j["format"] = format;
  j["encoding"] = encoding;
  j["header_row"] = header_row;
  j["unknown_columns"] = unknown_columns;
  j["dry_run"] = dry_run;
  j["mode"] = mode == Mode::kAllOrNothing ? "all_or_nothing" : "valid_rows_only";
  j["committed"] = committed;
  j["rows_total"] = rows_total;
  j["rows_valid"] = rows_valid;
  j["rows_rejected"] = rows_rejected;
  j["inserted"] = inserted;
  j["updated"] = updated;
  j["unchanged"] = unchanged;
  json is = json::array();
  for (const auto& i : issues) {
    json e = {{"row", i.row}, {"column", i.column}, {"severity", i.error ? "error" : "warning"},
              {"message", i.zh}, {"message_en", i.en}};
    if (i.col >= 0) e["cell"] = ColumnLetter(i.col) + std::to_string(i.row);
    is.push_back(std::move(e));
  }
  j["issues"] = std::move(is);
  j["issues_omitted"] = issues_omitted;
  json cs = json::array();
  for (const auto& c : changes) {
    json e = {{"row", c.row}, {"id", c.id}, {"action", c.action}};
    if (!c.changed.empty()) e["changed"] = c.changed;
    cs.push_back(std::move(e));
  }
  j["changes"] = std::move(cs);
  j["changes_omitted"] = changes_omitted;
  return j;
}

StatusOr<std::string> ReportToXlsx(const ImportReport& r) {
  XlsxWriter x;
  auto* sum = x.AddSheet("导入结果");
  x.Merge(sum, 0, 0, 0, 3, r.kind == "workers" ? "求职人员名单导入结果" : "岗位名单导入结果",
          x.title());
  int row = 2;
  auto line = [&](const std::string& k, const std::string& v) {
    x.Text(sum, row, 0, k, x.header());
    x.Text(sum, row, 1, v);
    ++row;
  };
  line("文件格式", r.format + (r.encoding.empty() ? "" : "（" + r.encoding + "）"));
  line("表头所在行", std::to_string(r.header_row));
  line("数据行数", std::to_string(r.rows_total));
  line("有效行数", std::to_string(r.rows_valid));
  line("被拒绝行数", std::to_string(r.rows_rejected));
  line("新增", std::to_string(r.inserted));
  line("更新", std::to_string(r.updated));
  line("无变化", std::to_string(r.unchanged));
  line("方式", std::string(r.dry_run ? "试导入（未写入）；" : "") +
                   (r.mode == Mode::kAllOrNothing ? "全部正确才导入" : "只导入正确的行"));
  line("是否已写入", r.committed ? "是" : "否");
  if (!r.unknown_columns.empty()) {
    std::string u;
    for (const auto& c : r.unknown_columns) u += (u.empty() ? "" : "；") + c;
    line("未识别的列（已忽略）", u);
  }
  worksheet_set_column(sum, 0, 0, 22, nullptr);
  worksheet_set_column(sum, 1, 1, 60, nullptr);

  // Problems, one per line.
  auto* iss = x.AddSheet("问题清单");
  const char* heads[] = {"行号", "单元格", "列名", "类型", "问题说明"};
  for (int c = 0; c < 5; ++c) x.Text(iss, 0, c, heads[c], x.header());
  int ir = 1;
  for (const auto& i : r.issues) {
    x.Number(iss, ir, 0, static_cast<double>(i.row));
    x.Text(iss, ir, 1, i.col >= 0 ? ColumnLetter(i.col) + std::to_string(i.row) : "");
    x.Text(iss, ir, 2, i.column);
    x.Text(iss, ir, 3, i.error ? "错误" : "提示");
    x.Text(iss, ir, 4, i.zh);
    ++ir;
  }
  worksheet_set_column(iss, 4, 4, 80, nullptr);

  // Rejected rows as the official wrote them, faulty cells marked.
  auto* rej = x.AddSheet("被拒绝的行");
  int ncol = static_cast<int>(r.header_labels.size());
  x.Text(rej, 0, 0, "原行号", x.header());
  for (int c = 0; c < ncol; ++c) x.Text(rej, 0, c + 1, r.header_labels[c], x.header());
  x.Text(rej, 0, ncol + 1, "错误说明", x.header());
  std::map<int64_t, std::vector<const Issue*>> by_row;
  for (const auto& i : r.issues)
    if (i.error) by_row[i.row].push_back(&i);
  int rr = 1;
  for (const auto& row_data : r.rejected_rows) {
    x.Number(rej, rr, 0, static_cast<double>(row_data.number));
    std::map<int, std::string> bad_cols;
    std::string all;
    for (const Issue* i : by_row[row_data.number]) {
      if (i->col >= 0) bad_cols[i->col] += (bad_cols[i->col].empty() ? "" : "\n") + i->zh;
      all += (all.empty() ? "" : "；") + (i->column.empty() ? "" : i->column + "：") + i->zh;
    }
    int width = std::max(ncol, static_cast<int>(row_data.cells.size()));
    for (int c = 0; c < width; ++c) {
      std::string v = c < static_cast<int>(row_data.cells.size()) ? row_data.cells[c].text : "";
      bool bad = bad_cols.count(c) > 0;
      x.Text(rej, rr, c + 1, v, bad ? x.bad() : nullptr);
      if (bad) x.Comment(rej, rr, c + 1, bad_cols[c]);
    }
    x.Text(rej, rr, ncol + 1, all, x.wrap());
    ++rr;
  }
  worksheet_set_column(rej, ncol + 1, ncol + 1, 60, nullptr);
  return x.Finish();
}

}  // namespace xiezuo::imports
