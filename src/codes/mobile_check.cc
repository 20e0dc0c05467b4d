#include "codes/mobile_check.h"

#include <vector>

namespace xiezuo::codes {

codes::PhoneResult ValidateMobileFast(std::string_view input) {
  // Plain: 11 ASCII digits, "1" then not "0" (10x are Beijing landlines).
  bool plain = input.size() == 11 && input[0] == '1' && input[1] != '0';
  int block = 0;  // digits 2-7 of the number: 0..999,999
  for (size_t i = 0; plain && i < input.size(); ++i) {
    if (input[i] < '0' || input[i] > '9') plain = false;
    else if (i >= 1 && i < 7) block = block * 10 + (input[i] - '0');
  }
  if (!plain) return codes::ValidateMobile(input);
  thread_local std::vector<bool> accepted(1000000, false);
  if (accepted[block]) {
    codes::PhoneResult r;
    r.normalized = std::string(input);
    return r;
  }
  codes::PhoneResult r = codes::ValidateMobile(input);
  if (r.ok() && r.normalized == input) accepted[block] = true;
  return r;
}

}  // namespace xiezuo::codes
