// Golden test: our decoded values, cell for cell, against `mariadb-binlog -vv
// --base64-output=decode-rows` output of the same binlog files.
//
// Inputs:
//  - ../shared/vectors/decoded-by-mariadb-binlog/*.txt[.gz]: one per shared binlog file that
//    mariadb-binlog could decode; the name is the file's path under vectors/ with '/' -> '_'.
//  - tests/data/mariadb/*.00000[12] with <file>.txt beside it (scripts/gen-fixtures.sh).
//
// Our side runs in-process: BinlogDecoder -> a ChangeHandler that renders every present cell
// through format::ValueEncoder (what `decode` and the daemon emit). Their side is parsed from
// the `### INSERT/UPDATE/DELETE` blocks. Rows are aligned by the positions of the rows events
// (mariadb-binlog prints the rows of a statement's events together, after the last one), so
// a statement whose rows we drop on purpose is seen as such and not as a shifted sequence.
//
// Each cell is normalized into our convention from mariadb-binlog's printing (see the
// tests/data/mariadb/README.md quirks list); the normalizers never look at our value to decide
// what to expect. Every exception is in kRowExclusions / kCellExclusions below with its reason,
// and each must still be needed (an exclusion that matches nothing fails the test).

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "binlog/binlog_decoder.h"
#include "binlog/charset.h"
#include "format/json_writer.h"
#include "format/value_encoder.h"
#include "support/vectors.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;
using CT = binlog::ColumnType;

// ---------------------------------------------------------------------------------------------
// Files

struct FileCase {
    std::string label;  // shown in messages: the path under vectors/ or tests/data/
    fs::path binlog;
    fs::path text;  // mariadb-binlog's output (.txt or .txt.gz)
};

