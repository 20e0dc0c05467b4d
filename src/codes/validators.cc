#include "codes/validators.h"

#include <phonenumbers/phonenumberutil.h>

#include <array>

#include "codes/divisions.h"
#include "common/clock.h"
#include "common/strings.h"

namespace xiezuo::codes {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Full-width to half-width, then drop the spaces people type between groups.
std::string Compact(std::string_view input) {
  std::string s = NormalizeWidth(input);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

template <typename Result>
Result Fail(Severity severity, std::string zh, std::string en) {
  Result r;
  r.severity = severity;
  r.zh = std::move(zh);
  r.en = std::move(en);
  return r;
}

// ---- GB 11643 -----------------------------------------------------------------

constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheckChars = "10X98765432";

// Prefixes of residence permits for Hong Kong, Macao and Taiwan residents
// (港澳台居民居住证), which use the GB 11643 layout but no GB/T 2260 region.
bool IsResidencePermitPrefix(std::string_view code6) {
  return code6 == "810000" || code6 == "820000" || code6 == "830000";
}

// ---- GB 32100 -----------------------------------------------------------------

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kCreditWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};

int CreditValue(char c) {
  size_t i = kCreditAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

}  // namespace

Status Verdict::ToStatus(std::string field) const {
  switch (severity) {
    case Severity::kOk:
      return Status::Ok();
    case Severity::kError:
      return FieldInvalid(std::move(field), zh, en);
    case Severity::kWarning: {
      Status s = FailedPrecondition(zh, en);
      s.AddField(std::move(field), zh, en);
      return s;
    }
  }
  return Status::Ok();
}

std::optional<char> IdNumberCheckChar(std::string_view body17) {
  if (body17.size() != 17) return std::nullopt;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (!IsDigit(body17[i])) return std::nullopt;
    sum += (body17[i] - '0') * kIdWeights[i];
  }
  return kIdCheckChars[sum % 11];
}

