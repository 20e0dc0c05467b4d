// Bulk import of a job-supply list (岗位供给清单) from CSV or XLSX.
//
// Columns by name (kPostingFields in the .cc): required 企业名称,
// 统一社会信用代码, 工作地点, 岗位名称, 工种, 招聘人数, 月薪下限, 月薪上限;
// optional 计薪方式 (月薪/时薪/计件), 包吃, 包住, 宿舍人数, 年龄要求, 工作时间,
// 社保, 联系人, 联系电话, 有效期, 岗位要求/描述.
//
// The enterprise is found by its credit code or created (its place is the
// place of work's county). A posting is identified by enterprise, 岗位名称
// and 工作地点: re-import updates it while it is a draft or rejected (what
// changed is reported) and refuses changes once it is submitted, verified or
// published. New postings are drafts; the rules (postings/rules.h) run on
// each row and a blocking violation (pay below the minimum wage, a sex,
// ethnicity or origin requirement, no openings) rejects the row with its
// reason. Modes, dry run and the report as for workers.
#ifndef XIEZUO_IMPORTS_POSTING_IMPORT_H_
#define XIEZUO_IMPORTS_POSTING_IMPORT_H_

#include "auth/principal.h"
#include "codes/codebook.h"
#include "imports/report.h"
#include "imports/worker_import.h"
#include "postings/postings.h"

namespace xiezuo::imports {

const std::vector<FieldSpec>& PostingFields();

class PostingImporter {
 public:
  PostingImporter(store::Database& db, postings::PostingService& postings,
                  const codes::Codebook& codebook, const Clock& clock)
      : db_(db), postings_(postings), codebook_(codebook), clock_(clock) {}

  StatusOr<ImportReport> ImportFile(const auth::Principal& p, const std::string& path,
                                    const ImportOptions& options);
  StatusOr<ImportReport> Import(const auth::Principal& p, TableReader& reader,
                                const ImportOptions& options);

 private:
  store::Database& db_;
  postings::PostingService& postings_;
  const codes::Codebook& codebook_;
  const Clock& clock_;
};

}  // namespace xiezuo::imports

#endif  // XIEZUO_IMPORTS_POSTING_IMPORT_H_