std::string read_all(const fs::path& p) {
    if (p.extension() == ".gz") {
        gzFile gz = gzopen(p.c_str(), "rb");
        if (gz == nullptr) throw std::runtime_error("cannot open " + p.string());
        std::string out;
        char buf[1 << 16];
        int n = 0;
        while ((n = gzread(gz, buf, sizeof buf)) > 0)
            out.append(buf, static_cast<std::size_t>(n));
        const bool bad = n < 0;
        gzclose(gz);
        if (bad) throw std::runtime_error("cannot inflate " + p.string());
        return out;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every shared .txt is matched to exactly one file under vectors/; throws when one is not.
std::vector<FileCase> shared_cases() {
    const fs::path vectors = shared_dir() / "vectors";
    const fs::path decoded = vector_path("decoded-by-mariadb-binlog");
    std::map<std::string, std::vector<fs::path>> by_flat_name;
    for (const auto& e : fs::recursive_directory_iterator(vectors)) {
        if (!e.is_regular_file()) continue;
        const fs::path rel = fs::relative(e.path(), vectors);
        if (*rel.begin() == "decoded-by-mariadb-binlog") continue;
        std::string flat = rel.generic_string();
        std::replace(flat.begin(), flat.end(), '/', '_');
        by_flat_name[flat].push_back(rel);
    }
    std::vector<FileCase> out;
    for (const auto& e : fs::directory_iterator(decoded)) {
        const std::string name = e.path().filename().string();
        std::string flat;
        if (name.ends_with(".txt")) {
            flat = name.substr(0, name.size() - 4);
        } else if (name.ends_with(".txt.gz")) {
            flat = name.substr(0, name.size() - 7);
        } else {
            throw std::runtime_error("unexpected file in " + decoded.string() + ": " + name);
        }
        auto it = by_flat_name.find(flat);
        if (it == by_flat_name.end() || it->second.size() != 1) {
            throw std::runtime_error(e.path().string() +
                                     (it == by_flat_name.end()
                                          ? " matches no binlog file under "
                                          : " matches more than one binlog file under ") +
                                     vectors.string());
        }
        out.push_back({it->second[0].generic_string(), vectors / it->second[0], e.path()});
    }
    std::sort(out.begin(), out.end(),
              [](const FileCase& a, const FileCase& b) { return a.label < b.label; });
    return out;
}

// tests/data/mariadb/<name>.00000N, each with its .txt (a binlog without one is an error).
std::vector<FileCase> local_cases() {
    const fs::path dir = test_data_path("mariadb");
    std::vector<FileCase> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        const auto dot = name.rfind('.');
        if (dot == std::string::npos || name.size() - dot != 7 ||
            name.compare(dot, 5, ".0000") != 0) {
            continue;
        }
        const fs::path txt = dir / (name + ".txt");
        if (!fs::exists(txt)) {
            throw std::runtime_error("no mariadb-binlog output beside " + e.path().string() +
                                     " (expected " + txt.string() + ")");
        }
        out.push_back({"tests/data/mariadb/" + name, e.path(), txt});
    }
    std::sort(out.begin(), out.end(),
              [](const FileCase& a, const FileCase& b) { return a.label < b.label; });
    return out;
}

void PrintTo(const FileCase& fc, std::ostream* os) {
    *os << fc.label;
}

// Where finding the files failed (reported by the totals test; the list is then empty).
std::string& case_list_error() {
    static std::string err;
    return err;
}

const std::vector<FileCase>& all_cases() {
    static const std::vector<FileCase> kAll = [] {
        try {
            auto v = shared_cases();
            auto l = local_cases();
            v.insert(v.end(), l.begin(), l.end());
            return v;
        } catch (const std::exception& e) {
            case_list_error() = e.what();
            return std::vector<FileCase>{};
        }
    }();
    return kAll;
}

// Files our decoder must refuse, with the words the error must contain. Their rows are not
// compared (mariadb-binlog prints none for either: see the counts asserted below).
struct ExpectedFailure {
    std::string label;
    std::vector<std::string> words;
    std::string why;
};
const std::vector<ExpectedFailure> kExpectedFailures = {
    {"rust_mysql_common/test-data/binlogs/binlog_truncated_prev_gtid_event.000001",
     {"truncated"},
     "not a valid binlog (vectors README): its PREVIOUS_GTIDS event is cut short"},
    {"tests/data/mariadb/legacy-hires.000001",
     {"b2k_legacy.t_legacy_hires", "TIME", "mysql56_temporal_format"},
     "MariaDB 5.3 'hires' TIME(n)/DATETIME(n)/TIMESTAMP(n): the TABLE_MAP carries no width, only "
     "information_schema knows it (docs/value-encoding-temporal.md, 'Not handled'); its .txt is "
     "plain mariadb-binlog output because -v stops at the first such row"},
};

const ExpectedFailure* expected_failure(const std::string& label) {
    for (const auto& f : kExpectedFailures) {
        if (f.label == label) return &f;
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------
// mariadb-binlog's side

struct TheirCell {
    unsigned col = 0;  // 1-based, as printed (@N)
    std::string type;  // "INT", "DECIMAL(10,2)", "VARSTRING(40) COMPRESSED", ...
    std::string value;
    bool is_null = false;
    std::size_t line = 0;
};

struct TheirRow {
    char op = '?';      // 'c' insert, 'u' update, 'd' delete
    std::string table;  // "`db`.`t`" as printed
    std::vector<TheirCell> before;
    std::vector<TheirCell> after;
    std::size_t line = 0;
};

// The rows printed together after the rows events of one statement.
struct TheirBatch {
    std::vector<std::uint64_t> events;  // positions of the rows events, in order
    std::vector<TheirRow> rows;
};

struct TheirFile {
    std::vector<TheirBatch> batches;
    std::size_t rows = 0;
};

bool is_event_header(std::string_view l) {
    // "#231114 22:23:20 server id 1  end_log_pos 28545 ..."
    if (l.size() < 8 || l[0] != '#') return false;
    for (int i = 1; i <= 6; ++i) {
        if (l[static_cast<std::size_t>(i)] < '0' || l[static_cast<std::size_t>(i)] > '9')
            return false;
    }
    return l[7] == ' ' && l.find(" server id ") != std::string_view::npos;
}

bool is_rows_event_header(std::string_view l) {
    for (std::string_view k :
         {"\tWrite_rows", "\tUpdate_rows", "\tDelete_rows", "\tWrite_compressed_rows",
          "\tUpdate_compressed_rows", "\tDelete_compressed_rows"}) {
        if (l.find(k) != std::string_view::npos) return true;
    }
    return false;
}

TheirCell parse_cell(std::string_view l, std::size_t line_no) {
    // "###   @N=VALUE /* TYPE meta=M nullable=X is_null=Y */"
    TheirCell c;
    c.line = line_no;
    const std::size_t at = l.find('@');
    const std::size_t eq = l.find('=', at);
    const std::size_t cm = l.rfind(" /* ");
    if (at == std::string_view::npos || eq == std::string_view::npos ||
        cm == std::string_view::npos || cm < eq || !l.ends_with(" */")) {
        throw std::runtime_error("line " + std::to_string(line_no) +
                                 ": not a cell: " + std::string(l));
    }
    c.col = static_cast<unsigned>(std::stoul(std::string(l.substr(at + 1, eq - at - 1))));
    c.value = std::string(l.substr(eq + 1, cm - eq - 1));
    const std::string_view comment = l.substr(cm + 4);
    const std::size_t meta = comment.find(" meta=");
    if (meta == std::string_view::npos) {
        throw std::runtime_error("line " + std::to_string(line_no) + ": no meta= in " +
                                 std::string(l));
    }
    c.type = std::string(comment.substr(0, meta));
    c.is_null = comment.find(" is_null=1 ") != std::string_view::npos;
    return c;
}

TheirFile parse_mariadb_output(const std::string& text) {
    TheirFile f;
    std::vector<std::uint64_t> at_queue;  // "# at N" lines whose event header is still to come
    std::vector<std::uint64_t> pending;   // rows events whose rows are still to come
    TheirBatch* batch = nullptr;          // open while rows lines follow each other
    TheirRow* row = nullptr;
    std::vector<TheirCell>* image = nullptr;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        const std::string_view l(text.data() + pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (!l.starts_with("### ")) {
            batch = nullptr;
            row = nullptr;
            image = nullptr;
            if (l.starts_with("# at ")) {
                at_queue.push_back(std::stoull(std::string(l.substr(5))));
            } else if (is_event_header(l)) {
                if (at_queue.empty()) {
                    throw std::runtime_error("line " + std::to_string(line_no) +
                                             ": event header without a '# at' line");
                }
                const std::uint64_t ev_pos = at_queue.front();
                at_queue.erase(at_queue.begin());
                if (is_rows_event_header(l)) pending.push_back(ev_pos);
            }
            continue;
        }
        if (batch == nullptr) {
            f.batches.emplace_back();
            batch = &f.batches.back();
            batch->events = std::move(pending);
            pending.clear();
        }
        auto start_row = [&](char op, std::string_view rest) {
            batch->rows.emplace_back();
            row = &batch->rows.back();
            row->op = op;
            row->table = std::string(rest);
            row->line = line_no;
            image = nullptr;
            ++f.rows;
        };
        if (l.starts_with("### INSERT INTO ")) {
            start_row('c', l.substr(16));
        } else if (l.starts_with("### UPDATE ")) {
            start_row('u', l.substr(11));
        } else if (l.starts_with("### DELETE FROM ")) {
            start_row('d', l.substr(16));
        } else if (l == "### SET" && row != nullptr) {
            if (row->op == 'd') throw std::runtime_error("SET in a DELETE");
            image = &row->after;
        } else if (l == "### WHERE" && row != nullptr) {
            if (row->op == 'c') throw std::runtime_error("WHERE in an INSERT");
            image = &row->before;
        } else if (l.starts_with("###   @") && image != nullptr) {
            image->push_back(parse_cell(l, line_no));
        } else {
            throw std::runtime_error("line " + std::to_string(line_no) +
                                     ": unexpected: " + std::string(l));
        }
    }
    return f;
}

// ---------------------------------------------------------------------------------------------
// Our side

struct TableInfo {
    binlog::TableMapEvent tm;
    binlog::Flavor flavor = binlog::Flavor::mysql;
    std::vector<format::ColumnRendering> cols;  // point into tm.columns
    std::string quoted;                         // "`db`.`t`", as mariadb-binlog prints it
};

struct OurCell {
    bool present = false;
    bool is_null = false;
    std::string json;   // what ValueEncoder appended
    std::string error;  // ValueEncoder's error, if it failed
};

struct OurRow {
    std::uint64_t pos = 0;
    std::uint32_t row = 0;
    binlog::RowsKind kind = binlog::RowsKind::write;
    std::shared_ptr<const TableInfo> table;
    std::optional<std::vector<OurCell>> before;
    std::optional<std::vector<OurCell>> after;
};

struct OurFile {
    std::vector<OurRow> rows;
    std::string error;  // empty when the whole file decoded
};

class Capture final : public binlog::ChangeHandler {
  public:
    explicit Capture(OurFile& out) : out_(out) {}

    Result<void> on_row(const binlog::RowChange& ch) override {
        OurRow r;
        r.pos = ch.source.pos;
        r.row = ch.row;
        r.kind = ch.kind;
        r.table = table_info(ch.table, ch.source.flavor);
        if (ch.before != nullptr) r.before = render(*r.table, *ch.before, nullptr);
        if (ch.after != nullptr) r.after = render(*r.table, *ch.after, ch.before);
        // Like the JSON printer and the daemon, a cell that cannot be rendered stops decoding,
        // and its row is not emitted.
        std::string err;
        for (const auto* img : {&r.before, &r.after}) {
            if (!*img) continue;
            for (std::size_t i = 0; i < (*img)->size() && err.empty(); ++i) {
                if (!(**img)[i].error.empty()) {
                    const auto& c = r.table->tm.columns[i];
                    err = ch.table.db + "." + ch.table.table + " column " +
                          (c.name.empty() ? "@" + std::to_string(i + 1) : c.name) + ": " +
                          (**img)[i].error;
                }
            }
        }
        if (!err.empty()) return failure(Errc::bad_value, err);
        out_.rows.push_back(std::move(r));
        return success();
    }

  private:
    std::shared_ptr<const TableInfo> table_info(const binlog::TableMapEvent& tm,
                                                binlog::Flavor flavor) {
        auto& slot = cache_[tm.map_seq];
        if (slot) return slot;
        auto info = std::make_shared<TableInfo>();
        info->tm = tm;
        info->flavor = flavor;
        for (const auto& c : info->tm.columns)
            info->cols.push_back(format::resolve_rendering(c, flavor));
        // mariadb-binlog quotes names as SQL does: a backtick inside is doubled.
        auto quote = [](const std::string& name) {
            std::string q = "`";
            for (char ch : name) {
                q.push_back(ch);
                if (ch == '`') q.push_back('`');
            }
            return q + "`";
        };
        info->quoted = quote(tm.db) + "." + quote(tm.table);
        slot = std::move(info);
        return slot;
    }

    std::vector<OurCell> render(const TableInfo& t, const binlog::RowImage& image,
                                const binlog::RowImage* before) {
        std::vector<OurCell> out(image.size());
        for (std::size_t i = 0; i < image.size() && i < t.cols.size(); ++i) {
            const binlog::Cell& cell = image[i];
            OurCell& o = out[i];
            o.present = cell.present;
            if (!cell.present) continue;
            o.is_null = cell.is_null;
            const binlog::Cell* b =
                before != nullptr && i < before->size() ? &(*before)[i] : nullptr;
            auto r = encoder_.encode(t.cols[i], cell, b, o.json);
            if (!r) o.error = r.error().message;
        }
        return out;
    }

    OurFile& out_;
    format::ValueEncoder encoder_;
    std::map<std::uint64_t, std::shared_ptr<const TableInfo>> cache_;
};

OurFile decode_ours(const FileCase& fc) {
    OurFile out;
    Capture cap(out);
    auto src = binlog::FileEventSource::open(fc.binlog.string());
    if (!src) {
        out.error = src.error().message;
        return out;
    }
    binlog::BinlogDecoder decoder(cap, binlog::DecoderOptions{});
    auto r = decoder.run(*src.value(), fc.binlog.filename().string());
    if (!r) out.error = r.error().message;
    return out;
}

// ---------------------------------------------------------------------------------------------
// Normalizers: mariadb-binlog's printing -> the JSON we should have emitted.

// mariadb-binlog's my_b_write_quoted: bytes above 0x1F raw, others as \xNN (lower-case hex);
// quote and backslash are NOT escaped. So a value is everything between the outer quotes.
std::optional<std::string> unquote_bytes(const std::string& v) {
    if (v.size() < 2 || v.front() != '\'' || v.back() != '\'') return std::nullopt;
    std::string out;
    const std::string_view s(v.data() + 1, v.size() - 2);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 3]))) {
            const auto b =
                static_cast<unsigned char>(std::stoi(std::string(s.substr(i + 2, 2)), nullptr, 16));
            // Only bytes below 0x20 are ever escaped; anything else is a literal "\x".
            if (b < 0x20) {
                out.push_back(static_cast<char>(b));
                i += 3;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    if (in.size() % 4 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = in[i + static_cast<std::size_t>(k)];
            if (c == '=' && i + 4 == in.size() && k >= 2) {
                v[k] = 0;
                ++pad;
            } else {
                v[k] = val(c);
                if (v[k] < 0 || pad != 0) return std::nullopt;
            }
        }
        const unsigned n = (static_cast<unsigned>(v[0]) << 18) |
                           (static_cast<unsigned>(v[1]) << 12) |
                           (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
        out.push_back(static_cast<char>((n >> 16) & 0xFF));
        if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xFF));
        if (pad < 1) out.push_back(static_cast<char>(n & 0xFF));
    }
    return out;
}

