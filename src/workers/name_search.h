// The search key of a worker's name, so that officials typing pinyin find
// people: "张三" -> "zhangsan zs." (full pinyin, then initials), computed at
// write time with ICU's "Han-Latin; Latin-ASCII" transliterator and stored
// in workers.name_search (migration 0004). Polyphonic surnames take ICU's
// most common reading (单 -> dan); the Chinese name itself is always
// searched too.
//
// A query matches a part of the full pinyin ("zhang", "san") or all the
// initials ("zs", not the "zs" inside 赵珊珊's "zss"): see the two LIKE
// patterns in worker.cc.
//
// Thread-safety: safe; spellings are shared by all threads, a thread builds
// its own transliterator only for a character not spelled before.
#ifndef XIEZUO_WORKERS_NAME_SEARCH_H_
#define XIEZUO_WORKERS_NAME_SEARCH_H_

#include <string>
#include <string_view>

namespace xiezuo::workers {

std::string NameSearchKey(std::string_view name);

// True when q looks like pinyin (ASCII letters and spaces only); the
// normalised query (lower case, no spaces) is stored in *out.
bool PinyinQuery(std::string_view q, std::string* out);

}  // namespace xiezuo::workers

#endif  // XIEZUO_WORKERS_NAME_SEARCH_H_
