// Evidence files: type by magic bytes, content addressed by SHA-256, one blob per content.
#include "store/evidence.hpp"

#include <algorithm>

#include "store/repository_util.hpp"

namespace cl::store {
namespace {

constexpr const char* kColumns =
    "id, organization_id, sha256, file_name, media_type, size, created_at";

EvidenceFile file_of(const Row& row) {
  return {row.integer(0), row.integer(1), row.text(2), row.text(3),
          row.text(4),    row.integer(5), row.text(6), false};
}

bool ends_with(std::string name, std::string_view suffix) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char chr) { return static_cast<char>(std::tolower(chr)); });
  return name.ends_with(suffix);
}

/// UTF-8 text with no NUL and no control characters but tab, CR, LF, FF.
bool is_text(std::string_view bytes) {
  std::size_t idx = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (idx < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[idx]);
    if (lead < 0x80) {
      if (lead < 0x20 && lead != '\t' && lead != '\r' && lead != '\n' && lead != '\f') return false;
      if (lead == 0x7f) return false;
      ++idx;
      continue;
    }
    int extra = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (idx + static_cast<std::size_t>(extra) >= bytes.size()) return false;
    for (int more = 1; more <= extra; ++more) {
      if ((static_cast<unsigned char>(bytes[idx + static_cast<std::size_t>(more)]) & 0xC0) !=
          0x80) {
        return false;
      }
    }
    idx += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

std::string hex_prefix(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t idx = 0; idx < std::min<std::size_t>(bytes.size(), 8); ++idx) {
    const auto byte = static_cast<unsigned char>(bytes[idx]);
    if (!out.empty()) out.push_back(' ');
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0f]);
  }
  return out;
}

}  // namespace

Result<std::string> detect_media_type(std::string_view bytes, const std::string& file_name) {
  if (bytes.starts_with("%PDF-")) return std::string("application/pdf");
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return std::string("image/png");
  if (bytes.starts_with("\xFF\xD8\xFF")) return std::string("image/jpeg");
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4)) ||
      bytes.starts_with(std::string_view("PK\x05\x06", 4))) {
    return std::string(ends_with(file_name, ".xlsx")
                           ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "application/zip");
  }
  if (!bytes.empty() && is_text(bytes)) {
    return std::string(ends_with(file_name, ".csv") ? "text/csv" : "text/plain");
  }
  return fail(
      ErrorCode::store_evidence_type,
      "'" + file_name + "' is " +
          (bytes.empty() ? std::string("empty")
                         : "of an unsupported type (first bytes " + hex_prefix(bytes) + ")") +
          "; evidence may be PDF, PNG, JPEG, XLSX/ZIP, or CSV/plain UTF-8 text");
}

Result<std::string> clean_file_name(const std::string& file_name) {
  std::string name = file_name;
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  const bool has_control = std::any_of(name.begin(), name.end(), [](char chr) {
    return static_cast<unsigned char>(chr) < 0x20 || chr == 0x7f;
  });
  if (name.empty() || name == "." || name == ".." || has_control || name.size() > 255) {
    return fail(
        ErrorCode::store_invalid,
        "'" + file_name + "' is not a usable file name; give a plain name such as bill.pdf");
  }
  return name;
}

Result<EvidenceFile> store_evidence(Database& db, const Actor& actor, std::int64_t organization_id,
                                    const std::string& file_name, std::string_view bytes) {
  return guard([&] {
    const std::string name = detail::unwrap(clean_file_name(file_name));
    if (bytes.size() > kMaxEvidenceBytes) {
      throw_error(ErrorCode::store_evidence_too_large,
                  "'" + name + "' is " + std::to_string(bytes.size() >> 20) +
                      " MiB, more than the " + std::to_string(kMaxEvidenceBytes >> 20) +
                      " MiB an evidence file may have; scan at a lower resolution or split it");
    }
    const std::string media_type = detail::unwrap(detect_media_type(bytes, name));
    const std::string hash = sha256_hex(bytes);
    EvidenceFile file;
    db.write([&] {
      const auto existing =
          db.query(std::string("SELECT ") + kColumns +
                       " FROM evidence_files WHERE organization_id = $1 AND sha256 = $2",
                   {organization_id, hash});
      if (!existing.empty()) {
        file = file_of(existing[0]);
        file.deduplicated = true;
        return;
      }
      const std::string now = now_iso8601();
      if (db.query("SELECT 1 FROM evidence_blobs WHERE sha256 = $1", {hash}).empty()) {
        db.exec(
            "INSERT INTO evidence_blobs (sha256, size, media_type, content, created_at) "
            "VALUES ($1, $2, $3, $4, $5)",
            {hash, static_cast<std::int64_t>(bytes.size()), media_type,
             Blob(bytes.begin(), bytes.end()), now});
      }
      file = {0,          organization_id,
              hash,       name,
              media_type, static_cast<std::int64_t>(bytes.size()),
              now,        false};
      file.id = detail::insert_id(db,
                                  "INSERT INTO evidence_files (organization_id, sha256, file_name, "
                                  "media_type, size, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                                  {organization_id, hash, name, media_type, file.size, now});
      append_audit(db, actor, "create", "evidence_files", std::to_string(file.id), nullptr,
                   {{"organization_id", organization_id},
                    {"sha256", hash},
                    {"file_name", name},
                    {"media_type", media_type},
                    {"size", file.size}});
    });
    return file;
  });
}

Result<EvidenceFile> get_evidence(Database& db, std::int64_t id) {
  return guard([&] {
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM evidence_files WHERE id = $1", {id});
    if (rows.empty()) detail::throw_not_found("evidence file", id);
    return file_of(rows[0]);
  });
}

Result<std::vector<EvidenceFile>> list_evidence(Database& db, std::int64_t organization_id) {
  return guard([&] {
    std::vector<EvidenceFile> out;
    for (const auto& row :
         db.query(std::string("SELECT ") + kColumns +
                      " FROM evidence_files WHERE organization_id = $1 ORDER BY id",
                  {organization_id})) {
      out.push_back(file_of(row));
    }
    return out;
  });
}

Result<Blob> evidence_content(Database& db, std::int64_t id) {
  return guard([&] {
    const auto rows = db.query(
        "SELECT b.content, b.sha256 FROM evidence_files f JOIN evidence_blobs b ON b.sha256 = "
        "f.sha256 "
        "WHERE f.id = $1",
        {id});
    if (rows.empty()) detail::throw_not_found("evidence file", id);
    Blob content = rows[0].blob(0);
    const std::string_view bytes(reinterpret_cast<const char*>(content.data()), content.size());
    if (sha256_hex(bytes) != rows[0].text(1)) {
      throw_error(
          ErrorCode::store_audit_broken,
          "evidence file " + std::to_string(id) + " no longer matches its SHA-256: it was altered");
    }
    return content;
  });
}

}  // namespace cl::store