// MariaDB column compression (sql/field_comp.cc), written here from the format description:
// header byte, bit 7 = compressed; then bits 0-2 = bytes of the big-endian original length,
// bit 3 = raw deflate (no zlib header). Not compressed: the bytes follow the header.
std::optional<std::string> mariadb_uncompress(const std::string& in) {
    if (in.empty()) return std::string();
    const auto head = static_cast<unsigned char>(in[0]);
    if ((head & 0x80) == 0) return in.substr(1);
    const unsigned lenlen = head & 7u;
    if (lenlen == 0 || in.size() < 1 + lenlen) return std::nullopt;
    std::size_t len = 0;
    for (unsigned i = 0; i < lenlen; ++i)
        len = (len << 8) | static_cast<unsigned char>(in[1 + i]);
    std::string out(len, '\0');
    z_stream zs{};
    if (inflateInit2(&zs, (head & 0x08) ? -MAX_WBITS : MAX_WBITS) != Z_OK) return std::nullopt;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + 1 + lenlen));
    zs.avail_in = static_cast<uInt>(in.size() - 1 - lenlen);
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(len);
    const int rc = inflate(&zs, Z_FINISH);
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || zs.avail_out != 0) return std::nullopt;
    return out;
}

// The JSON string our writer makes of UTF-8 text (invalid sequences -> U+FFFD), as a value.
std::string json_normalized_text(std::string_view utf8) {
    std::string lit;
    format::append_json_string(lit, utf8);
    return nlohmann::json::parse(lit).get<std::string>();
}

