#include "workers/name_search.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <unordered_map>

namespace xiezuo::workers {

namespace {

// Latin spelling of one code point, cached per thread: names repeat the
// same few thousand characters, and ICU's rule-based transliteration costs
// tens of microseconds a call.
const std::string& Syllable(UChar32 cp) {
  thread_local std::unique_ptr<icu::Transliterator> tr = [] {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, err));
    if (U_FAILURE(err)) t.reset();
    return t;
  }();
  thread_local std::unordered_map<UChar32, std::string> cache;
  auto it = cache.find(cp);
  if (it != cache.end()) return it->second;
  std::string out;
  if (tr) {
    icu::UnicodeString u(cp);
    tr->transliterate(u);
    std::string latin;
    u.toUTF8String(latin);
    for (char c : latin)
      if (c >= 'a' && c <= 'z') out += c;
  }
  if (cache.size() > 50000) cache.clear();
  return cache.emplace(cp, std::move(out)).first->second;
}

}  // namespace

std::string NameSearchKey(std::string_view name) {
  if (name.empty()) return "";
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  std::string full, initials;
  bool in_word = false;  // consecutive Latin letters form one word
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    UChar32 cp = u.char32At(i);
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c >= 'a' && c <= 'z') {
        if (!in_word) initials += c;
        full += c;
        in_word = true;
      } else {
        in_word = false;
      }
      continue;
    }
    in_word = false;
    const std::string& syl = Syllable(cp);
    if (syl.empty()) continue;
    initials += syl[0];
    full += syl;
  }
  return full + " " + initials + ".";
}

bool PinyinQuery(std::string_view q, std::string* out) {
  std::string s;
  for (char c : q) {
    if (c == ' ') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') return false;
    s += c;
  }
  if (s.empty()) return false;
  *out = s;
  return true;
}

}  // namespace xiezuo::workers
