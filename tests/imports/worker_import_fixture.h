// A 巧家县 officer and a WorkerImporter on a migrated database (both
// backends), with the helpers the worker import tests share: import a file
// and expect it to succeed, count with one SQL query, the rows with errors.
#ifndef XIEZUO_TESTS_IMPORTS_WORKER_IMPORT_FIXTURE_H_
#define XIEZUO_TESTS_IMPORTS_WORKER_IMPORT_FIXTURE_H_

#include <memory>
#include <set>
#include <string>

#include "imports/report.h"
#include "imports/worker_import.h"
#include "tests/services/services_fixture.h"

namespace xiezuo::testing {

class WorkerImportTest : public QiaojiaTest {
 protected:
  void SetUp() override {
    QiaojiaTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    importer_ = std::make_unique<imports::WorkerImporter>(db(), *workers_, SharedCodebook(),
                                                          *cipher_);
  }

  imports::ImportReport Import(const std::string& path, const imports::ImportOptions& o) {
    auto r = importer_->ImportFile(officer_, path, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : imports::ImportReport{};
  }

  static std::set<int64_t> ErrorRows(const imports::ImportReport& r) {
    std::set<int64_t> out;
    for (const auto& i : r.issues)
      if (i.error) out.insert(i.row);
    return out;
  }

  std::unique_ptr<imports::WorkerImporter> importer_;
};

}  // namespace xiezuo::testing

#endif  // XIEZUO_TESTS_IMPORTS_WORKER_IMPORT_FIXTURE_H_