// Column bytes -> the text we should emit, through the column's charset (docs/charsets.md).
std::optional<std::string> text_of(const format::ColumnRendering& r, std::string_view bytes,
                                   std::string& err) {
    const auto* cs = r.charset;
    if (cs == nullptr || cs->kind == binlog::CharsetKind::utf8mb3 ||
        cs->kind == binlog::CharsetKind::utf8mb4 || cs->kind == binlog::CharsetKind::ascii ||
        cs->kind == binlog::CharsetKind::binary) {
        return json_normalized_text(bytes);
    }
    std::string utf8;
    auto res = binlog::append_utf8(*cs, bytes, utf8);
    if (!res) {
        err = res.error().message;
        return std::nullopt;
    }
    return json_normalized_text(utf8);
}

bool parse_uint(std::string_view s, std::uint64_t& v) {
    if (s.empty()) return false;
    v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    return true;
}

unsigned days_in_month(unsigned y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return 29;
    return kDays[m - 1];
}

// "YYYY?MM?DD" (any separators) -> is it a real date (zero and invalid dates are our null)?
std::optional<bool> real_date(std::string_view d) {
    if (d.size() != 10) return std::nullopt;
    std::uint64_t y = 0;
    std::uint64_t m = 0;
    std::uint64_t day = 0;
    if (!parse_uint(d.substr(0, 4), y) || !parse_uint(d.substr(5, 2), m) ||
        !parse_uint(d.substr(8, 2), day)) {
        return std::nullopt;
    }
    if (m > 12) return std::nullopt;
    return m != 0 && day != 0 &&
           day <= days_in_month(static_cast<unsigned>(y), static_cast<unsigned>(m));
}

