// Logical backup and restore. Columns and their types come from the database catalogue
// (SQLite pragma_table_info, PostgreSQL information_schema), so values are written with their
// JSON type whichever dialect the backup came from.
#include "store/backup.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/migrations.hpp"

namespace cl::store {
namespace {

enum class Kind { integer, real, text, blob };

struct Column {
  std::string name;
  Kind kind = Kind::text;
};

std::vector<Column> columns_of(Database& db, const std::string& table) {
  const auto rows =
      db.dialect() == Dialect::sqlite
          ? db.query("SELECT name, type FROM pragma_table_info($1) ORDER BY cid", {table})
          : db.query(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = $1 "
                "ORDER BY ordinal_position",
                {table});
  std::vector<Column> out;
  for (const auto& row : rows) {
    std::string type = row.text(1);
    for (char& chr : type) chr = static_cast<char>(std::toupper(static_cast<unsigned char>(chr)));
    Kind kind = Kind::text;
    if (type.find("INT") != std::string::npos) kind = Kind::integer;
    if (type.find("REAL") != std::string::npos || type.find("DOUBLE") != std::string::npos)
      kind = Kind::real;
    if (type.find("BLOB") != std::string::npos || type.find("BYTEA") != std::string::npos)
      kind = Kind::blob;
    out.push_back({row.text(0), kind});
  }
  if (out.empty()) throw_error(ErrorCode::store_not_migrated, db.name() + " has no table " + table);
  return out;
}

std::string to_base64(const Blob& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Blob from_base64(const std::string& text) {
  Blob out(text.size());
  std::size_t length = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    throw_error(ErrorCode::store_invalid, "the backup holds a blob that is not valid base64");
  }
  out.resize(length);
  return out;
}

nlohmann::json cell(const Row& row, std::size_t col, Kind kind) {
  if (row.is_null(col)) return nullptr;
  switch (kind) {
    case Kind::integer:
      return row.integer(col);
    case Kind::real:
      return row.real(col);
    case Kind::blob:
      return {{"base64", to_base64(row.blob(col))}};
    default:
      return row.text(col);
  }
}

Value value_of(const nlohmann::json& item) {
  if (item.is_null()) return {};
  if (item.is_number_integer()) return item.get<std::int64_t>();
  if (item.is_number()) return item.get<double>();
  if (item.is_string()) return item.get<std::string>();
  if (item.is_object() && item.contains("base64"))
    return from_base64(item.at("base64").get<std::string>());
  throw_error(ErrorCode::store_invalid,
              "the backup holds a value of an unexpected type: " + item.dump());
}

std::string placeholders(std::size_t count) {
  std::string out;
  for (std::size_t idx = 1; idx <= count; ++idx)
    out += (idx > 1 ? ", $" : "$") + std::to_string(idx);
  return out;
}

std::string joined(const std::vector<Column>& columns) {
  std::string out;
  for (const auto& column : columns) out += (out.empty() ? "" : ", ") + column.name;
  return out;
}

[[noreturn]] void write_failed(const std::string& path) {
  throw_error(ErrorCode::io_write_failed,
              "cannot write the backup " + path + "; check that the folder exists and has space");
}

}  // namespace

Result<BackupReport> backup_database(Database& db, const std::string& path) {
  return guard([&] {
    BackupReport report;
    const std::string temp = path + ".partial";
    std::FILE* file = std::fopen(temp.c_str(), "wb");
    if (file == nullptr) write_failed(path);
    auto put = [&](const nlohmann::json& line) {
      const std::string text = line.dump() + "\n";
      if (std::fwrite(text.data(), 1, text.size(), file) != text.size()) write_failed(path);
    };
    try {
      db.read_snapshot([&] {
        const int version = static_cast<int>(
            db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].integer(0));
        put({{"carbonledger", "backup/1"},
             {"schema_version", version},
             {"created_at", now_iso8601()},
             {"source", db.name()}});
        for (const auto& table : table_names()) {
          auto columns = columns_of(db, table);
          // The inventory revision only keys the server's page cache (migration 11): a restore
          // raises it again from 0 as its rows go in.
          std::erase_if(columns, [&](const Column& column) {
            return table == "inventories" && column.name == "revision";
          });
          put({{"table", table}, {"columns", [&] {
                                    nlohmann::json names = nlohmann::json::array();
                                    for (const auto& column : columns) names.push_back(column.name);
                                    return names;
                                  }()}});
          // Pages in primary-key order, so a big table never sits in memory at once.
          const std::string order = table == "evidence_blobs" ? "sha256"
                                    : table == "audit_log"    ? "seq"
                                    : table == "consultant_assignments"
                                        ? "consultant_org_id, factory_org_id"
                                    : table == "version_shares"   ? "version_id, organization_id"
                                    : table == "inventory_stages" ? "inventory_id, stage"
                                                                  : "id";
          for (std::int64_t offset = 0;; offset += 500) {
            const auto rows = db.query("SELECT " + joined(columns) + " FROM " + table +
                                           " ORDER BY " + order + " LIMIT 500 OFFSET $1",
                                       {offset});
            for (const auto& row : rows) {
              nlohmann::json line = nlohmann::json::array();
              for (std::size_t col = 0; col < columns.size(); ++col) {
                line.push_back(cell(row, col, columns[col].kind));
              }
              put(line);
              ++report.rows;
            }
            if (rows.size() < 500) break;
          }
          ++report.tables;
        }
        put({{"end", true}, {"tables", report.tables}, {"rows", report.rows}});
      });
    } catch (...) {
      std::fclose(file);
      std::remove(temp.c_str());
      throw;
    }
    const bool flushed = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
    if (std::fclose(file) != 0 || !flushed || std::rename(temp.c_str(), path.c_str()) != 0) {
      std::remove(temp.c_str());
      write_failed(path);
    }
    return report;
  });
}

