// codes::ValidateMobile with a memory of the number blocks it accepted, for
// bulk writes. ValidateMobile parses with libphonenumber's regular
// expressions (about 25 µs a number: a third of a bulk import's CPU).
// Whether a plain 11-digit mainland number "1xxxxxxxxxx" is a valid mobile
// depends only on its block, the first seven digits (号段 and HLR code):
// libphonenumber's CN patterns never look further, and the block is the
// unit numbers are allocated in. So a plain number from a block accepted
// before is accepted without the parse; any other input, every rejection
// and the first number of each block go through ValidateMobile.
// mobile_check_test.cc compares the two over a sample of every block prefix.
//
// Thread-safety: safe; each thread keeps its own 125 KB bitmap.
#ifndef XIEZUO_CODES_MOBILE_CHECK_H_
#define XIEZUO_CODES_MOBILE_CHECK_H_

#include <string_view>

#include "codes/validators.h"

namespace xiezuo::codes {

PhoneResult ValidateMobileFast(std::string_view input);

}  // namespace xiezuo::codes

#endif  // XIEZUO_CODES_MOBILE_CHECK_H_