std::string in_quotes(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

// mariadb-binlog's b'0101…' bit strings, most significant bit first.
std::optional<std::string> bit_string(const std::string& v) {
    if (v.size() < 3 || !v.starts_with("b'") || v.back() != '\'') return std::nullopt;
    std::string bits = v.substr(2, v.size() - 3);
    for (char c : bits) {
        if (c != '0' && c != '1') return std::nullopt;
    }
    return bits;
}

// `end` is where strtod/strtof stopped: the whole text must be one JSON number.
bool is_json_number(const std::string& json, const char* end) {
    if (json.empty() || end != json.c_str() + json.size()) return false;
    const auto j = nlohmann::json::parse(json, nullptr, false);
    return j.is_number();
}

std::string trim_right(std::string s) {
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    return s;
}

// The type name mariadb-binlog prints for a column, from our TABLE_MAP reading of it.
std::string their_type_name(const binlog::ColumnDef& c) {
    auto blob_name = [](std::uint32_t prefix) -> std::string {
        switch (prefix) {
            case 1:
                return "TINYBLOB/TINYTEXT";
            case 2:
                return "BLOB/TEXT";
            case 3:
                return "MEDIUMBLOB/MEDIUMTEXT";
            case 4:
                return "LONGBLOB/LONGTEXT";
        }
        return "?";
    };
    switch (c.type) {
        case CT::MYSQL_TYPE_TINY:
            return "TINYINT";
        case CT::MYSQL_TYPE_SHORT:
            return "SHORTINT";
        case CT::MYSQL_TYPE_INT24:
            return "MEDIUMINT";
        case CT::MYSQL_TYPE_LONG:
            return "INT";
        case CT::MYSQL_TYPE_LONGLONG:
            return "LONGINT";
        case CT::MYSQL_TYPE_FLOAT:
            return "FLOAT";
        case CT::MYSQL_TYPE_DOUBLE:
            return "DOUBLE";
        case CT::MYSQL_TYPE_NEWDECIMAL:
            return "DECIMAL(" + std::to_string(c.precision) + "," + std::to_string(c.scale) + ")";
        case CT::MYSQL_TYPE_DATE:
            return "DATE";
        case CT::MYSQL_TYPE_TIME:
            return "TIME";
        case CT::MYSQL_TYPE_DATETIME:
            return "DATETIME";
        case CT::MYSQL_TYPE_TIMESTAMP:
            return "TIMESTAMP";
        case CT::MYSQL_TYPE_TIME2:
            return "TIME(" + std::to_string(c.fsp) + ")";
        case CT::MYSQL_TYPE_DATETIME2:
            return "DATETIME(" + std::to_string(c.fsp) + ")";
        case CT::MYSQL_TYPE_TIMESTAMP2:
            return "TIMESTAMP(" + std::to_string(c.fsp) + ")";
        case CT::MYSQL_TYPE_YEAR:
            return "YEAR";
        case CT::MYSQL_TYPE_BIT:
            return "BIT(" + std::to_string(c.bits) + ")";
        case CT::MYSQL_TYPE_ENUM:
            return c.length == 1 ? "ENUM(1 byte)" : "ENUM(" + std::to_string(c.length) + " bytes)";
        case CT::MYSQL_TYPE_SET:
            return "SET(" + std::to_string(c.length) + " bytes)";
        case CT::MYSQL_TYPE_STRING:
            return "STRING(" + std::to_string(c.length) + ")";
        case CT::MYSQL_TYPE_VARCHAR:
        case CT::MYSQL_TYPE_VAR_STRING:
            return "VARSTRING(" + std::to_string(c.length) + ")";
        case CT::MYSQL_TYPE_VARCHAR_COMPRESSED:
            return "VARSTRING(" + std::to_string(c.length) + ") COMPRESSED";
        case CT::MYSQL_TYPE_BLOB:
        case CT::MYSQL_TYPE_TINY_BLOB:
        case CT::MYSQL_TYPE_MEDIUM_BLOB:
        case CT::MYSQL_TYPE_LONG_BLOB:
            return blob_name(c.length);
        case CT::MYSQL_TYPE_BLOB_COMPRESSED:
            return blob_name(c.length) + " COMPRESSED";
        case CT::MYSQL_TYPE_GEOMETRY:
            return "GEOMETRY";
        default:
            return "?" + std::string(binlog::column_type_name(c.type));
    }
}

// What we should have emitted for their cell, or a reason it cannot be judged (then the cell
// is a failure). `ours` is only consulted for the JSON shapes that need parsing (strings,
// arrays, objects), never to choose the expectation.
struct Verdict {
    bool equal = false;
    std::string expected;  // our convention, for the message
};

Verdict judge(const TableInfo& t, std::size_t i, const TheirCell& th, const OurCell& ours) {
    const binlog::ColumnDef& c = t.tm.columns[i];
    const format::ColumnRendering& r = t.cols[i];
    Verdict v;
    auto exact = [&](std::string want) {
        v.expected = std::move(want);
        v.equal = ours.error.empty() && ours.json == v.expected;
        return v;
    };
    auto cannot = [&](const std::string& why) {
        v.expected = "<" + why + ">";
        v.equal = false;
        return v;
    };
    if (th.is_null) {
        if (th.value != "NULL") return cannot("is_null=1 but printed " + th.value);
        return exact("null");
    }
    if (!ours.error.empty()) return cannot("our encoder failed");
    const std::string val = trim_right(th.value);  // FLOAT is printed "%-20g"
    switch (c.type) {
        case CT::MYSQL_TYPE_TINY:
        case CT::MYSQL_TYPE_SHORT:
        case CT::MYSQL_TYPE_INT24:
        case CT::MYSQL_TYPE_LONG:
        case CT::MYSQL_TYPE_LONGLONG: {
            // "-3 (4294967293)": the signed reading, and the unsigned one when negative. Ours
            // follows our signedness metadata (signed when there is none: docs/decisions.md).
            const std::size_t paren = val.find(" (");
            if (paren == std::string::npos) return exact(val);
            if (!val.ends_with(")")) return cannot("bad integer " + val);
            return exact(r.is_unsigned ? val.substr(paren + 2, val.size() - paren - 3)
                                       : val.substr(0, paren));
        }
        case CT::MYSQL_TYPE_YEAR: {
            // "%04d" of byte + 1900: the zero year (byte 0) prints as 1900, which no YEAR
            // column can hold otherwise (1901..2155). Ours: the number, 0 for the zero year.
            std::uint64_t y = 0;
            if (!parse_uint(val, y)) return cannot("bad YEAR " + val);
            return exact(y == 1900 ? "0" : std::to_string(y));
        }
        case CT::MYSQL_TYPE_FLOAT: {
            // "%g" (6 significant digits) of the float: print ours the same way.
            v.expected = val + " (as %g)";
            char* end = nullptr;
            const float f = std::strtof(ours.json.c_str(), &end);
            char buf[64];
            std::snprintf(buf, sizeof buf, "%g", static_cast<double>(f));
            v.equal = is_json_number(ours.json, end) && val == buf;
            return v;
        }
        case CT::MYSQL_TYPE_DOUBLE: {
            // "%.20g": exact for a double; ours is the shortest round-trip form.
            v.expected = val + " (as %.20g)";
            char* end = nullptr;
            const double d = std::strtod(ours.json.c_str(), &end);
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.20g", d);
            v.equal = is_json_number(ours.json, end) && val == buf;
            return v;
        }
        case CT::MYSQL_TYPE_NEWDECIMAL:
            // All declared fraction digits, like ours; ours is a string.
            return exact(in_quotes(val));
        case CT::MYSQL_TYPE_DATE: {
            // 'YYYY:MM:DD' (colons). Zero/invalid dates are null for us.
            if (val.size() != 12 || val.front() != '\'') return cannot("bad DATE " + val);
            const std::string d = val.substr(1, 10);
            const auto ok = real_date(d);
            if (!ok) return cannot("bad DATE " + val);
            return exact(*ok ? in_quotes(d.substr(0, 4) + "-" + d.substr(5, 2) + "-" + d.substr(8))
                             : std::string("null"));
        }
        case CT::MYSQL_TYPE_DATETIME:
        case CT::MYSQL_TYPE_DATETIME2: {
            // 'YYYY-MM-DD hh:mm:ss[.ffffff]' with the declared digits; ours has a 'T'.
            if (val.size() < 21 || val.front() != '\'' || val.back() != '\'' || val[11] != ' ')
                return cannot("bad DATETIME " + val);
            std::string d = val.substr(1, val.size() - 2);
            const auto ok = real_date(d.substr(0, 10));
            if (!ok) return cannot("bad DATETIME " + val);
            d[10] = 'T';
            return exact(*ok ? in_quotes(d) : std::string("null"));
        }
        case CT::MYSQL_TYPE_TIMESTAMP:
        case CT::MYSQL_TYPE_TIMESTAMP2: {
            // Epoch seconds (UTC) with the declared fraction digits; ours is UTC ISO with 'Z'.
            // Second 0 is the zero TIMESTAMP: null for us.
            const std::size_t dot = val.find('.');
            std::uint64_t secs = 0;
            if (!parse_uint(val.substr(0, dot), secs)) return cannot("bad TIMESTAMP " + val);
            if (secs == 0) return exact("null");
            using namespace std::chrono;
            const sys_seconds tp{seconds{static_cast<std::int64_t>(secs)}};
            const auto day = floor<days>(tp);
            const year_month_day ymd{day};
            const hh_mm_ss<seconds> hms{tp - day};
            char buf[64];
            std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld",
                          static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                          static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                          static_cast<long>(hms.minutes().count()),
                          static_cast<long>(hms.seconds().count()));
            std::string s = buf;
            if (dot != std::string::npos) s += val.substr(dot);
            return exact(in_quotes(s + "Z"));
        }
        case CT::MYSQL_TYPE_TIME:
        case CT::MYSQL_TYPE_TIME2:
            // '[-]hh:mm:ss[.ffffff]': the same text as ours.
            if (val.size() < 10 || val.front() != '\'' || val.back() != '\'')
                return cannot("bad TIME " + val);
            return exact(in_quotes(val.substr(1, val.size() - 2)));
        case CT::MYSQL_TYPE_BIT: {
            // b'…' with the column's bits, most significant first; ours is the number.
            const auto bits = bit_string(val);
            if (!bits || bits->size() != c.bits || bits->size() > 64)
                return cannot("bad BIT " + val);
            std::uint64_t n = 0;
            for (char ch : *bits)
                n = (n << 1) | static_cast<std::uint64_t>(ch == '1');
            return exact(std::to_string(n));
        }
        case CT::MYSQL_TYPE_ENUM: {
            // The 1-based index. Ours: the label when the TABLE_MAP has them (index 0, the
            // invalid value, is ""), else the index.
            std::uint64_t idx = 0;
            if (!parse_uint(val, idx)) return cannot("bad ENUM " + val);
            if (c.labels.empty()) return exact(std::to_string(idx));
            std::string label;
            if (idx != 0 && idx <= c.labels.size()) {
                std::string err;
                auto text = text_of(r, c.labels[idx - 1], err);
                if (!text) return cannot("label not convertible: " + err);
                label = *text;
            }
            v.expected = nlohmann::json(label).dump();
            const auto j = nlohmann::json::parse(ours.json, nullptr, false);
            v.equal = j.is_string() && j.get<std::string>() == label;
            return v;
        }
        case CT::MYSQL_TYPE_SET: {
            // mariadb-binlog prints the SET's storage bytes in storage order (little-endian),
            // each most significant bit first: b'0000000100000000' is bit 0 of a 2-byte SET.
            const auto bits = bit_string(val);
            if (!bits || bits->size() != 8u * c.length || c.length > 8)
                return cannot("bad SET " + val);
            std::uint64_t mask = 0;
            for (std::size_t b = 0; b < c.length; ++b) {
                std::uint64_t byte = 0;
                for (std::size_t k = 0; k < 8; ++k)
                    byte = (byte << 1) | static_cast<std::uint64_t>((*bits)[b * 8 + k] == '1');
                mask |= byte << (8 * b);
            }
            if (c.labels.empty()) return exact(std::to_string(mask));
            nlohmann::json want = nlohmann::json::array();
            for (std::size_t b = 0; b < c.labels.size() && b < 64; ++b) {
                if (((mask >> b) & 1) == 0) continue;
                std::string err;
                auto text = text_of(r, c.labels[b], err);
                if (!text) return cannot("label not convertible: " + err);
                want.push_back(*text);
            }
            v.expected = want.dump();
            v.equal = nlohmann::json::parse(ours.json, nullptr, false) == want;
            return v;
        }
        case CT::MYSQL_TYPE_STRING:
        case CT::MYSQL_TYPE_VARCHAR:
        case CT::MYSQL_TYPE_VAR_STRING:
        case CT::MYSQL_TYPE_BLOB:
        case CT::MYSQL_TYPE_TINY_BLOB:
        case CT::MYSQL_TYPE_MEDIUM_BLOB:
        case CT::MYSQL_TYPE_LONG_BLOB:
        case CT::MYSQL_TYPE_VARCHAR_COMPRESSED:
        case CT::MYSQL_TYPE_BLOB_COMPRESSED: {
            // The stored bytes (compressed columns: as stored, header and zlib stream included).
            auto bytes = unquote_bytes(th.value);
            if (!bytes) return cannot("bad string " + th.value);
            if (c.type == CT::MYSQL_TYPE_VARCHAR_COMPRESSED ||
                c.type == CT::MYSQL_TYPE_BLOB_COMPRESSED) {
                bytes = mariadb_uncompress(*bytes);
                if (!bytes) return cannot("their bytes do not inflate");
            }
            const auto j = nlohmann::json::parse(ours.json, nullptr, false);
            if (r.binary && c.type == CT::MYSQL_TYPE_STRING && bytes->size() < c.length) {
                // BINARY(n): the server logs the value without its trailing 0x00 bytes (row 3
                // of t_bin: X'01000000' is logged as '\x01'), but the column's value, what
                // SELECT returns, is always n bytes: the logged bytes padded with 0x00.
                bytes->resize(c.length, '\0');
            }
            if (r.binary) {
                // Ours: base64 of the bytes.
                std::string b64;
                format::append_base64(b64, *bytes);
                v.expected = in_quotes(b64);
                const auto got = j.is_string() ? base64_decode(j.get<std::string>()) : std::nullopt;
                v.equal = got && *got == *bytes;
                return v;
            }
            std::string err;
            auto text = text_of(r, *bytes, err);
            if (!text) return cannot("not convertible: " + err);
            v.expected = nlohmann::json(*text).dump();
            v.equal = j.is_string() && j.get<std::string>() == *text;
            return v;
        }
        case CT::MYSQL_TYPE_GEOMETRY: {
            // 4-byte little-endian SRID + WKB, raw; ours {"srid":N,"wkb":"<base64>"}.
            auto bytes = unquote_bytes(th.value);
            if (!bytes || bytes->size() < 4) return cannot("bad GEOMETRY " + th.value);
            std::uint32_t srid = 0;
            std::memcpy(&srid, bytes->data(), 4);
            std::string b64;
            format::append_base64(b64, std::string_view(*bytes).substr(4));
            const nlohmann::json want = {{"srid", srid}, {"wkb", b64}};
            v.expected = want.dump();
            v.equal = nlohmann::json::parse(ours.json, nullptr, false) == want;
            return v;
        }
        default:
            return cannot("no normalizer for " + std::string(binlog::column_type_name(c.type)));
    }
}

