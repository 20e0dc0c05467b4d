// Validators for the official identifiers xiezuo stores: resident ID numbers
// (GB 11643), mainland mobile numbers, and unified social credit codes
// (GB 32100); plus the masks used wherever these are displayed.
//
//   SystemClock clock;
//   codes::IdNumberResult id = codes::ValidateIdNumber(input, *divisions, clock);
//   if (id.severity == codes::Severity::kError) return id.ToStatus("身份证号");
//   worker.id_number = id.normalized;     // 18 chars, upper-case X
//   worker.birth_date = id.birth_date;    // "1949-12-31"
//
//   codes::PhoneResult phone = codes::ValidateMobile("+86 138 1234 5678");
//   phone.normalized;                     // "13812345678"
//
//   codes::CreditCodeResult cc = codes::ValidateCreditCode(input, *divisions);
//   // kWarning: the officer may keep it after giving a reason.
//
// Every result carries a severity and, unless OK, a reason in zh-CN and en
// that tells the person what to do. Reasons never repeat the input (they may
// end up in logs). Validators are pure functions of their arguments and safe
// to call concurrently.
#ifndef XIEZUO_CODES_VALIDATORS_H_
#define XIEZUO_CODES_VALIDATORS_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace xiezuo {
class Clock;
}

namespace xiezuo::codes {

class Divisions;

enum class Severity {
  kOk,
  kWarning,  // probably wrong; an officer may accept it with a reason
  kError,    // cannot be right; must be corrected
};

struct Verdict {
  Severity severity = Severity::kOk;
  std::string zh;  // empty when kOk
  std::string en;

  bool ok() const { return severity == Severity::kOk; }
  bool is_error() const { return severity == Severity::kError; }
  // OK for kOk; kInvalidArgument with a FieldError for `field` on kError;
  // kFailedPrecondition with a FieldError on kWarning (the caller decides
  // whether an override reason lifts it).
  Status ToStatus(std::string field) const;
};

enum class Sex { kUnknown, kMale, kFemale };

struct IdNumberResult : Verdict {
  // Filled once the number has the right shape (even if a later check
  // fails): 18 characters, digits and upper-case X only.
  std::string normalized;
  // Filled when the result is kOk.
  std::string birth_date;     // "YYYY-MM-DD"
  Sex sex = Sex::kUnknown;    // 17th digit: odd male, even female
  std::string region_prefix;  // first six digits: where birth was registered
};

// Resident identity card number (GB 11643-1999), 18 characters. Accepts
// full-width digits, a lower-case x and spaces. Checked in this order, each
// with its own message: length (15-digit first-generation numbers are
// rejected, asking for the 18-digit number), characters, region prefix
// (Divisions::IsKnownPrefix, or 81/82/83 for Hong Kong, Macao and Taiwan
// residence permits), birth date (real, not before 1900, not after today in
// Asia/Shanghai per `clock`), check character. A wrong check character says
// only that the number is mistyped, never what the character should be.
IdNumberResult ValidateIdNumber(std::string_view input, const Divisions& divisions,
                                const Clock& clock);

struct PhoneResult : Verdict {
  std::string normalized;  // 11 digits, set when kOk
};

// Mainland China mobile number, for SMS. Accepts "13812345678",
// "+86 138 1234 5678", "0086-138-1234-5678", full-width digits. Landlines
// and numbers outside mainland China are errors.
PhoneResult ValidateMobile(std::string_view input);

struct CreditCodeResult : Verdict {
  // 18 characters, upper case; set unless the shape is wrong (kError).
  std::string normalized;
  std::string region_prefix;  // characters 3-8
};

// Unified social credit code (GB 32100-2015). Wrong length or a character
// outside 0-9 A-H J-N P-R T U W-Y is an error; a failed check character or
// an unknown region code (characters 3-8; "100000" for national-level
// registration is accepted) is a warning.
CreditCodeResult ValidateCreditCode(std::string_view input, const Divisions& divisions);

// Check character for the first 17 characters of an ID number, or nullopt
// if `body17` is not 17 ASCII digits. For test and demo data generators.
std::optional<char> IdNumberCheckChar(std::string_view body17);

// Check character for the first 17 characters of a credit code, or nullopt
// if `body17` is not 17 characters of the code alphabet.
std::optional<char> CreditCodeCheckChar(std::string_view body17);

// Masks for display; they expect the normalized (ASCII) value.
// "530622199001011234" -> "530622********1234": region and last four kept
// for 15 or more characters; anything shorter is masked entirely.
std::string MaskIdNumber(std::string_view id_number);

// "13812345678" -> "138****5678": first three and last four kept for 11 or
// more characters; anything shorter is masked entirely.
std::string MaskPhone(std::string_view phone);

}  // namespace xiezuo::codes

#endif  // XIEZUO_CODES_VALIDATORS_H_
