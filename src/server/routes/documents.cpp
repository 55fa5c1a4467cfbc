// Documents made from a stored inventory, for the browser app and anyone with read access:
//   GET /inventories/{id}/activity/template        the activity-data Excel template, its sources
//                                                   pre-filled (io/activity_template.hpp)
//   GET /inventories/{id}/report?format=&lang=     the inventory report, HTML or PDF
//   GET /inventories/{id}/procedure?format=&lang=  the inventory procedure, HTML or PDF
// Reports are computed now (422 listing every problem when the inventory is not valid) and PDFs
// printed by headless Chromium (io/pdf.hpp) in the server's scratch folder.
#include <chrono>
#include <cstdlib>

#include <fmt/chrono.h>

#include "io/activity_template.hpp"
#include "io/pdf.hpp"
#include "io/report_html.hpp"
#include "server/auth/token.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"
#include "server/routes/workbook.hpp"
#include "store/inventories.hpp"
#include "store/workspace.hpp"

namespace cl::server {
namespace {

template <class T>
T value_or_throw(Result<T> result) {
  if (!result) throw ApiError{status_of(result.error().code), result.error(), {}};
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

void template_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto record = inventory_for(*db, context, auth::Action::read);
  const auto model = unwrap(store::load_inventory(*db, record.id));
  io::ActivityTemplateOptions options;
  options.inventory = &model;
  send_workbook(
      state.scratch_dir, context, "activity-template-" + std::to_string(model.year) + ".xlsx",
      [&](const std::string& path) { return io::write_activity_template(path, options); });
}

/// The report or the procedure of the path's inventory, as HTML or PDF.
void document_route(ApiState& state, RequestContext& context, bool procedure) {
  const auto format = query(context, "format", "pdf", {"pdf", "html"});
  io::ReportOptions options;
  options.lang = query(context, "lang", "zh-TW", {"zh-TW", "en"});
  options.generated_on = taiwan_today();
  // The connection goes back to the pool before Chromium prints.
  const auto computed = [&] {
    auto db = lease(state);
    const auto record = inventory_for(*db, context, auth::Action::read);
    return compute_stored(*db, state, record.id);
  }();
  const auto html = procedure
                        ? io::render_procedure_html(computed.inventory, computed.result, options)
                        : io::render_report_html(computed.inventory, computed.result, options);
  const std::string name = fmt::format("{}-{}-{}", procedure ? "procedure" : "report",
                                       computed.inventory.year, options.lang);
  send_document(state, context, format, html, name);
}

}  // namespace

std::string taiwan_today() {
  const auto taipei = std::chrono::system_clock::now() + std::chrono::hours(8);
  return fmt::format("{:%Y-%m-%d}", fmt::gmtime(std::chrono::system_clock::to_time_t(taipei)));
}

void send_document(ApiState& state, RequestContext& context, const std::string& format,
                   const std::string& html, const std::string& name) {
  if (format == "html") {
    send_html_document(context, html);
    return;
  }
  io::PdfOptions pdf;
  pdf.scratch_dir = state.scratch_dir;
  if (const char* chromium = std::getenv("CL_CHROMIUM"); chromium != nullptr && *chromium != '\0') {
    pdf.chromium = chromium;
  }
  auto bytes = value_or_throw(io::html_to_pdf(html, pdf));
  context.res.status = 200;
  context.res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
  context.res.set_content(std::move(bytes), "application/pdf");
}

void add_document_routes(Router& router, ApiState& state) {
  router.add({"GET", "/api/v1/inventories/{id}/activity/template", Access::authenticated,
              "the activity-data Excel template with the inventory's sources",
              [&state](RequestContext& context) { template_route(state, context); }});
  router.add({"GET", "/api/v1/inventories/{id}/report", Access::authenticated,
              "the inventory report (PDF or HTML, zh-TW or en), computed now",
              [&state](RequestContext& context) { document_route(state, context, false); }});
  router.add({"GET", "/api/v1/inventories/{id}/procedure", Access::authenticated,
              "the inventory procedure (PDF or HTML, zh-TW or en)",
              [&state](RequestContext& context) { document_route(state, context, true); }});
}

}  // namespace cl::server