// ---------------------------------------------------------------------------------------------
// Exclusions. Each is matched by its fields and must be used at least once.

// Row batches (one statement's rows) that mariadb-binlog prints and we rightly do not emit.
struct RowExclusion {
    std::string file_prefix;  // FileCase::label prefix
    std::string table;        // "`db`.`t`" of the batch's first row
    std::string cell;         // a cell of that row, as printed ("@2='sp-undone'")
    std::string reason;
};
const std::vector<RowExclusion> kRowExclusions = {
    {"tests/data/mariadb/", "`b2k`.`t_dml`", "@2='sp-undone'",
     "rows between SAVEPOINT sp2 and ROLLBACK TO sp2 in a committed transaction (the INSERT of "
     "t_dml id 17 and its trigger's t_audit row): they never happened, so our decoder drops "
     "them; mariadb-binlog prints every logged row"},
};

// Cells where our value is known to be wrong, each naming the reported bug. `applies` must
// recognise exactly the wrong value the bug produces, so that any other difference in the same
// cell still fails.
struct CellExclusion {
    std::string bug;
    std::string reason;
    bool (*applies)(const TableInfo& t, std::size_t i, const TheirCell& th, const OurCell& ours);
};

// Cells that may differ, each with its reason (none at present: BINARY(n) padding, the one
// difference this test found, is fixed in value_encoder.cpp).
const std::vector<CellExclusion> kCellExclusions = {};

