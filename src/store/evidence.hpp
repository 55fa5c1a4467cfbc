// Evidence files (bills, meter photos, spreadsheets) stored content-addressed: the bytes live
// once in evidence_blobs under their SHA-256, in the database itself (BLOB / BYTEA) rather than
// in a folder beside it, so a transaction, a backup and a PostgreSQL server on another machine
// all cover them. An organization's evidence_files row names a blob; uploading the same bytes
// again returns the existing row (deduplicated). Size is capped and the type is decided by the
// first bytes, not by the file name: PDF, PNG, JPEG, XLSX/ZIP, or CSV/plain UTF-8 text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

inline constexpr std::size_t kMaxEvidenceBytes = 25u << 20;  ///< 25 MiB

struct EvidenceFile {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string sha256;  ///< lower-case hex of the content
  std::string file_name;
  std::string media_type;
  std::int64_t size = 0;
  std::string created_at;
  bool deduplicated = false;  ///< store_evidence found the same content already there
};

/// The media type from the content's magic bytes ("application/pdf", "image/png",
/// "image/jpeg", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" for a ZIP
/// named *.xlsx else "application/zip", "text/csv" for *.csv else "text/plain");
/// store.evidence_type for anything else.
Result<std::string> detect_media_type(std::string_view bytes, const std::string& file_name);

/// The last path component of an uploaded name, with control characters refused
/// (store.invalid): "../../etc/passwd" → "passwd".
Result<std::string> clean_file_name(const std::string& file_name);

/// Stores `bytes` for the organization. store.evidence_too_large over kMaxEvidenceBytes,
/// store.evidence_type for an unsupported type.
Result<EvidenceFile> store_evidence(Database& db, const Actor& actor, std::int64_t organization_id,
                                    const std::string& file_name, std::string_view bytes);
Result<EvidenceFile> get_evidence(Database& db, std::int64_t id);
Result<std::vector<EvidenceFile>> list_evidence(Database& db, std::int64_t organization_id);
/// The bytes, checked against their SHA-256 (store.audit_broken if they changed).
Result<Blob> evidence_content(Database& db, std::int64_t id);

}  // namespace cl::store
