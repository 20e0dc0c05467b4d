// The rules of Chinese SMS, as pure functions: how operators count length,
// the 【signature】 and opt-out line, templates with {{variables}}, quiet
// hours and inbound keywords. No I/O; time is passed in.
//
//   SmsLength len = CountSms("【协作】巧家县招工…回复TD退订");
//   len.encoding == SmsEncoding::kUcs2; len.parts == 1 if len.units <= 70
//   ASSIGN_OR_RETURN(auto vars, ParseTemplate("{{name}}您好，{{job}}招工", kKnownVariables));
//   ASSIGN_OR_RETURN(std::string body, RenderTemplate(tpl, {{"name", "张三"}, ...}));
//   int64_t when = NextSendTime(now, QuietHours{});   // now, or 08:00 next morning
//
// Thread-safety: pure functions.
#ifndef XIEZUO_NOTIFY_SMS_TEXT_H_
#define XIEZUO_NOTIFY_SMS_TEXT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace xiezuo::notify {

enum class SmsEncoding { kGsm7, kUcs2 };
const char* EncodingName(SmsEncoding e);

struct SmsLength {
  SmsEncoding encoding = SmsEncoding::kGsm7;
  // Septets (GSM-7; the extension characters ^{}\[~]|€ count 2) or UTF-16
  // code units (UCS-2; characters beyond the BMP, e.g. most emoji, count 2).
  int units = 0;
  // 1 if units fit one message (160 GSM-7 / 70 UCS-2), else
  // ceil(units / 153) for GSM-7 or ceil(units / 67) for UCS-2 (the rest of
  // each part carries the concatenation header). 0 for empty text.
  int parts = 0;
};

// GSM-7 when every character is in the GSM 03.38 default alphabet or its
// extension table; UCS-2 otherwise (any Chinese character).
SmsLength CountSms(std::string_view utf8);

// The opt-out line every campaign message ends with.
inline constexpr std::string_view kOptOutLine = "回复TD退订";

// "【signature】" + body (+ " " + kOptOutLine when opt_out_line).
// REQUIRES: signature without brackets, 2–12 characters (checked by callers).
std::string ComposeSms(std::string_view signature, std::string_view body, bool opt_out_line);

// Variables a template may use, with the longest value a campaign may fill
// in (used to check that a template can fit before it is approved).
struct TemplateVariable {
  const char* name;
  const char* label_zh;
};
extern const std::vector<TemplateVariable> kKnownVariables;

// The distinct {{name}} variables of a template body, in order of first
// use. invalid_argument naming the variable when it is not in `known`, or
// naming the position of an unclosed "{{".
StatusOr<std::vector<std::string>> ParseTemplate(std::string_view body,
                                                 const std::vector<TemplateVariable>& known);

// Substitutes every {{name}}; invalid_argument naming the first variable
// without a value. Values are inserted verbatim (braces in them are not
// re-expanded).
StatusOr<std::string> RenderTemplate(std::string_view body,
                                     const std::map<std::string, std::string>& values);

// Fails (invalid_argument, field `field`) when text needs more than
// max_parts parts; the message gives the count and the limit.
Status CheckParts(std::string_view text, int max_parts, std::string_view field);

// Quiet hours in Asia/Shanghai, as seconds after local midnight. The window
// wraps midnight when start > end (21:00–08:00 by default).
struct QuietHours {
  int start = 21 * 3600;
  int end = 8 * 3600;
};
bool InQuietHours(int64_t unix_seconds, const QuietHours& q);
// unix_seconds itself when outside quiet hours, else the end of the window.
int64_t NextSendTime(int64_t unix_seconds, const QuietHours& q);
// The Asia/Shanghai calendar day number (days since 1970-01-01 there).
int64_t ChinaDay(int64_t unix_seconds);
// The first second after quiet hours on the China day after unix_seconds's
// (where a capped number's messages wait).
int64_t NextDayMorning(int64_t unix_seconds, const QuietHours& q);

// Inbound (MO) keywords, after trimming, full-width→half-width and
// case-folding: TD, T, 退订, N, 0000 → opt out; 恢复 → opt back in.
enum class InboundKind { kOptOut, kOptIn, kOther };
InboundKind ClassifyInbound(std::string_view text);

}  // namespace xiezuo::notify

#endif  // XIEZUO_NOTIFY_SMS_TEXT_H_