// ---------------------------------------------------------------------------------------------
// Comparison of one file

struct Stats {
    std::size_t their_rows = 0;
    std::size_t rows_compared = 0;
    std::size_t cells_compared = 0;
    std::size_t rows_excluded = 0;
    std::size_t cells_excluded = 0;
    std::vector<std::string> failures;
    std::string our_error;
    std::map<std::string, std::size_t> cells_by_type;
};

char op_of(binlog::RowsKind k) {
    switch (k) {
        case binlog::RowsKind::write:
            return 'c';
        case binlog::RowsKind::del:
            return 'd';
        case binlog::RowsKind::update:
        case binlog::RowsKind::partial_update:
            return 'u';
    }
    return '?';
}

std::vector<std::size_t> g_row_exclusion_uses(kRowExclusions.size());
std::vector<std::size_t> g_cell_exclusion_uses(kCellExclusions.size());

void compare_image(const FileCase& fc, const TheirRow& tr, const OurRow& our, const char* side,
                   const std::vector<TheirCell>& theirs,
                   const std::optional<std::vector<OurCell>>& ours, Stats& st) {
    auto where = [&](const std::string& what) {
        return fc.label + " line " + std::to_string(tr.line) + " (event at " +
               std::to_string(our.pos) + ", row " + std::to_string(our.row) + ") " + tr.table +
               " " + side + " " + what;
    };
    if (!ours) {
        st.failures.push_back(where("image: ours has none, mariadb-binlog prints " +
                                    std::to_string(theirs.size()) + " cells"));
        return;
    }
    const TableInfo& t = *our.table;
    std::set<unsigned> seen;
    for (const TheirCell& th : theirs) {
        const std::string col = "@" + std::to_string(th.col);
        if (th.col == 0 || th.col > t.tm.columns.size() || th.col > ours->size()) {
            st.failures.push_back(where(col + ": no such column in our TABLE_MAP"));
            continue;
        }
        seen.insert(th.col);
        const std::size_t i = th.col - 1;
        const OurCell& oc = (*ours)[i];
        const std::string name = t.tm.columns[i].name.empty() ? col : t.tm.columns[i].name;
        if (!oc.present) {
            st.failures.push_back(where(col + " (" + name + "): absent from our image"));
            continue;
        }
        const std::string want_type = their_type_name(t.tm.columns[i]);
        if (th.type != want_type) {
            st.failures.push_back(where(col + " (" + name + "): mariadb-binlog says type " +
                                        th.type + ", our TABLE_MAP reading gives " + want_type));
            continue;
        }
        const Verdict vd = judge(t, i, th, oc);
        if (vd.equal) {
            ++st.cells_compared;
            ++st.cells_by_type[th.type.substr(0, th.type.find('('))];
            continue;
        }
        bool excluded = false;
        for (std::size_t k = 0; k < kCellExclusions.size(); ++k) {
            if (kCellExclusions[k].applies(t, i, th, oc)) {
                ++g_cell_exclusion_uses[k];
                ++st.cells_excluded;
                excluded = true;
                break;
            }
        }
        if (excluded) continue;
        st.failures.push_back(where(col + " (" + name + ", " + th.type + "): mariadb-binlog " +
                                    th.value + " -> expected " + vd.expected + ", ours " +
                                    (oc.error.empty() ? oc.json : "error: " + oc.error)));
    }
    for (std::size_t i = 0; i < ours->size(); ++i) {
        if ((*ours)[i].present && !seen.count(static_cast<unsigned>(i + 1))) {
            st.failures.push_back(where("@" + std::to_string(i + 1) +
                                        ": present in ours, not printed by mariadb-binlog"));
        }
    }
}

bool batch_has_cell(const TheirRow& r, const std::string& cell) {
    for (const auto* img : {&r.before, &r.after}) {
        for (const auto& c : *img) {
            if ("@" + std::to_string(c.col) + "=" + c.value == cell) return true;
        }
    }
    return false;
}

Stats compare_file(const FileCase& fc) {
    Stats st;
    const TheirFile theirs = parse_mariadb_output(read_all(fc.text));
    st.their_rows = theirs.rows;
    const OurFile ours = decode_ours(fc);
    st.our_error = ours.error;

    std::map<std::uint64_t, std::vector<std::size_t>> by_pos;
    for (std::size_t i = 0; i < ours.rows.size(); ++i)
        by_pos[ours.rows[i].pos].push_back(i);
    std::vector<bool> used(ours.rows.size(), false);

    for (const TheirBatch& b : theirs.batches) {
        std::vector<std::size_t> mine;
        for (std::uint64_t p : b.events) {
            auto it = by_pos.find(p);
            if (it == by_pos.end()) continue;
            for (std::size_t i : it->second) {
                if (!used[i]) mine.push_back(i);
            }
        }
        const TheirRow& first = b.rows.front();
        if (mine.empty()) {
            bool excluded = false;
            for (std::size_t k = 0; k < kRowExclusions.size(); ++k) {
                const auto& ex = kRowExclusions[k];
                if (fc.label.starts_with(ex.file_prefix) && first.table == ex.table &&
                    batch_has_cell(first, ex.cell)) {
                    g_row_exclusion_uses[k] += b.rows.size();
                    st.rows_excluded += b.rows.size();
                    excluded = true;
                    break;
                }
            }
            if (!excluded) {
                std::string evs;
                for (auto p : b.events)
                    evs += " " + std::to_string(p);
                st.failures.push_back(fc.label + " line " + std::to_string(first.line) + ": " +
                                      std::to_string(b.rows.size()) +
                                      " rows printed by mariadb-binlog for the rows events at" +
                                      evs + " (" + first.table + "), none decoded by us");
            }
            continue;
        }
        if (mine.size() != b.rows.size()) {
            st.failures.push_back(fc.label + " line " + std::to_string(first.line) +
                                  ": mariadb-binlog prints " + std::to_string(b.rows.size()) +
                                  " rows for this statement, we decoded " +
                                  std::to_string(mine.size()));
            for (std::size_t i : mine)
                used[i] = true;
            continue;
        }
        for (std::size_t k = 0; k < mine.size(); ++k) {
            used[mine[k]] = true;
            const OurRow& our = ours.rows[mine[k]];
            const TheirRow& tr = b.rows[k];
            if (tr.table != our.table->quoted || tr.op != op_of(our.kind)) {
                st.failures.push_back(fc.label + " line " + std::to_string(tr.line) + ": " +
                                      std::string(1, tr.op) + " " + tr.table + " vs ours " +
                                      std::string(1, op_of(our.kind)) + " " + our.table->quoted);
                continue;
            }
            ++st.rows_compared;
            if (tr.op != 'c') compare_image(fc, tr, our, "before", tr.before, our.before, st);
            if (tr.op != 'd') compare_image(fc, tr, our, "after", tr.after, our.after, st);
        }
    }
    for (std::size_t i = 0; i < ours.rows.size(); ++i) {
        if (!used[i]) {
            st.failures.push_back(fc.label + ": our row " + std::to_string(ours.rows[i].row) +
                                  " of the event at " + std::to_string(ours.rows[i].pos) + " (" +
                                  ours.rows[i].table->quoted +
                                  ") matches nothing mariadb-binlog printed");
        }
    }
    return st;
}

