#include "codes/codebook.h"

namespace xiezuo::codes {

StatusOr<std::unique_ptr<Codebook>> Codebook::Load(const CodebookPaths& paths) {
  auto cb = std::make_unique<Codebook>();
  ASSIGN_OR_RETURN(
      cb->divisions,
      Divisions::Load(paths.divisions_dir, LoadOptions{.load_villages = paths.load_villages}));
  ASSIGN_OR_RETURN(cb->occupations, CodeTable::Load(paths.occupations));
  ASSIGN_OR_RETURN(cb->industries, CodeTable::Load(paths.industries));
  return cb;
}

}  // namespace xiezuo::codes
