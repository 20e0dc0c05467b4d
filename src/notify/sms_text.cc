#include "notify/sms_text.h"

#include <algorithm>
#include <set>

#include "common/clock.h"
#include "common/strings.h"

namespace xiezuo::notify {

namespace {

// Decodes one UTF-8 code point; returns bytes consumed (1 on invalid input,
// with *cp = 0xFFFD).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  auto c = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if ((c & 0xE0) == 0xC0 && cont(1)) {
    *cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    return 2;
  }
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    *cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    return 3;
  }
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    *cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
          (s[i + 3] & 0x3F);
    return 4;
  }
  *cp = 0xFFFD;
  return 1;
}

// GSM 03.38 default alphabet (non-ASCII members listed by code point).
bool IsGsmBasic(uint32_t cp) {
  if (cp == '\n' || cp == '\r') return true;
  if (cp >= 0x20 && cp < 0x7F) {
    // ASCII printable except the characters that are only in the extension
    // table ([\]^{|}~) and the backquote.
    return std::string_view("[\\]^{|}~`").find(static_cast<char>(cp)) == std::string_view::npos;
  }
  static const std::set<uint32_t> kExtra = {
      0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8,
      0x00C5, 0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3,
      0x0398, 0x039E, 0x00C6, 0x00E6, 0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6,
      0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0, 0x005F,
      0x0040, 0x0024};
  return kExtra.count(cp) > 0;
}
bool IsGsmExtension(uint32_t cp) {
  return cp == '^' || cp == '{' || cp == '}' || cp == '\\' || cp == '[' || cp == '~' ||
         cp == ']' || cp == '|' || cp == 0x20AC || cp == '\f';
}

}  // namespace

const char* EncodingName(SmsEncoding e) { return e == SmsEncoding::kGsm7 ? "gsm7" : "ucs2"; }

SmsLength CountSms(std::string_view s) {
  int septets = 0;
  int utf16 = 0;
  bool gsm = true;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    i += DecodeUtf8(s, i, &cp);
    utf16 += cp > 0xFFFF ? 2 : 1;
    if (gsm) {
      if (IsGsmBasic(cp)) {
        septets += 1;
      } else if (IsGsmExtension(cp)) {
        septets += 2;
      } else {
        gsm = false;
      }
    }
  }
  SmsLength out;
  out.encoding = gsm ? SmsEncoding::kGsm7 : SmsEncoding::kUcs2;
  out.units = gsm ? septets : utf16;
  int single = gsm ? 160 : 70;
  int per_part = gsm ? 153 : 67;
  if (out.units == 0) {
    out.parts = 0;
  } else if (out.units <= single) {
    out.parts = 1;
  } else {
    out.parts = (out.units + per_part - 1) / per_part;
  }
  return out;
}

std::string ComposeSms(std::string_view signature, std::string_view body, bool opt_out_line) {
  std::string out;
  out.reserve(signature.size() + body.size() + 24);
  out += "【";
  out += signature;
  out += "】";
  out += body;
  if (opt_out_line) {
    out += " ";
    out += kOptOutLine;
  }
  return out;
}

const std::vector<TemplateVariable> kKnownVariables = {
    {"name", "姓名"},          {"job", "岗位"},       {"enterprise", "企业"},
    {"city", "工作城市"},      {"wage", "工资"},      {"date", "日期"},
    {"place", "地点"},         {"phone", "联系电话"}, {"county", "县"},
    {"event", "活动"},         {"link", "链接"},      {"code", "验证码"},
    {"minutes", "有效分钟数"},
};

StatusOr<std::vector<std::string>> ParseTemplate(std::string_view body,
                                                 const std::vector<TemplateVariable>& known) {
  std::vector<std::string> vars;
  size_t pos = 0;
  while ((pos = body.find("{{", pos)) != std::string_view::npos) {
    size_t end = body.find("}}", pos + 2);
    if (end == std::string_view::npos) {
      return FieldInvalid("body", "模板中第 " + std::to_string(pos) + " 字节处的“{{”没有闭合",
                          "Unclosed \"{{\" at byte " + std::to_string(pos) + " of the template");
    }
    std::string name(Trim(body.substr(pos + 2, end - pos - 2)));
    bool ok = std::any_of(known.begin(), known.end(),
                          [&](const TemplateVariable& v) { return name == v.name; });
    if (!ok) {
      std::string list;
      for (const auto& v : known) list += (list.empty() ? "" : ", ") + std::string(v.name);
      return FieldInvalid("body", "未知的模板变量 {{" + name + "}}，可用变量：" + list,
                          "Unknown template variable {{" + name + "}}; known: " + list);
    }
    if (std::find(vars.begin(), vars.end(), name) == vars.end()) vars.push_back(name);
    pos = end + 2;
  }
  return vars;
}