IdNumberResult ValidateIdNumber(std::string_view input, const Divisions& divisions,
                                const Clock& clock) {
  std::string id = Compact(input);
  if (id.empty()) {
    return Fail<IdNumberResult>(Severity::kError, "请填写身份证号（18位）",
                                "Enter the 18-character ID number");
  }
  bool all_digits = std::all_of(id.begin(), id.end(), IsDigit);
  if (id.size() == 15 && all_digits) {
    return Fail<IdNumberResult>(
        Severity::kError, "这是15位的第一代身份证号，已停止使用，请填写现行身份证上的18位号码",
        "This is a 15-digit first-generation ID number, no longer in use; enter the "
        "18-character number from the current ID card");
  }
  if (id.size() != 18) {
    return Fail<IdNumberResult>(
        Severity::kError,
        "身份证号应为18位，现在是" + std::to_string(Utf8Length(id)) + "位，请对照身份证核对",
        "An ID number has 18 characters, this has " + std::to_string(Utf8Length(id)) +
            "; check it against the ID card");
  }
  if (id[17] == 'x') id[17] = 'X';
  if (!std::all_of(id.begin(), id.begin() + 17, IsDigit) || !(IsDigit(id[17]) || id[17] == 'X')) {
    return Fail<IdNumberResult>(
        Severity::kError, "身份证号前17位只能是数字，最后一位是数字或字母X，请对照身份证核对",
        "The first 17 characters of an ID number are digits and the last is a digit or "
        "the letter X; check it against the ID card");
  }

  IdNumberResult r;
  r.normalized = id;
  auto fail = [&r](std::string zh, std::string en) {
    r.severity = Severity::kError;
    r.zh = std::move(zh);
    r.en = std::move(en);
    return r;
  };

  std::string region = id.substr(0, 6);
  if (!divisions.IsKnownPrefix(region) && !IsResidencePermitPrefix(region)) {
    return fail("身份证号前6位不是有效的地区代码，请对照身份证核对",
                "The first 6 digits of the ID number are not a known region code; check it "
                "against the ID card");
  }

  int year = std::stoi(id.substr(6, 4));
  int month = std::stoi(id.substr(10, 2));
  int day = std::stoi(id.substr(12, 2));
  int64_t birth_days = 0;
  if (!CivilToDays(year, month, day, &birth_days)) {
    return fail("身份证号第7-14位的出生日期不存在，请对照身份证核对",
                "Digits 7-14 of the ID number are not a real date of birth; check it against "
                "the ID card");
  }
  if (year < 1900) {
    return fail("身份证号中的出生年份早于1900年，请对照身份证核对",
                "The year of birth in the ID number is before 1900; check it against the ID "
                "card");
  }
  int64_t local = clock.NowSeconds() + kChinaUtcOffsetSeconds;
  int64_t today = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  if (birth_days > today) {
    return fail("身份证号中的出生日期晚于今天，请对照身份证核对",
                "The date of birth in the ID number is after today; check it against the ID "
                "card");
  }

  if (IdNumberCheckChar(std::string_view(id).substr(0, 17)) != id[17]) {
    // Deliberately not saying which character is expected.
    return fail("身份证号有误（校验不通过），可能有数字输错，请对照身份证逐位核对",
                "The ID number does not pass its check: a digit is probably mistyped; compare "
                "it digit by digit with the ID card");
  }

  r.region_prefix = region;
  r.birth_date = id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
  r.sex = (id[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return r;
}

PhoneResult ValidateMobile(std::string_view input) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const std::string kNeedMobileZh = "，请填写11位手机号，如 13812345678";
  const std::string kNeedMobileEn = "; enter an 11-digit mobile number such as 13812345678";

  std::string s = Compact(input);
  if (s.empty()) {
    return Fail<PhoneResult>(Severity::kError, "请填写11位手机号，如 13812345678",
                             "Enter an 11-digit mobile number such as 13812345678");
  }
  for (char c : s) {
    if (!IsDigit(c) && c != '+' && c != '-' && c != '(' && c != ')' && c != '.') {
      return Fail<PhoneResult>(Severity::kError, "手机号只能包含数字" + kNeedMobileZh,
                               "A mobile number contains only digits" + kNeedMobileEn);
    }
  }

  // GetInstance() is libphonenumber's own thread-safe singleton; its const
  // methods may be called concurrently.
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  PhoneNumberUtil::ErrorType err = util.Parse(s, "CN", &number);
  if (err != PhoneNumberUtil::NO_PARSING_ERROR) {
    if (err == PhoneNumberUtil::TOO_LONG_NSN) {
      return Fail<PhoneResult>(Severity::kError, "手机号位数太多" + kNeedMobileZh,
                               "The mobile number has too many digits" + kNeedMobileEn);
    }
    return Fail<PhoneResult>(Severity::kError, "不是有效的手机号" + kNeedMobileZh,
                             "This is not a valid mobile number" + kNeedMobileEn);
  }
  if (number.country_code() != 86) {
    return Fail<PhoneResult>(
        Severity::kError, "只支持中国大陆手机号（短信只发往大陆号码）" + kNeedMobileZh,
        "Only mainland China mobile numbers can receive our SMS" + kNeedMobileEn);
  }
  switch (util.IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::IS_POSSIBLE:
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
      break;
    case PhoneNumberUtil::TOO_LONG:
      return Fail<PhoneResult>(Severity::kError, "手机号位数太多" + kNeedMobileZh,
                               "The mobile number has too many digits" + kNeedMobileEn);
    default:
      return Fail<PhoneResult>(Severity::kError, "手机号位数不够" + kNeedMobileZh,
                               "The mobile number has too few digits" + kNeedMobileEn);
  }
  std::string region;
  util.GetRegionCodeForNumber(number, &region);
  if (!util.IsValidNumber(number) || region != "CN") {
    return Fail<PhoneResult>(Severity::kError,
                             "这个号码不存在，可能有数字输错，请核对" + kNeedMobileZh,
                             "No such number exists; a digit is probably mistyped" + kNeedMobileEn);
  }
  PhoneNumberUtil::PhoneNumberType type = util.GetNumberType(number);
  if (type == PhoneNumberUtil::FIXED_LINE) {
    return Fail<PhoneResult>(Severity::kError,
                             "这是固定电话号码，通知短信只能发到手机" + kNeedMobileZh,
                             "This is a landline number; notices are sent by SMS, which needs a "
                             "mobile number" +
                                 kNeedMobileEn);
  }
  if (type != PhoneNumberUtil::MOBILE && type != PhoneNumberUtil::FIXED_LINE_OR_MOBILE) {
    return Fail<PhoneResult>(Severity::kError, "这不是手机号，通知短信只能发到手机" + kNeedMobileZh,
                             "This is not a mobile number; notices are sent by SMS, which needs "
                             "a mobile number" +
                                 kNeedMobileEn);
  }
  std::string nsn;
  util.GetNationalSignificantNumber(number, &nsn);
  if (nsn.size() != 11) {
    return Fail<PhoneResult>(Severity::kError, "手机号应为11位" + kNeedMobileZh,
                             "A mobile number has 11 digits" + kNeedMobileEn);
  }
  PhoneResult r;
  r.normalized = nsn;
  return r;
}

std::optional<char> CreditCodeCheckChar(std::string_view body17) {
  if (body17.size() != 17) return std::nullopt;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    int v = CreditValue(body17[i]);
    if (v < 0) return std::nullopt;
    sum += v * kCreditWeights[i];
  }
  return kCreditAlphabet[(31 - sum % 31) % 31];
}

