// JSON views of service objects: the shapes documented in docs/openapi.json.
// Personal data appears only masked here; the reveal endpoint is separate.
#ifndef XIEZUO_HTTP_API_VIEWS_H_
#define XIEZUO_HTTP_API_VIEWS_H_

#include <nlohmann/json.hpp>

#include "http/api/api.h"

namespace xiezuo::http {

nlohmann::json PrincipalJson(const ApiContext& ctx, const auth::Principal& p);
nlohmann::json OrgJson(const ApiContext& ctx, const orgs::Org& o);
nlohmann::json WorkerListJson(const ApiContext& ctx, const workers::Worker& w);
nlohmann::json WorkerDetailJson(const ApiContext& ctx, const workers::Worker& w);
nlohmann::json EnterpriseJson(const ApiContext& ctx, const postings::Enterprise& e);
nlohmann::json PostingJson(const ApiContext& ctx, const postings::Posting& p);
nlohmann::json ListJson(nlohmann::json items, int64_t total, int page, int page_size);

// Query-string integer id from a path parameter; NotFound if malformed.
StatusOr<int64_t> PathId(const Request& req);

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_API_VIEWS_H_
