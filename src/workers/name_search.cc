#include "workers/name_search.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace xiezuo::workers {

namespace {

// Latin spelling of one code point. Names repeat the same few thousand
// characters, and ICU's rule-based transliteration costs tens of
// microseconds a call, plus about 100 ms to build a transliterator. The
// spellings are kept for the whole process (a pure function of the code
// point, so sharing is safe), and a thread builds a transliterator only
// when it meets a character no thread has spelled yet: an importer's
// reader thread, new for every file, then costs nothing extra.
struct SyllableCache {
  std::shared_mutex mu;
  std::unordered_map<UChar32, std::string> spelled;  // GUARDED_BY(mu)
};

std::string Syllable(UChar32 cp) {
  static SyllableCache cache;
  {
    std::shared_lock<std::shared_mutex> l(cache.mu);
    auto it = cache.spelled.find(cp);
    if (it != cache.spelled.end()) return it->second;
  }
  thread_local std::unique_ptr<icu::Transliterator> tr = [] {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, err));
    if (U_FAILURE(err)) t.reset();
    return t;
  }();
  std::string out;
  if (tr) {
    icu::UnicodeString u(cp);
    tr->transliterate(u);
    std::string latin;
    u.toUTF8String(latin);
    for (char c : latin)
      if (c >= 'a' && c <= 'z') out += c;
  }
  std::unique_lock<std::shared_mutex> l(cache.mu);
  if (cache.spelled.size() < 100000) cache.spelled.emplace(cp, out);  // Han is ~100k code points
  return out;
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
    const std::string syl = Syllable(cp);
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
