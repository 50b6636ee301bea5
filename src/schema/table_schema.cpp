#include "schema/table_schema.h"

#include <algorithm>

namespace b2k::schema {
namespace {

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

bool ColumnSchema::is_character() const noexcept {
    static constexpr std::string_view kTypes[] = {"char",       "varchar",  "tinytext", "text",
                                                  "mediumtext", "longtext", "enum",     "set"};
    return std::find(std::begin(kTypes), std::end(kTypes), data_type) != std::end(kTypes);
}

std::optional<std::size_t> TableSchema::column_index(std::string_view name) const {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (iequal(columns[i].name, name)) return i;
    }
    return std::nullopt;
}

const TableSchema* SchemaCatalog::find(std::string_view db, std::string_view table) const {
    auto it = tables_.find(Key(db, table));
    return it == tables_.end() ? nullptr : &it->second;
}

TableSchema* SchemaCatalog::find(std::string_view db, std::string_view table) {
    auto it = tables_.find(Key(db, table));
    return it == tables_.end() ? nullptr : &it->second;
}

void SchemaCatalog::put(TableSchema t) {
    Key k(t.db, t.table);
    tables_[std::move(k)] = std::move(t);
}

bool SchemaCatalog::erase(std::string_view db, std::string_view table) {
    return tables_.erase(Key(db, table)) > 0;
}

void SchemaCatalog::drop_database(std::string_view db) {
    std::erase_if(tables_, [&](const auto& kv) { return kv.first.first == db; });
    db_charsets_.erase(std::string(db));
}

std::string SchemaCatalog::database_charset(std::string_view db) const {
    auto it = db_charsets_.find(std::string(db));
    return it == db_charsets_.end() ? std::string() : it->second;
}

void SchemaCatalog::set_database_charset(std::string db, std::string charset) {
    db_charsets_[std::move(db)] = std::move(charset);
}

nlohmann::json SchemaCatalog::to_json() const {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& [key, t] : tables_) {
        nlohmann::json cols = nlohmann::json::array();
        for (const auto& c : t.columns) {
            nlohmann::json jc = {
                {"name", c.name},     {"type", c.data_type},      {"unsigned", c.is_unsigned},
                {"length", c.length}, {"precision", c.precision}, {"scale", c.scale},
                {"fsp", c.fsp},       {"invisible", c.invisible}};
            if (c.charset) jc["charset"] = *c.charset;
            if (!c.enum_values.empty()) jc["labels"] = c.enum_values;
            cols.push_back(std::move(jc));
        }
        nlohmann::json jt{{"db", t.db},
                          {"table", t.table},
                          {"charset", t.charset},
                          {"primary_key", t.primary_key},
                          {"columns", std::move(cols)}};
        if (!t.unknown_since.empty()) jt["unknown_since"] = t.unknown_since;
        tables.push_back(std::move(jt));
    }
    return {{"tables", std::move(tables)}, {"databases", db_charsets_}};
}

SchemaCatalog SchemaCatalog::from_json(const nlohmann::json& j) {
    SchemaCatalog out;
    for (const auto& jt : j.at("tables")) {
        TableSchema t;
        t.db = jt.at("db").get<std::string>();
        t.table = jt.at("table").get<std::string>();
        t.charset = jt.value("charset", "");
        t.primary_key = jt.at("primary_key").get<std::vector<std::string>>();
        t.unknown_since = jt.value("unknown_since", "");
        for (const auto& jc : jt.at("columns")) {
            ColumnSchema c;
            c.name = jc.at("name").get<std::string>();
            c.data_type = jc.at("type").get<std::string>();
            c.is_unsigned = jc.value("unsigned", false);
            c.length = jc.value("length", 0u);
            c.precision = jc.value("precision", 0u);
            c.scale = jc.value("scale", 0u);
            c.fsp = jc.value("fsp", 0u);
            c.invisible = jc.value("invisible", false);
            if (jc.contains("charset")) c.charset = jc.at("charset").get<std::string>();
            if (jc.contains("labels")) {
                c.enum_values = jc.at("labels").get<std::vector<std::string>>();
            }
            t.columns.push_back(std::move(c));
        }
        out.put(std::move(t));
    }
    if (j.contains("databases")) {
        for (const auto& [db, cs] : j.at("databases").items()) {
            out.set_database_charset(db, cs.get<std::string>());
        }
    }
    return out;
}

}  // namespace b2k::schema
