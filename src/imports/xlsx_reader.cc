// XLSX reader: minizip for the zip container, expat for the XML, both
// streamed. Reads the first worksheet in workbook order.
//
// Defences, each checked before the bytes it guards are spent:
//  - every entry's declared uncompressed size, its ratio to the compressed
//    size, and the total are checked when the archive is opened, and the
//    bytes actually inflated are counted again while reading (headers lie);
//  - any DOCTYPE stops the parser at its start, so no entity is ever
//    declared, let alone expanded or fetched.
#include <expat.h>
#include <minizip/unzip.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>

#include "common/strings.h"
#include "imports/table_reader.h"

namespace xiezuo::imports {
namespace {

Status Malformed(const std::string& what_zh, const std::string& what_en) {
  return InvalidArgument("xlsx 文件已损坏或不是 Excel 文件（" + what_zh +
                             "），请在 Excel 或 WPS 中打开后重新保存",
                         "The xlsx file is damaged or not an Excel file (" + what_en +
                             "); open and save it again in Excel or WPS");
}

Status Bomb() {
  return InvalidArgument("文件解压后过大或压缩比异常（疑似“压缩炸弹”），已拒绝",
                         "The file inflates to too much data or its compression ratio is "
                         "abnormal (a zip bomb); refused");
}

// Column letters of a cell reference ("AB12") to a 0-based index; -1 if none.
int ColumnOf(const char* ref, int64_t* row_out = nullptr) {
  int col = 0;
  const char* p = ref;
  while (*p >= 'A' && *p <= 'Z') {
    col = col * 26 + (*p - 'A' + 1);
    if (col > 16384) return -1;
    ++p;
  }
  if (p == ref) return -1;
  if (row_out) {
    int64_t r = 0;
    while (*p >= '0' && *p <= '9') r = r * 10 + (*p++ - '0');
    *row_out = r;
  }
  return col - 1;
}

const char* Attr(const XML_Char** atts, const char* name) {
  for (int i = 0; atts[i]; i += 2)
    if (std::strcmp(atts[i], name) == 0) return atts[i + 1];
  return nullptr;
}

// Local name without a namespace prefix ("x:row" -> "row").
const char* Local(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

bool IsDateFormatCode(std::string_view code) {
  std::string plain;
  bool in_quote = false, in_bracket = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (in_quote) {
      if (c == '"') in_quote = false;
      continue;
    }
    if (in_bracket) {
      if (c == ']') in_bracket = false;
      continue;
    }
    if (c == '"') in_quote = true;
    else if (c == '[') in_bracket = true;
    else if (c == '\\') ++i;
    else plain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return plain.find('y') != std::string::npos || plain.find('d') != std::string::npos ||
         plain.find("年") != std::string::npos || plain.find("月") != std::string::npos ||
         plain.find("日") != std::string::npos;
}

bool IsBuiltinDateFormat(int id) {
  return (id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
         (id >= 50 && id <= 58);
}

// The bytes of one zip entry, inflated on demand and counted.
class EntryStream {
 public:
  EntryStream(unzFile zip, int64_t* budget) : zip_(zip), budget_(budget) {}
  ~EntryStream() {
    if (open_) unzCloseCurrentFile(zip_);
  }
  Status Open(const std::string& name, bool* found) {
    *found = false;
    if (unzLocateFile(zip_, name.c_str(), 0) != UNZ_OK) return Status::Ok();
    unz_file_info info;
    if (unzGetCurrentFileInfo(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
      return Malformed("目录", "directory");
    declared_ = static_cast<int64_t>(info.uncompressed_size);
    if (unzOpenCurrentFile(zip_) != UNZ_OK) return Malformed("无法解压", "cannot inflate");
    open_ = true;
    *found = true;
    return Status::Ok();
  }
  // Returns bytes read, 0 at the end.
  StatusOr<size_t> Read(char* buf, size_t n) {
    int got = unzReadCurrentFile(zip_, buf, static_cast<unsigned>(n));
    if (got < 0) return Malformed("解压出错", "inflate error");
    read_ += got;
    *budget_ -= got;
    if (read_ > declared_ || *budget_ < 0) return Bomb();
    return static_cast<size_t>(got);
  }

 private:
  unzFile zip_;
  int64_t* budget_;
  int64_t declared_ = 0;
  int64_t read_ = 0;
  bool open_ = false;
};

// Shared base for expat parses that refuse DTDs.
class XmlParse {
 public:
  XmlParse() {
    parser_ = XML_ParserCreate("UTF-8");
    XML_SetUserData(parser_, this);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetStartDoctypeDeclHandler(parser_, [](void* ud, const XML_Char*, const XML_Char*,
                                               const XML_Char*, int) {
      auto* self = static_cast<XmlParse*>(ud);
      self->Fail(InvalidArgument("xlsx 文件中含有 DOCTYPE/实体声明（可能是恶意文件），已拒绝",
                                 "The xlsx contains a DOCTYPE/entity declaration (possibly "
                                 "malicious); refused"));
    });
    XML_SetEntityDeclHandler(parser_, [](void* ud, const XML_Char*, int, const XML_Char*, int,
                                         const XML_Char*, const XML_Char*, const XML_Char*,
                                         const XML_Char*) {
      static_cast<XmlParse*>(ud)->Fail(
          InvalidArgument("xlsx 文件中含有实体声明，已拒绝", "Entity declarations are refused"));
    });
    XML_SetElementHandler(
        parser_,
        [](void* ud, const XML_Char* name, const XML_Char** atts) {
          static_cast<XmlParse*>(ud)->Start(Local(name), atts);
        },
        [](void* ud, const XML_Char* name) { static_cast<XmlParse*>(ud)->End(Local(name)); });
    XML_SetCharacterDataHandler(parser_, [](void* ud, const XML_Char* s, int len) {
      static_cast<XmlParse*>(ud)->Text(s, len);
    });
  }
  virtual ~XmlParse() { XML_ParserFree(parser_); }

  void Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
    XML_StopParser(parser_, XML_FALSE);
  }

  Status Feed(const char* data, size_t n, bool final, const char* part) {
    if (XML_Parse(parser_, data, static_cast<int>(n), final) == XML_STATUS_ERROR) {
      if (!error_.ok()) return error_;
      return Malformed(std::string(part) + " 第 " +
                           std::to_string(XML_GetCurrentLineNumber(parser_)) + " 行 XML 错误",
                       std::string(part) + " XML error at line " +
                           std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " +
                           XML_ErrorString(XML_GetErrorCode(parser_)));
    }
    return error_;
  }

  // Parses a whole entry; found=false when the entry is absent.
  Status ParseEntry(unzFile zip, const std::string& name, int64_t* budget, bool* found) {
    EntryStream es(zip, budget);
    RETURN_IF_ERROR(es.Open(name, found));
    if (!*found) return Status::Ok();
    std::vector<char> buf(64 * 1024);
    while (true) {
      ASSIGN_OR_RETURN(size_t n, es.Read(buf.data(), buf.size()));
      RETURN_IF_ERROR(Feed(buf.data(), n, n == 0, name.c_str()));
      if (n == 0) return Status::Ok();
    }
  }

 protected:
  virtual void Start(const char* name, const XML_Char** atts) = 0;
  virtual void End(const char* name) = 0;
  virtual void Text(const char*, int) {}

  XML_Parser parser_;
  Status error_;
};

// xl/workbook.xml: the first sheet's relationship id.
class WorkbookParse : public XmlParse {
 public:
  std::string first_sheet_rid;
  std::string first_sheet_name;

 protected:
  void Start(const char* name, const XML_Char** atts) override {
    if (std::strcmp(name, "sheet") == 0 && first_sheet_rid.empty()) {
      const char* rid = Attr(atts, "r:id");
      if (rid) first_sheet_rid = rid;
      if (const char* n = Attr(atts, "name")) first_sheet_name = n;
    }
  }
  void End(const char*) override {}
};

class RelsParse : public XmlParse {
 public:
  std::map<std::string, std::string> targets;

 protected:
  void Start(const char* name, const XML_Char** atts) override {
    if (std::strcmp(name, "Relationship") == 0) {
      const char* id = Attr(atts, "Id");
      const char* t = Attr(atts, "Target");
      if (id && t) targets[id] = t;
    }
  }
  void End(const char*) override {}
};

// xl/sharedStrings.xml: <si> with <t> or rich runs <r><t>; phonetic runs
// (<rPh>) are not part of the value.
class SharedStringsParse : public XmlParse {
 public:
  explicit SharedStringsParse(int64_t max_bytes) : max_bytes_(max_bytes) {}
  std::vector<std::string> strings;

 protected:
  void Start(const char* name, const XML_Char**) override {
    if (std::strcmp(name, "si") == 0) {
      in_si_ = true;
      cur_.clear();
    } else if (std::strcmp(name, "rPh") == 0) {
      in_rph_ = true;
    } else if (std::strcmp(name, "t") == 0) {
      in_t_ = true;
    }
  }
  void End(const char* name) override {
    if (std::strcmp(name, "si") == 0) {
      in_si_ = false;
      bytes_ += static_cast<int64_t>(cur_.size()) + 32;
      if (bytes_ > max_bytes_) {
        Fail(InvalidArgument("xlsx 的共享字符串表过大，已拒绝",
                             "The xlsx shared-string table is too large; refused"));
      }
      strings.push_back(std::move(cur_));
      cur_.clear();
    } else if (std::strcmp(name, "rPh") == 0) {
      in_rph_ = false;
    } else if (std::strcmp(name, "t") == 0) {
      in_t_ = false;
    }
  }
  void Text(const char* s, int len) override {
    if (in_si_ && in_t_ && !in_rph_) cur_.append(s, len);
  }

 private:
  int64_t max_bytes_;
  int64_t bytes_ = 0;
  bool in_si_ = false, in_t_ = false, in_rph_ = false;
  std::string cur_;
};

// xl/styles.xml: which cell formats (xf index) are dates.
class StylesParse : public XmlParse {
 public:
  std::vector<bool> xf_is_date;

 protected:
  void Start(const char* name, const XML_Char** atts) override {
    if (std::strcmp(name, "numFmt") == 0) {
      const char* id = Attr(atts, "numFmtId");
      const char* code = Attr(atts, "formatCode");
      if (id && code) custom_[std::atoi(id)] = IsDateFormatCode(code);
    } else if (std::strcmp(name, "cellXfs") == 0) {
      in_cell_xfs_ = true;
    } else if (std::strcmp(name, "xf") == 0 && in_cell_xfs_) {
      const char* id = Attr(atts, "numFmtId");
      int fmt = id ? std::atoi(id) : 0;
      auto it = custom_.find(fmt);
      xf_is_date.push_back(it != custom_.end() ? it->second : IsBuiltinDateFormat(fmt));
    }
  }
  void End(const char* name) override {
    if (std::strcmp(name, "cellXfs") == 0) in_cell_xfs_ = false;
  }

 private:
  std::map<int, bool> custom_;
  bool in_cell_xfs_ = false;
};

struct MergeRange {
  int64_t r1, r2;
  int c1, c2;
};

// The worksheet, parsed incrementally: complete rows are queued.
class SheetParse : public XmlParse {
 public:
  SheetParse(const std::vector<std::string>& shared, const std::vector<bool>& xf_is_date,
             std::vector<MergeRange> merges, const ReaderLimits& limits)
      : shared_(shared), xf_is_date_(xf_is_date), merges_(std::move(merges)),
        merge_values_(merges_.size()), limits_(limits) {}

  std::deque<Row> rows;

 protected:
  void Start(const char* name, const XML_Char** atts) override {
    if (std::strcmp(name, "row") == 0) {
      cur_ = Row();
      const char* r = Attr(atts, "r");
      cur_.number = r ? std::atoll(r) : last_row_ + 1;
      if (cur_.number <= last_row_) cur_.number = last_row_ + 1;
      next_col_ = 0;
      in_row_ = true;
      if (++row_count_ > limits_.max_rows) {
        Fail(ResourceExhausted("文件超过 " + std::to_string(limits_.max_rows) +
                                   " 行，请拆分后分批导入",
                               "The sheet has more than " + std::to_string(limits_.max_rows) +
                                   " rows; split it"));
      }
    } else if (std::strcmp(name, "c") == 0 && in_row_) {
      const char* r = Attr(atts, "r");
      col_ = r ? ColumnOf(r) : next_col_;
      if (col_ < 0) col_ = next_col_;
      next_col_ = col_ + 1;
      const char* t = Attr(atts, "t");
      type_ = t ? t : "n";
      const char* s = Attr(atts, "s");
      style_ = s ? std::atoi(s) : 0;
      value_.clear();
      in_c_ = true;
    } else if (in_c_ && (std::strcmp(name, "v") == 0 || std::strcmp(name, "t") == 0)) {
      in_v_ = true;
    } else if (in_c_ && std::strcmp(name, "rPh") == 0) {
      in_rph_ = true;
    }
  }

  void End(const char* name) override {
    if (std::strcmp(name, "v") == 0 || std::strcmp(name, "t") == 0) {
      in_v_ = false;
    } else if (std::strcmp(name, "rPh") == 0) {
      in_rph_ = false;
    } else if (std::strcmp(name, "c") == 0 && in_c_) {
      in_c_ = false;
      if (col_ >= limits_.max_columns) {
        Fail(InvalidArgument("第 " + std::to_string(cur_.number) + " 行的列数超过上限",
                             "Row " + std::to_string(cur_.number) + " has too many columns"));
        return;
      }
      Cell cell = MakeCell();
      if (cell.type == CellType::kEmpty) return;
      if (static_cast<int>(cur_.cells.size()) <= col_) cur_.cells.resize(col_ + 1);
      cur_.cells[col_] = std::move(cell);
    } else if (std::strcmp(name, "row") == 0 && in_row_) {
      in_row_ = false;
      ApplyMerges();
      last_row_ = cur_.number;
      rows.push_back(std::move(cur_));
    }
  }

  void Text(const char* s, int len) override {
    if (in_v_ && !in_rph_) {
      value_.append(s, len);
      if (value_.size() > 32 * 1024 * 3) {
        Fail(InvalidArgument("第 " + std::to_string(cur_.number) + " 行：单元格内容过长",
                             "Row " + std::to_string(cur_.number) + ": a cell is too long"));
      }
    }
  }

 private:
  Cell MakeCell() {
    Cell c;
    if (type_ == "s") {
      auto idx = ParseInt64(value_);
      if (!idx || *idx < 0 || *idx >= static_cast<int64_t>(shared_.size())) {
        Fail(Malformed("共享字符串编号越界", "shared string index out of range"));
        return c;
      }
      c.text = shared_[*idx];
      c.type = c.text.empty() ? CellType::kEmpty : CellType::kText;
    } else if (type_ == "inlineStr" || type_ == "str") {
      c.text = value_;
      c.type = c.text.empty() ? CellType::kEmpty : CellType::kText;
    } else if (type_ == "b") {
      c.text = value_ == "1" ? "TRUE" : "FALSE";
      c.type = CellType::kBool;
    } else if (type_ == "e") {
      c.text = value_;  // "#N/A", "#VALUE!"
      c.type = CellType::kText;
    } else if (type_ == "d") {
      c.text = value_.substr(0, 10);
      c.type = CellType::kDate;
    } else {
      if (value_.empty()) return c;
      bool date = style_ >= 0 && style_ < static_cast<int>(xf_is_date_.size()) &&
                  xf_is_date_[style_];
      if (date) {
        char* end = nullptr;
        double v = std::strtod(value_.c_str(), &end);
        std::string d = ExcelSerialToDate(v);
        if (!d.empty()) {
          c.text = d;
          c.type = CellType::kDate;
          return c;
        }
      }
      c.text = value_;
      c.type = CellType::kNumber;
    }
    return c;
  }

  // A merged range keeps its value in the top-left cell only; give it to
  // every cell of the range, as the official reading the sheet sees it.
  void ApplyMerges() {
    for (size_t i = 0; i < merges_.size(); ++i) {
      const MergeRange& m = merges_[i];
      if (cur_.number < m.r1 || cur_.number > m.r2) continue;
      if (cur_.number == m.r1) {
        merge_values_[i] = m.c1 < static_cast<int>(cur_.cells.size()) ? cur_.cells[m.c1] : Cell();
      }
      for (int c = m.c1; c <= m.c2; ++c) {
        if (c == m.c1 && cur_.number == m.r1) continue;
        // A title merged across the header width stays one cell, so that it
        // is not read as many header names.
        if (m.r1 == m.r2) continue;
        if (static_cast<int>(cur_.cells.size()) <= c) cur_.cells.resize(c + 1);
        if (cur_.cells[c].type == CellType::kEmpty) cur_.cells[c] = merge_values_[i];
      }
    }
  }

  const std::vector<std::string>& shared_;
  const std::vector<bool>& xf_is_date_;
  std::vector<MergeRange> merges_;
  std::vector<Cell> merge_values_;
  ReaderLimits limits_;
  Row cur_;
  int64_t last_row_ = 0;
  int64_t row_count_ = 0;
  int col_ = 0, next_col_ = 0, style_ = 0;
  std::string type_, value_;
  bool in_row_ = false, in_c_ = false, in_v_ = false, in_rph_ = false;
};

class XlsxReader : public TableReader {
 public:
  XlsxReader(unzFile zip, const ReaderLimits& limits)
      : zip_(zip), limits_(limits), budget_(limits.max_uncompressed_bytes) {}
  ~XlsxReader() override {
    sheet_stream_.reset();
    sheet_.reset();
    if (zip_) unzClose(zip_);
  }

  Status Init() {
    RETURN_IF_ERROR(CheckEntries());
    bool found = false;
    WorkbookParse wb;
    RETURN_IF_ERROR(wb.ParseEntry(zip_, "xl/workbook.xml", &budget_, &found));
    if (!found) return Malformed("缺少 xl/workbook.xml", "no xl/workbook.xml");
    sheet_path_ = "xl/worksheets/sheet1.xml";
    if (!wb.first_sheet_rid.empty()) {
      RelsParse rels;
      RETURN_IF_ERROR(rels.ParseEntry(zip_, "xl/_rels/workbook.xml.rels", &budget_, &found));
      auto it = rels.targets.find(wb.first_sheet_rid);
      if (it != rels.targets.end()) {
        std::string t = it->second;
        sheet_path_ = t[0] == '/' ? t.substr(1) : "xl/" + t;
      }
    }
    SharedStringsParse ss(limits_.max_shared_strings_bytes);
    RETURN_IF_ERROR(ss.ParseEntry(zip_, "xl/sharedStrings.xml", &budget_, &found));
    shared_ = std::move(ss.strings);
    StylesParse st;
    RETURN_IF_ERROR(st.ParseEntry(zip_, "xl/styles.xml", &budget_, &found));
    xf_is_date_ = std::move(st.xf_is_date);
    ASSIGN_OR_RETURN(auto merges, ScanMerges());
    sheet_ = std::make_unique<SheetParse>(shared_, xf_is_date_, std::move(merges), limits_);
    sheet_stream_ = std::make_unique<EntryStream>(zip_, &budget_);
    RETURN_IF_ERROR(sheet_stream_->Open(sheet_path_, &found));
    if (!found) return Malformed("缺少工作表", "worksheet missing");
    return Status::Ok();
  }

  StatusOr<bool> Next(Row* row) override {
    row->Clear();
    while (sheet_->rows.empty() && !done_) {
      ASSIGN_OR_RETURN(size_t n, sheet_stream_->Read(buf_, sizeof buf_));
      RETURN_IF_ERROR(sheet_->Feed(buf_, n, n == 0, sheet_path_.c_str()));
      if (n == 0) done_ = true;
    }
    if (sheet_->rows.empty()) return false;
    *row = std::move(sheet_->rows.front());
    sheet_->rows.pop_front();
    return true;
  }

  std::string encoding() const override { return "xlsx"; }
  Format format() const override { return Format::kXlsx; }

 private:
  Status CheckEntries() {
    unz_global_info gi;
    if (unzGetGlobalInfo(zip_, &gi) != UNZ_OK) return Malformed("目录", "central directory");
    if (gi.number_entry > 10000) return Bomb();
    int64_t total = 0;
    for (int rc = unzGoToFirstFile(zip_); rc == UNZ_OK; rc = unzGoToNextFile(zip_)) {
      unz_file_info info;
      if (unzGetCurrentFileInfo(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
        return Malformed("目录", "central directory");
      int64_t u = static_cast<int64_t>(info.uncompressed_size);
      int64_t c = static_cast<int64_t>(info.compressed_size);
      total += u;
      if (u > (1 << 20) && u > c * limits_.max_compression_ratio) return Bomb();
      if (total > limits_.max_uncompressed_bytes) return Bomb();
    }
    return Status::Ok();
  }

  // <mergeCells> follows <sheetData>, so the ranges are found by a quick
  // textual pass over the sheet before rows are parsed (no XML, no memory
  // beyond the ranges). Its inflated bytes count against the budget too.
  StatusOr<std::vector<MergeRange>> ScanMerges() {
    std::vector<MergeRange> out;
    EntryStream es(zip_, &budget_);
    bool found = false;
    RETURN_IF_ERROR(es.Open(sheet_path_, &found));
    if (!found) return Malformed("缺少工作表", "worksheet missing");
    std::string window;
    static constexpr std::string_view kTag = "<mergeCell ";
    while (true) {
      ASSIGN_OR_RETURN(size_t n, es.Read(buf_, sizeof buf_));
      if (n == 0) break;
      window.append(buf_, n);
      size_t pos = 0;
      while (true) {
        size_t at = window.find(kTag, pos);
        if (at == std::string::npos) break;
        size_t close = window.find("/>", at);
        if (close == std::string::npos) {
          pos = at;
          break;
        }
        std::string_view tag(window.data() + at, close - at);
        size_t ref = tag.find("ref=\"");
        if (ref != std::string_view::npos) {
          size_t q = tag.find('"', ref + 5);
          std::string r(tag.substr(ref + 5, q - ref - 5));
          size_t colon = r.find(':');
          if (colon != std::string::npos) {
            MergeRange m;
            m.c1 = ColumnOf(r.c_str(), &m.r1);
            m.c2 = ColumnOf(r.c_str() + colon + 1, &m.r2);
            if (m.c1 >= 0 && m.c2 >= m.c1 && m.r2 >= m.r1 && m.c2 < limits_.max_columns) {
              out.push_back(m);
              if (out.size() > 100000) return Bomb();
            }
          }
        }
        pos = close + 2;
      }
      // Keep only a tail that may hold a tag cut by the chunk boundary.
      size_t keep_from = window.size() > 256 ? window.size() - 256 : 0;
      window.erase(0, std::max(pos, keep_from));
    }
    return out;
  }

  unzFile zip_;
  ReaderLimits limits_;
  int64_t budget_;
  std::string sheet_path_;
  std::vector<std::string> shared_;
  std::vector<bool> xf_is_date_;
  std::unique_ptr<SheetParse> sheet_;
  std::unique_ptr<EntryStream> sheet_stream_;
  bool done_ = false;
  char buf_[64 * 1024];
};

}  // namespace

StatusOr<std::unique_ptr<TableReader>> OpenXlsx(const std::string& path,
                                                const ReaderLimits& limits) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return NotFound("无法打开文件", "Cannot open the file");
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fclose(f);
  if (size > limits.max_file_bytes) {
    return ResourceExhausted("文件超过大小上限（" + std::to_string(limits.max_file_bytes >> 20) +
                                 " MB），请拆分后分批导入",
                             "The file exceeds the size limit (" +
                                 std::to_string(limits.max_file_bytes >> 20) + " MB); split it");
  }
  unzFile zip = unzOpen(path.c_str());
  if (!zip) return Malformed("不是有效的压缩包", "not a valid zip archive");
  auto r = std::make_unique<XlsxReader>(zip, limits);
  RETURN_IF_ERROR(r->Init());
  return std::unique_ptr<TableReader>(std::move(r));
}

}  // namespace xiezuo::imports