Result<BackupReport> restore_database(Database& db, const std::string& path) {
  return guard([&] {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw_error(ErrorCode::io_not_found, "backup file not found: " + path + "; check the path");
    BackupReport report;
    std::string line;
    auto next = [&](const char* expecting) {
      if (!std::getline(in, line)) {
        throw_error(ErrorCode::store_invalid,
                    path + " ends early (expected " + expecting + "): the backup is truncated");
      }
      auto parsed = nlohmann::json::parse(line, nullptr, false);
      if (parsed.is_discarded()) {
        throw_error(ErrorCode::store_invalid,
                    path + " is not a carbonledger backup (a line is not JSON)");
      }
      return parsed;
    };
    const auto header = next("the header");
    if (!header.is_object() || header.value("carbonledger", "") != "backup/1") {
      throw_error(ErrorCode::store_invalid,
                  path + " is not a carbonledger backup (no backup/1 header)");
    }
    const int version = header.value("schema_version", 0);
    if (version > kSchemaVersion) {
      throw_error(ErrorCode::store_schema_too_new,
                  path + " has schema version " + std::to_string(version) +
                      ", newer than this carbonledger (" + std::to_string(kSchemaVersion) + ")");
    }
    {
      const int current = static_cast<int>(
          db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].integer(0));
      // An older backup loads into a newer schema when the migrations since only added.
      if (current != version && !(current == kSchemaVersion && additive_since(version))) {
        throw_error(ErrorCode::store_not_migrated,
                    db.name() + " is at schema version " + std::to_string(current) +
                        ", the backup at " + std::to_string(version) +
                        "; run `carbonledger migrate --db URL` first");
      }
    }
    db.write([&] {
      for (const auto& table : table_names()) {
        if (!db.query("SELECT 1 FROM " + table + " LIMIT 1").empty()) {
          throw_error(ErrorCode::store_not_empty,
                      db.name() + " is not empty (table " + table +
                          " has rows); restore into a new, migrated database");
        }
      }
      std::string table;
      std::string insert;
      std::size_t width = 0;
      for (;;) {
        const auto item = next("a table or the end marker");
        if (item.is_object() && item.contains("end")) {
          if (item.value("rows", std::int64_t{-1}) != report.rows) {
            throw_error(ErrorCode::store_invalid, path + " says it has " + item.at("rows").dump() +
                                                      " rows but holds " +
                                                      std::to_string(report.rows));
          }
          break;
        }
        if (item.is_object() && item.contains("table")) {
          table = item.at("table").get<std::string>();
          if (std::find(table_names().begin(), table_names().end(), table) == table_names().end()) {
            throw_error(ErrorCode::store_invalid,
                        path + " names a table this schema does not have: " + table);
          }
          const auto known = columns_of(db, table);
          std::vector<Column> columns;
          for (const auto& name : item.at("columns")) {
            const auto column = name.get<std::string>();
            if (std::none_of(known.begin(), known.end(),
                             [&](const Column& candidate) { return candidate.name == column; })) {
              throw_error(ErrorCode::store_invalid,
                          path + ": table " + table + " has no column " + column);
            }
            columns.push_back({column, Kind::text});
          }
          width = columns.size();
          insert = "INSERT INTO " + table + " (" + joined(columns) + ") VALUES (" +
                   placeholders(width) + ")";
          ++report.tables;
          continue;
        }
        if (!item.is_array() || item.size() != width || table.empty()) {
          throw_error(ErrorCode::store_invalid, path + ": a row does not fit its table " + table);
        }
        std::vector<Value> values;
        values.reserve(width);
        for (const auto& value : item) values.push_back(value_of(value));
        db.exec(insert, values);
        ++report.rows;
      }
      if (db.dialect() == Dialect::postgresql) {
        // Identity columns continue after the restored ids.
        for (const auto& name : table_names()) {
          const auto columns = columns_of(db, name);
          if (columns.front().name == "id") {
            db.exec("SELECT setval(pg_get_serial_sequence('" + name +
                    "', 'id'), "
                    "COALESCE((SELECT MAX(id) FROM " +
                    name + "), 0) + 1, false)");
          }
        }
      }
    });
    return report;
  });
}

}  // namespace cl::store
