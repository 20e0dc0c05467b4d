// CSV reader: encoding detection, streaming conversion to UTF-8 with ICU,
// RFC 4180 fields (quotes, doubled quotes, line breaks inside quotes).
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include "common/clock.h"
#include "common/strings.h"
#include "imports/table_reader.h"

namespace xiezuo::imports {

bool Row::Blank() const {
  for (const auto& c : cells)
    if (!Trim(c.text).empty()) return false;
  return true;
}

namespace {

constexpr size_t kChunk = 256 * 1024;
// Excel's own cell limit is 32,767 characters; an unclosed quote would
// otherwise swallow the file.
constexpr size_t kMaxField = 32 * 1024 * 3;

// Length of `s` without a trailing incomplete UTF-8 sequence.
size_t CompleteUtf8Prefix(std::string_view s) {
  size_t n = s.size();
  for (size_t back = 1; back <= 4 && back <= n; ++back) {
    unsigned char c = static_cast<unsigned char>(s[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // continuation
    size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    return need > back ? n - back : n;
  }
  return n;
}

class CsvReader : public TableReader {
 public:
  CsvReader(std::FILE* f, const ReaderLimits& limits) : f_(f), limits_(limits) {}
  ~CsvReader() override {
    if (f_) std::fclose(f_);
    if (conv_) ucnv_close(conv_);
  }

  Status Init() {
    std::string sample(kChunk, '\0');
    size_t n = std::fread(sample.data(), 1, sample.size(), f_);
    sample.resize(n);
    raw_eof_ = n < kChunk;
    if (sample.size() >= 2 && (((uint8_t)sample[0] == 0xFF && (uint8_t)sample[1] == 0xFE) ||
                               ((uint8_t)sample[0] == 0xFE && (uint8_t)sample[1] == 0xFF))) {
      return InvalidArgument(
          "文件是 UTF-16（Excel“Unicode 文本”）格式，请在 Excel 中另存为“CSV（逗号分隔）”或 .xlsx",
          "The file is UTF-16 (Excel 'Unicode text'); save it as CSV (comma delimited) or .xlsx");
    }
    if (sample.find('\0') != std::string::npos) {
      return InvalidArgument("文件不是文本格式的 CSV，请上传 .csv 或 .xlsx 文件",
                             "The file is not a text CSV; upload a .csv or .xlsx file");
    }
    if (StartsWith(sample, "\xEF\xBB\xBF")) {
      encoding_ = "UTF-8 (BOM)";
      sample.erase(0, 3);
    } else if (IsValidUtf8(std::string_view(sample).substr(
                   0, raw_eof_ ? sample.size() : CompleteUtf8Prefix(sample)))) {
      encoding_ = "UTF-8";
    } else {
      encoding_ = "GB18030";
      UErrorCode err = U_ZERO_ERROR;
      conv_ = ucnv_open("GB18030", &err);
      if (U_FAILURE(err)) return Internal("ICU GB18030 converter unavailable");
      ucnv_setToUCallBack(conv_, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
    }
    RETURN_IF_ERROR(Append(sample));
    // Delimiter: a comma unless the first line has more tabs (Excel "text").
    size_t eol = buf_.find('\n');
    std::string_view first = std::string_view(buf_).substr(0, eol);
    size_t commas = 0, tabs = 0, semis = 0;
    for (char c : first) {
      commas += c == ',';
      tabs += c == '\t';
      semis += c == ';';
    }
    if (tabs > commas && tabs >= semis) delim_ = '\t';
    else if (semis > commas) delim_ = ';';
    return Status::Ok();
  }

  StatusOr<bool> Next(Row* row) override {
    row->Clear();
    if (pos_ >= buf_.size()) {
      RETURN_IF_ERROR(Fill());
      if (pos_ >= buf_.size()) return false;
    }
    ++record_;
    if (record_ > limits_.max_rows) return TooManyRows();
    row->number = record_;
    std::string field;
    bool quoted = false, in_quotes = false;
    auto finish_field = [&]() -> Status {
      if (static_cast<int>(row->cells.size()) >= limits_.max_columns) {
        return InvalidArgument(
            "第 " + std::to_string(record_) + " 行的列数超过 " +
                std::to_string(limits_.max_columns) + " 列，请检查文件",
            "Row " + std::to_string(record_) + " has more than " +
                std::to_string(limits_.max_columns) + " columns");
      }
      Cell c;
      c.type = field.empty() && !quoted ? CellType::kEmpty : CellType::kText;
      c.text = std::move(field);
      row->cells.push_back(std::move(c));
      field.clear();
      quoted = false;
      return Status::Ok();
    };
    while (true) {
      if (pos_ >= buf_.size()) {
        RETURN_IF_ERROR(Fill());
        if (pos_ >= buf_.size()) {  // end of file
          if (in_quotes) {
            return InvalidArgument("第 " + std::to_string(record_) +
                                       " 行：引号没有配对，文件可能被截断或编辑有误",
                                   "Row " + std::to_string(record_) +
                                       ": a quote is not closed; the file is cut or malformed");
          }
          RETURN_IF_ERROR(finish_field());
          return true;
        }
      }
      char ch = buf_[pos_++];
      if (in_quotes) {
        if (ch == '"') {
          if (pos_ >= buf_.size()) RETURN_IF_ERROR(Fill());
          if (pos_ < buf_.size() && buf_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            in_quotes = false;
          }
        } else {
          field += ch;
          if (field.size() > kMaxField) {
            return InvalidArgument("第 " + std::to_string(record_) +
                                       " 行：单元格内容过长（可能有引号没有配对）",
                                   "Row " + std::to_string(record_) +
                                       ": a cell is too long (perhaps an unclosed quote)");
          }
        }
        continue;
      }
      if (ch == '"' && field.empty() && !quoted) {
        in_quotes = quoted = true;
      } else if (ch == delim_) {
        RETURN_IF_ERROR(finish_field());
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r') {
          if (pos_ >= buf_.size()) RETURN_IF_ERROR(Fill());
          if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
        }
        RETURN_IF_ERROR(finish_field());
        return true;
      } else {
        field += ch;
        if (field.size() > kMaxField) {
          return InvalidArgument("第 " + std::to_string(record_) + " 行：单元格内容过长",
                                 "Row " + std::to_string(record_) + ": a cell is too long");
        }
      }
    }
  }

  std::string encoding() const override { return encoding_; }
  Format format() const override { return Format::kCsv; }

 private:
  Status TooManyRows() const {
    return ResourceExhausted("文件超过 " + std::to_string(limits_.max_rows) + " 行，请拆分后分批导入",
                             "The file has more than " + std::to_string(limits_.max_rows) +
                                 " rows; split it");
  }

  // Appends raw bytes, converted to UTF-8.
  Status Append(std::string_view raw) {
    raw_bytes_ += static_cast<int64_t>(raw.size());
    if (!conv_) {
      if (!raw.empty()) {
        pending_utf8_.append(raw);
        size_t keep = raw_eof_ ? pending_utf8_.size() : CompleteUtf8Prefix(pending_utf8_);
        if (!IsValidUtf8(std::string_view(pending_utf8_).substr(0, keep))) {
          return InvalidArgument(
              "文件编码混杂：开头是 UTF-8，后面有非 UTF-8 内容。请用 Excel 重新另存为 CSV UTF-8",
              "Mixed encodings: the file starts as UTF-8 but later bytes are not UTF-8; "
              "save it again as CSV UTF-8");
        }
        buf_.append(pending_utf8_, 0, keep);
        pending_utf8_.erase(0, keep);
      } else if (raw_eof_ && !pending_utf8_.empty()) {
        return InvalidArgument("文件末尾的字符不完整（UTF-8），文件可能被截断",
                               "The file ends inside a UTF-8 character; it may be cut");
      }
      return Status::Ok();
    }
    std::u16string u16(raw.size() * 2 + 16, u'\0');
    UChar* target = reinterpret_cast<UChar*>(u16.data());
    UChar* target_start = target;
    const char* source = raw.data();
    UErrorCode err = U_ZERO_ERROR;
    ucnv_toUnicode(conv_, &target, target + u16.size(), &source, raw.data() + raw.size(), nullptr,
                   raw_eof_, &err);
    if (U_FAILURE(err)) {
      return InvalidArgument(
          "文件既不是 UTF-8 也不是 GB18030/GBK 编码（约第 " + std::to_string(raw_bytes_) +
              " 字节处无法识别），请用 Excel 或 WPS 另存为 CSV 或 .xlsx",
          "The file is neither UTF-8 nor GB18030/GBK (unreadable bytes near byte " +
              std::to_string(raw_bytes_) + "); save it again as CSV or .xlsx");
    }
    int32_t len = 0;
    int32_t n16 = static_cast<int32_t>(target - target_start);
    err = U_ZERO_ERROR;
    u_strToUTF8(nullptr, 0, &len, target_start, n16, &err);
    size_t old = buf_.size();
    buf_.resize(old + len);
    err = U_ZERO_ERROR;
    u_strToUTF8(buf_.data() + old, len, &len, target_start, n16, &err);
    if (U_FAILURE(err)) return Internal("UTF-8 conversion failed");
    return Status::Ok();
  }

  Status Fill() {
    if (raw_eof_) {
      return Status::Ok();
    }
    // Drop what the parser has consumed.
    buf_.erase(0, pos_);
    pos_ = 0;
    std::string raw(kChunk, '\0');
    size_t n = std::fread(raw.data(), 1, raw.size(), f_);
    raw.resize(n);
    if (n < kChunk) raw_eof_ = true;
    if (raw_bytes_ + static_cast<int64_t>(n) > limits_.max_file_bytes) {
      return ResourceExhausted("文件超过大小上限，请拆分后分批导入",
                               "The file exceeds the size limit; split it");
    }
    return Append(raw);
  }

  std::FILE* f_;
  ReaderLimits limits_;
  UConverter* conv_ = nullptr;
  std::string encoding_;
  std::string buf_;           // UTF-8 text not yet parsed (from pos_)
  std::string pending_utf8_;  // incomplete trailing UTF-8 bytes
  size_t pos_ = 0;
  bool raw_eof_ = false;
  int64_t raw_bytes_ = 0;
  int64_t record_ = 0;
  char delim_ = ',';
};

}  // namespace

StatusOr<std::unique_ptr<TableReader>> OpenCsv(const std::string& path,
                                               const ReaderLimits& limits) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return NotFound("无法打开文件", "Cannot open the file");
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (size > limits.max_file_bytes) {
    std::fclose(f);
    return ResourceExhausted("文件超过大小上限（" + std::to_string(limits.max_file_bytes >> 20) +
                                 " MB），请拆分后分批导入",
                             "The file exceeds the size limit (" +
                                 std::to_string(limits.max_file_bytes >> 20) + " MB); split it");
  }
  auto r = std::make_unique<CsvReader>(f, limits);
  RETURN_IF_ERROR(r->Init());
  return std::unique_ptr<TableReader>(std::move(r));
}

StatusOr<std::unique_ptr<TableReader>> OpenTable(const std::string& path,
                                                 const ReaderLimits& limits) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return NotFound("无法打开文件", "Cannot open the file");
  char sig[4] = {0, 0, 0, 0};
  size_t n = std::fread(sig, 1, 4, f);
  std::fclose(f);
  if (n == 4 && std::memcmp(sig, "PK\x03\x04", 4) == 0) return OpenXlsx(path, limits);
  if (n == 4 && std::memcmp(sig, "\xD0\xCF\x11\xE0", 4) == 0) {
    return InvalidArgument("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入",
                           "This is an old Excel .xls file; save it as .xlsx and import again");
  }
  return OpenCsv(path, limits);
}

std::string ExcelSerialToDate(double serial) {
  if (!(serial >= 1 && serial < 2958466)) return "";
  int64_t day = static_cast<int64_t>(serial);
  if (day == 60) day = 59;  // Lotus's 1900-02-29
  if (day > 60) --day;      // skip the fictitious leap day
  int64_t base = 0;
  CivilToDays(1899, 12, 31, &base);
  int y, m, d;
  DaysToCivil(base + day, &y, &m, &d);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
  return out;
}

}  // namespace xiezuo::imports