const Stats& stats_for(const FileCase& fc) {
    static std::map<std::string, Stats> cache;
    auto it = cache.find(fc.label);
    if (it == cache.end()) it = cache.emplace(fc.label, compare_file(fc)).first;
    return it->second;
}

// ---------------------------------------------------------------------------------------------
// Tests

class MariadbBinlogGolden : public ::testing::TestWithParam<FileCase> {};

TEST_P(MariadbBinlogGolden, ValuesMatch) {
    const FileCase& fc = GetParam();
    const Stats& st = stats_for(fc);
    if (const auto* ef = expected_failure(fc.label)) {
        ASSERT_FALSE(st.our_error.empty()) << fc.label << " must be refused: " << ef->why;
        for (const auto& w : ef->words) {
            EXPECT_NE(st.our_error.find(w), std::string::npos)
                << fc.label << ": the error should mention '" << w << "': " << st.our_error;
        }
        EXPECT_EQ(st.their_rows, 0u) << fc.label << ": mariadb-binlog printed rows here";
    } else {
        EXPECT_EQ(st.our_error, "") << fc.label;
    }
    constexpr std::size_t kMaxShown = 40;
    for (std::size_t i = 0; i < st.failures.size() && i < kMaxShown; ++i)
        ADD_FAILURE() << st.failures[i];
    if (st.failures.size() > kMaxShown) {
        ADD_FAILURE() << fc.label << ": " << st.failures.size() - kMaxShown
                      << " more mismatches not shown";
    }
    // Every row mariadb-binlog printed was compared or excluded with a reason.
    EXPECT_EQ(st.rows_compared + st.rows_excluded, st.their_rows) << fc.label;
    if (st.their_rows != 0) {
        EXPECT_GT(st.cells_compared, 0u) << fc.label;
    }
    std::printf("[ cells    ] %-75s rows %6zu  cells %7zu  excluded rows %zu cells %zu\n",
                fc.label.c_str(), st.rows_compared, st.cells_compared, st.rows_excluded,
                st.cells_excluded);
}

std::string case_name(const ::testing::TestParamInfo<FileCase>& info) {
    std::string n = info.param.label;
    for (auto& ch : n) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    return n;
}

INSTANTIATE_TEST_SUITE_P(Files, MariadbBinlogGolden, ::testing::ValuesIn(all_cases()), case_name);

TEST(MariadbBinlogGoldenTotals, EveryFileMatchedAndEnoughCellsCompared) {
    // shared_cases() throws when a .txt matches no binlog (or more than one).
    ASSERT_EQ(case_list_error(), "");
    const auto shared = shared_cases();
    std::size_t txt_files = 0;
    for (const auto& e : fs::directory_iterator(vector_path("decoded-by-mariadb-binlog"))) {
        (void)e;
        ++txt_files;
    }
    EXPECT_EQ(shared.size(), txt_files);
    EXPECT_GE(shared.size(), 40u);
    EXPECT_GE(local_cases().size(), 15u);

    std::size_t total = 0;
    std::size_t shared_total = 0;
    std::size_t rows = 0;
    std::map<std::string, std::size_t> by_type;
    for (const auto& fc : all_cases()) {
        const Stats& st = stats_for(fc);
        total += st.cells_compared;
        rows += st.rows_compared;
        if (!fc.label.starts_with("tests/")) shared_total += st.cells_compared;
        for (const auto& [k, n] : st.cells_by_type)
            by_type[k] += n;
    }
    std::printf("[ cells    ] total: %zu cells in %zu rows (shared vectors %zu, tests/data %zu)\n",
                total, rows, shared_total, total - shared_total);
    for (const auto& [k, n] : by_type)
        std::printf("[ cells    ]   %-24s %7zu\n", k.c_str(), n);
    EXPECT_GE(shared_total, 290000u);
    EXPECT_GE(total - shared_total, 28000u);

    // An exclusion that no longer matches anything must be removed.
    for (std::size_t k = 0; k < kRowExclusions.size(); ++k) {
        std::printf("[ cells    ] excluded: %zu rows, %s\n", g_row_exclusion_uses[k],
                    kRowExclusions[k].reason.c_str());
        EXPECT_GT(g_row_exclusion_uses[k], 0u)
            << "row exclusion never used: " << kRowExclusions[k].reason;
    }
    for (std::size_t k = 0; k < kCellExclusions.size(); ++k) {
        EXPECT_GT(g_cell_exclusion_uses[k], 0u)
            << "cell exclusion never used: " << kCellExclusions[k].bug;
        std::printf("[ cells    ] excluded: %zu cells, %s\n", g_cell_exclusion_uses[k],
                    kCellExclusions[k].bug.c_str());
    }
}

}  // namespace
}  // namespace b2k::test