CreditCodeResult ValidateCreditCode(std::string_view input, const Divisions& divisions) {
  std::string code = Compact(input);
  for (char& c : code) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (code.empty()) {
    return Fail<CreditCodeResult>(Severity::kError, "请填写18位统一社会信用代码",
                                  "Enter the 18-character unified social credit code");
  }
  if (code.size() != 18) {
    std::string n = std::to_string(Utf8Length(code));
    return Fail<CreditCodeResult>(Severity::kError,
                                  "统一社会信用代码应为18位，现在是" + n + "位，请对照营业执照核对",
                                  "A unified social credit code has 18 characters, this has " + n +
                                      "; check it against the business licence");
  }
  for (char c : code) {
    if (CreditValue(c) < 0) {
      return Fail<CreditCodeResult>(
          Severity::kError,
          "统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V），请对照营业执照核对",
          "A unified social credit code has only digits and capital letters (never I, O, Z, "
          "S or V); check it against the business licence");
    }
  }

  CreditCodeResult r;
  r.normalized = code;
  r.region_prefix = code.substr(2, 6);
  std::string zh, en;
  auto warn = [&](std::string_view z, std::string_view e) {
    if (!zh.empty()) {
      zh += "；";
      en += "; ";
    }
    zh += z;
    en += e;
  };
  if (CreditCodeCheckChar(std::string_view(code).substr(0, 17)) != code[17]) {
    warn(
        "统一社会信用代码校验不通过，可能有字符输错，请对照营业执照逐位核对；确认无误可注明原因后保"
        "存",
        "The unified social credit code does not pass its check, a character is probably "
        "mistyped: compare it with the business licence; if it is right, save it with a "
        "reason");
  }
  bool region_ok = std::all_of(r.region_prefix.begin(), r.region_prefix.end(), IsDigit) &&
                   (r.region_prefix == "100000" || divisions.IsKnownPrefix(r.region_prefix));
  if (!region_ok) {
    warn(
        "统一社会信用代码第3-"
        "8位不是已知的行政区划代码，请对照营业执照核对；确认无误可注明原因后保存",
        "Characters 3-8 of the unified social credit code are not a known region code: check "
        "them against the business licence; if they are right, save it with a reason");
  }
  if (!zh.empty()) {
    r.severity = Severity::kWarning;
    r.zh = std::move(zh);
    r.en = std::move(en);
  }
  return r;
}

std::string MaskIdNumber(std::string_view id_number) {
  std::string out(id_number);
  if (out.size() < 15) return std::string(out.size(), '*');
  for (size_t i = 6; i + 4 < out.size(); ++i) out[i] = '*';
  return out;
}

std::string MaskPhone(std::string_view phone) {
  std::string out(phone);
  if (out.size() < 11) return std::string(out.size(), '*');
  for (size_t i = 3; i + 4 < out.size(); ++i) out[i] = '*';
  return out;
}

}  // namespace xiezuo::codes
