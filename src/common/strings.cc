#include "common/strings.h"

#include <charconv>

namespace xiezuo {

namespace {
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
}  // namespace

std::string_view Trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.front())) {
      s.remove_prefix(1);
    } else if (s.substr(0, 3) == kIdeographicSpace) {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

std::vector<std::string> SplitAny(std::string_view s,
                                  const std::vector<std::string_view>& seps) {
  std::vector<std::string> out;
  size_t start = 0, i = 0;
  auto flush = [&](size_t end) {
    std::string_view piece = Trim(s.substr(start, end - start));
    if (!piece.empty()) out.emplace_back(piece);
  };
  while (i < s.size()) {
    bool matched = false;
    for (auto sep : seps) {
      // First byte first: most positions match no separator.
      if (!sep.empty() && s[i] == sep[0] && s.substr(i, sep.size()) == sep) {
        flush(i);
        i += sep.size();
        start = i;
        matched = true;
        break;
      }
    }
    if (!matched) ++i;
  }
  flush(s.size());
  return out;
}

static int Utf8SeqLen(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 0;
}

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing
// above U+10FFFF; the same rule as nlohmann::json, which throws on the rest.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = Utf8SeqLen(c);
    if (n == 0 || i + n > s.size()) return false;
    if (n > 1) {
      // The second byte's range narrows for E0 (no overlong), ED (no
      // surrogates), F0 (no overlong) and F4 (≤ U+10FFFF).
      unsigned char lo = 0x80, hi = 0xBF;
      if (c < 0xC2 || c > 0xF4) return false;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if (c1 < lo || c1 > hi) return false;
    }
    for (int k = 2; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t i = 0, n = 0;
  while (i < s.size()) {
    int len = Utf8SeqLen(static_cast<unsigned char>(s[i]));
    i += len == 0 ? 1 : len;
    ++n;
  }
  return n;
}

std::string NormalizeWidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    // U+FF01..U+FF5E are EF BC 81..EF BD 9E.
    if (c == 0xEF && i + 2 < s.size()) {
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
      unsigned cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
        i += 3;
        continue;
      }
    }
    if (s.substr(i, 3) == kIdeographicSpace) {
      out.push_back(' ');
      i += 3;
      continue;
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

std::optional<int64_t> ParseInt64(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string ToHex(const unsigned char* data, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string RedactValues(std::string_view msg) {
  std::string out;
  out.reserve(msg.size());
  bool quoted = false;
  for (size_t i = 0; i < msg.size(); ++i) {
    char ch = msg[i];
    if (ch == '"') {
      quoted = !quoted;
      out.push_back(ch);
    } else if (quoted) {
      continue;
    } else if (ch >= '0' && ch <= '9') {
      size_t j = i;
      while (j < msg.size() && msg[j] >= '0' && msg[j] <= '9') ++j;
      if (j - i >= 7) out.append(j - i, '*');
      else out.append(msg.substr(i, j - i));
      i = j - 1;
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

}  // namespace xiezuo
