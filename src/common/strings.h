// Small UTF-8 string helpers shared by every module. Chinese text is UTF-8
// everywhere inside xiezuo; conversion from GB18030 happens at the edge
// (imports) with ICU.
#ifndef XIEZUO_COMMON_STRINGS_H_
#define XIEZUO_COMMON_STRINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xiezuo {

// Trims ASCII whitespace and the ideographic space U+3000 on both ends.
std::string_view Trim(std::string_view s);

// Splits on any of the given UTF-8 separators (e.g. "、", ",", "，", ";").
// Empty pieces are dropped; pieces are trimmed.
std::vector<std::string> SplitAny(std::string_view s,
                                  const std::vector<std::string_view>& seps);

// Number of Unicode code points; invalid UTF-8 counts one per byte.
size_t Utf8Length(std::string_view s);
bool IsValidUtf8(std::string_view s);

// Full-width ASCII (Ａ１２) to half-width (A12), ideographic space to space.
std::string NormalizeWidth(std::string_view s);

std::optional<int64_t> ParseInt64(std::string_view s);

std::string ToHex(const unsigned char* data, size_t n);
bool StartsWith(std::string_view s, std::string_view prefix);
// For messages bound for the log that may echo a value (a database error, an
// exception's text): quoted text and digit runs of 7 or more (phones, ID
// numbers) become '*'; shorter numbers stay readable.
std::string RedactValues(std::string_view msg);

}  // namespace xiezuo

#endif  // XIEZUO_COMMON_STRINGS_H_
