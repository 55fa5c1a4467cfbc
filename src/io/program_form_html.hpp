// The filled application form as a self-contained HTML document (printed to PDF by io/pdf.hpp),
// with the shared writer, cover and print style of io/html_document: one section per form of the
// service applied for (附表1, 附表2, 附表3 of seed 000; the joint application of seed 004), each
// field's label from the definition in Chinese with an English label beside it (from the field's
// id: "factory_name" → "Factory name"), and the value the application gives under the field's key
// (io/program_xlsx form_value, the same text the workbook shows).
#pragma once

#include <string>

#include "core/program/application.hpp"
#include "core/program/definition.hpp"

namespace cl::io {

struct ApplicationFormOptions {
  std::string generated;  ///< the cover's date, YYYY-MM-DD (the caller's clock)
  std::string applicant;  ///< the factory's name as stored
};

/// "factory_name" → "Factory name"; "ubn" → "UBN" (a short id is an abbreviation).
std::string english_label(const std::string& field_id);

std::string application_form_html(const program::Program& program,
                                  const program::Application& application,
                                  const std::string& service,
                                  const ApplicationFormOptions& options);

}  // namespace cl::io