StatusOr<std::string> RenderTemplate(std::string_view body,
                                     const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(body.size() + 32);
  size_t pos = 0;
  for (;;) {
    size_t open = body.find("{{", pos);
    if (open == std::string_view::npos) break;
    size_t end = body.find("}}", open + 2);
    if (end == std::string_view::npos) break;
    out.append(body.substr(pos, open - pos));
    std::string name(Trim(body.substr(open + 2, end - open - 2)));
    auto it = values.find(name);
    if (it == values.end()) {
      return FieldInvalid("variables." + name, "模板变量 {{" + name + "}} 没有取值",
                          "No value for template variable {{" + name + "}}");
    }
    out += it->second;
    pos = end + 2;
  }
  out.append(body.substr(pos));
  return out;
}

Status CheckParts(std::string_view text, int max_parts, std::string_view field) {
  SmsLength len = CountSms(text);
  if (len.parts <= max_parts) return Status::Ok();
  return FieldInvalid(std::string(field),
                      "短信共 " + std::to_string(len.units) + " 字，需分 " +
                          std::to_string(len.parts) + " 条发送，超过上限 " +
                          std::to_string(max_parts) + " 条；请缩短内容",
                      "The message has " + std::to_string(len.units) + " characters in " +
                          std::to_string(len.parts) + " parts, over the limit of " +
                          std::to_string(max_parts) + "; shorten it");
}

namespace {
int64_t LocalSecondOfDay(int64_t t) {
  int64_t l = t + kChinaUtcOffsetSeconds;
  int64_t r = l % 86400;
  return r < 0 ? r + 86400 : r;
}
}  // namespace

int64_t ChinaDay(int64_t t) {
  int64_t l = t + kChinaUtcOffsetSeconds;
  return l >= 0 ? l / 86400 : (l - 86399) / 86400;
}

bool InQuietHours(int64_t t, const QuietHours& q) {
  if (q.start == q.end) return false;
  int64_t s = LocalSecondOfDay(t);
  if (q.start < q.end) return s >= q.start && s < q.end;
  return s >= q.start || s < q.end;
}

int64_t NextSendTime(int64_t t, const QuietHours& q) {
  if (!InQuietHours(t, q)) return t;
  int64_t s = LocalSecondOfDay(t);
  int64_t midnight = t - s;
  // The window ends at q.end today (before midnight wrap) or tomorrow.
  return s < q.end ? midnight + q.end : midnight + 86400 + q.end;
}

int64_t NextDayMorning(int64_t t, const QuietHours& q) {
  int64_t midnight = t - LocalSecondOfDay(t) + 86400;
  int64_t morning = q.start > q.end ? midnight + q.end : midnight;
  return NextSendTime(morning, q);
}

InboundKind ClassifyInbound(std::string_view text) {
  std::string t(Trim(NormalizeWidth(text)));
  std::string folded;
  for (char c : t) {
    if (c == ' ' || c == '.' || c == '!' || c == '\n' || c == '\r') continue;
    folded.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  // Trailing Chinese punctuation (。！).
  for (std::string_view p : {"。", "！"}) {
    while (folded.size() >= p.size() && folded.compare(folded.size() - p.size(), p.size(), p) == 0) {
      folded.resize(folded.size() - p.size());
    }
  }
  if (folded == "TD" || folded == "T" || folded == "退订" || folded == "N" || folded == "0000" ||
      folded == "退订短信" || folded == "TD退订") {
    return InboundKind::kOptOut;
  }
  if (folded == "恢复" || folded == "恢复订阅") return InboundKind::kOptIn;
  return InboundKind::kOther;
}

}  // namespace xiezuo::notify
