#include "binlog/json_diff.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "binlog/json_binary.h"
#include "format/json_writer.h"

namespace b2k::binlog {
namespace {

using wire::Bytes;

// --- JSON paths ----------------------------------------------------------------------------------

// One step of a path as MySQL logs them (Json_path::to_string of a seekable path): `.name` or
// `."quoted name"` (quoted, with JSON string escapes, when the name is not an ECMAScript
// identifier), `[N]`, `[last]`, `[last-N]`. Wildcards (`.*`, `[*]`, `**`) and ranges (`[1 to 3]`)
// never name a single location, so the server never logs them in a diff.
struct PathLeg {
    bool member = false;      // object member; else array cell
    bool from_end = false;    // [last - index]
    std::uint32_t index = 0;  // array cell
    std::string key;          // member name, unescaped
};

class PathParser {
  public:
    explicit PathParser(std::string_view path) : path_(path) {}

  private:
    // (Defined first: the deduced return types are needed below.)
    auto error(std::string_view what) const {
        return failure(Errc::bad_value, "JSON path '" + std::string(path_) + "' " +
                                            std::string(what) + " (at offset " +
                                            std::to_string(pos_) + ")");
    }
    auto unsupported(std::string_view what) const {
        return failure(Errc::bad_value, "JSON path '" + std::string(path_) + "' uses " +
                                            std::string(what) +
                                            ", which a partial update never logs");
    }

  public:
    Result<std::vector<PathLeg>> parse() {
        std::vector<PathLeg> legs;
        skip_spaces();
        if (!eat('$')) return error("does not start with $");
        for (;;) {
            skip_spaces();
            if (pos_ == path_.size()) return legs;
            if (legs.size() == kJsonMaxDepth) {
                return error("is deeper than MySQL's limit of 100 levels");
            }
            PathLeg leg;
            if (eat('.')) {
                leg.member = true;
                B2K_TRY(member_name(leg.key));
            } else if (eat('[')) {
                B2K_TRY(array_cell(leg));
            } else if (peek() == '*') {
                return unsupported("** (ellipsis)");
            } else {
                return error("has an unexpected character");
            }
            legs.push_back(std::move(leg));
        }
    }

  private:
    static bool is_space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    }
    char peek() const { return pos_ < path_.size() ? path_[pos_] : '\0'; }
    bool eat(char c) {
        if (peek() != c || pos_ == path_.size()) return false;
        ++pos_;
        return true;
    }
    void skip_spaces() {
        while (pos_ < path_.size() && is_space(path_[pos_]))
            ++pos_;
    }

    Result<void> member_name(std::string& key) {
        skip_spaces();
        if (peek() == '*' && pos_ < path_.size()) return unsupported(".* (wildcard)");
        if (peek() == '"' && pos_ < path_.size()) return quoted_name(key);
        const std::size_t start = pos_;
        while (pos_ < path_.size() && !is_space(path_[pos_]) && path_[pos_] != '.' &&
               path_[pos_] != '[' && path_[pos_] != '*') {
            ++pos_;
        }
        if (pos_ == start) return error("has an empty member name");
        key.assign(path_.substr(start, pos_ - start));
        return success();
    }

    // A JSON string (RFC 8259 escapes), as Json_path_leg::to_string writes it with double_quote().
    Result<void> quoted_name(std::string& key) {
        ++pos_;  // opening quote
        while (pos_ < path_.size()) {
            const char c = path_[pos_++];
            if (c == '"') return success();
            if (static_cast<unsigned char>(c) < 0x20) return error("has a control character");
            if (c != '\\') {
                key.push_back(c);
                continue;
            }
            if (pos_ == path_.size()) break;
            const char e = path_[pos_++];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    key.push_back(e);
                    break;
                case 'b':
                    key.push_back('\b');
                    break;
                case 'f':
                    key.push_back('\f');
                    break;
                case 'n':
                    key.push_back('\n');
                    break;
                case 'r':
                    key.push_back('\r');
                    break;
                case 't':
                    key.push_back('\t');
                    break;
                case 'u': {
                    B2K_TRY(std::uint32_t cp, hex4());
                    if (cp >= 0xDC00 && cp <= 0xDFFF) return error("has a lone low surrogate");
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (!eat('\\') || !eat('u')) return error("has a lone high surrogate");
                        B2K_TRY(const std::uint32_t low, hex4());
                        if (low < 0xDC00 || low > 0xDFFF) return error("has a bad surrogate pair");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    append_utf8(key, cp);
                    break;
                }
                default:
                    return error("has an unknown escape");
            }
        }
        return error("has an unterminated quoted member name");
    }

    Result<std::uint32_t> hex4() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = peek();
            int d = -1;
            if (c >= '0' && c <= '9') d = c - '0';
            if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            if (d < 0 || pos_ == path_.size()) return error("has a bad \\u escape");
            v = v * 16 + static_cast<std::uint32_t>(d);
            ++pos_;
        }
        return v;
    }

    static void append_utf8(std::string& s, std::uint32_t cp) {
        if (cp < 0x80) {
            s.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    Result<std::uint32_t> index() {
        skip_spaces();
        std::uint64_t v = 0;
        const std::size_t start = pos_;
        while (pos_ < path_.size() && path_[pos_] >= '0' && path_[pos_] <= '9') {
            v = v * 10 + static_cast<std::uint64_t>(path_[pos_] - '0');
            if (v > std::numeric_limits<std::uint32_t>::max())
                return error("has a too large index");
            ++pos_;
        }
        if (pos_ == start) return error("has an array cell without an index");
        return static_cast<std::uint32_t>(v);
    }

    Result<void> array_cell(PathLeg& leg) {
        skip_spaces();
        if (peek() == '*' && pos_ < path_.size()) return unsupported("[*] (wildcard)");
        if (path_.substr(pos_).starts_with("last")) {
            pos_ += 4;
            leg.from_end = true;
            skip_spaces();
            if (eat('-')) {
                B2K_TRY(leg.index, index());
            }
        } else {
            B2K_TRY(leg.index, index());
        }
        skip_spaces();
        if (path_.substr(pos_).starts_with("to")) return unsupported("a range");
        if (!eat(']')) return error("has an unterminated array cell");
        return success();
    }

    std::string_view path_;
    std::size_t pos_ = 0;
};

Result<std::vector<PathLeg>> parse_path(std::string_view path) {
    return PathParser(path).parse();
}

// Json_array_index: where leg lands in an array of `size` elements. An insert beyond the end
// lands at the end; [last-N] past the start lands at 0.
struct ArrayIndex {
    std::size_t position;
    bool within_bounds;
};
ArrayIndex array_index(const PathLeg& leg, std::size_t size) {
    const bool within = leg.index < size;
    if (leg.from_end) return {within ? size - 1 - leg.index : 0, within};
    return {std::min<std::size_t>(leg.index, size), within};
}

// MySQL's Json_key_comparator: shorter keys first, then bytewise. Objects in binary JSON and in
// MySQL's text are in this order.
bool key_less(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

// --- The partially expanded document -------------------------------------------------------------

struct Member;

// A value of the document: still binary (any JSON value, rendered straight from its bytes), or an
// object/array decoded one level because a diff's path goes through it.
struct Node {
    enum class Kind : std::uint8_t { binary, object, array };
    Kind kind = Kind::binary;
    JsonbValue value;             // binary
    std::vector<Member> members;  // object, in MySQL key order
    std::vector<Node> elements;   // array
};

struct Member {
    std::string key;
    Node value;
};

auto rejected(const JsonDiff& d, const std::string& why) {
    return failure(Errc::bad_value, "cannot apply partial JSON update " +
                                        std::string(json_diff_op_name(d.op)) + " '" +
                                        std::string(d.path) + "': " + why +
                                        "; the before-image is not the value the server changed");
}

auto overlap_error() {
    return failure(Errc::corrupt,
                   "binary JSON: values overlap: the document references more data than it "
                   "holds (the JSON value is corrupt)");
}

class Applier {
  public:
    explicit Applier(std::size_t budget) : budget_(budget) {}

    Result<void> load(Bytes before) {
        B2K_TRY(root_.value, JsonbValue::parse_document(before));
        return success();
    }

    Result<void> apply(const JsonDiff& d) {
        B2K_TRY(const auto legs, parse_path(d.path));
        Node value;
        if (d.op != JsonDiff::Op::remove) {
            if (d.value.empty()) return rejected(d, "its value is empty");
            B2K_TRY(value.value, JsonbValue::parse_document(d.value));
        }
        if (legs.empty()) {
            if (d.op != JsonDiff::Op::replace) return rejected(d, "it names the whole document");
            root_ = std::move(value);
            return success();
        }
        const std::span<const PathLeg> parent_path(legs.data(), legs.size() - 1);
        const PathLeg& last = legs.back();
        B2K_TRY(Node* const parent, seek(parent_path));
        if (parent == nullptr) return rejected(d, "its parent is not in the document");
        B2K_TRY(expand(*parent, parent_path.size()));

        if (parent->kind == Node::Kind::object && last.member) {
            auto& members = parent->members;
            const auto it = std::find_if(members.begin(), members.end(),
                                         [&](const Member& m) { return m.key == last.key; });
            switch (d.op) {
                case JsonDiff::Op::replace:
                    if (it == members.end()) return rejected(d, "the member does not exist");
                    it->value = std::move(value);
                    return success();
                case JsonDiff::Op::insert: {
                    if (it != members.end()) return rejected(d, "the member exists already");
                    const auto at = std::lower_bound(
                        members.begin(), members.end(), last.key,
                        [](const Member& m, const std::string& k) { return key_less(m.key, k); });
                    members.insert(at, Member{last.key, std::move(value)});
                    return success();
                }
                case JsonDiff::Op::remove:
                    if (it == members.end()) return rejected(d, "the member does not exist");
                    members.erase(it);
                    return success();
            }
        }
        if (parent->kind == Node::Kind::array && !last.member) {
            auto& elements = parent->elements;
            const ArrayIndex idx = array_index(last, elements.size());
            const auto at = elements.begin() + static_cast<std::ptrdiff_t>(idx.position);
            switch (d.op) {
                case JsonDiff::Op::replace:
                    if (!idx.within_bounds) return rejected(d, "the element does not exist");
                    *at = std::move(value);
                    return success();
                case JsonDiff::Op::insert:
                    elements.insert(at, std::move(value));
                    return success();
                case JsonDiff::Op::remove:
                    if (!idx.within_bounds) return rejected(d, "the element does not exist");
                    elements.erase(at);
                    return success();
            }
        }
        return rejected(
            d, "its last step does not match the value it reaches (" +
                   std::string(last.member ? "member of a non-object" : "cell of a non-array") +
                   ")");
    }

    Result<void> render(std::string& out) { return render(root_, 0, out); }

  private:
    // Decodes one level of a binary object/array found under `depth` containers.
    Result<void> expand(Node& n, std::size_t depth) {
        if (n.kind != Node::Kind::binary || !n.value.is_container()) return success();
        if (depth >= kJsonMaxDepth) {
            return failure(Errc::corrupt, "binary JSON: nested deeper than MySQL's limit of 100");
        }
        const JsonbValue v = n.value;
        // Same accounting as rendering: 1 per value, plus key bytes.
        if (!charge(1 + v.size())) return overlap_error();
        if (v.kind() == JsonKind::object) {
            n.members.reserve(v.size());  // bounded: every entry is in the document's bytes
            for (std::size_t i = 0; i < v.size(); ++i) {
                B2K_TRY(const std::string_view key, v.key(i));
                if (!charge(key.size())) return overlap_error();
                Member m{std::string(key), {}};
                B2K_TRY(m.value.value, v.element(i));
                n.members.push_back(std::move(m));
            }
            n.kind = Node::Kind::object;
        } else {
            n.elements.reserve(v.size());
            for (std::size_t i = 0; i < v.size(); ++i) {
                Node child;
                B2K_TRY(child.value, v.element(i));
                n.elements.push_back(std::move(child));
            }
            n.kind = Node::Kind::array;
        }
        n.value = JsonbValue{};
        return success();
    }

    // The node at `path` (expanding what it passes through), or nullptr when it does not exist.
    Result<Node*> seek(std::span<const PathLeg> path) {
        Node* cur = &root_;
        for (std::size_t depth = 0; depth < path.size(); ++depth) {
            const PathLeg& leg = path[depth];
            B2K_TRY(expand(*cur, depth));
            if (cur->kind == Node::Kind::object && leg.member) {
                const auto it = std::find_if(cur->members.begin(), cur->members.end(),
                                             [&](const Member& m) { return m.key == leg.key; });
                if (it == cur->members.end()) return nullptr;
                cur = &it->value;
            } else if (cur->kind == Node::Kind::array && !leg.member) {
                const ArrayIndex idx = array_index(leg, cur->elements.size());
                if (!idx.within_bounds) return nullptr;
                cur = &cur->elements[idx.position];
            } else {
                return nullptr;
            }
        }
        return cur;
    }

    Result<void> render(const Node& n, std::size_t depth, std::string& out) {
        if (n.kind == Node::Kind::binary) return append_json_text(n.value, depth, budget_, out);
        if (depth >= kJsonMaxDepth) {
            return failure(Errc::corrupt, "binary JSON: nested deeper than MySQL's limit of 100");
        }
        if (n.kind == Node::Kind::object) {
            out.push_back('{');
            for (std::size_t i = 0; i < n.members.size(); ++i) {
                if (i > 0) out.append(", ");
                format::append_json_string(out, n.members[i].key);
                out.append(": ");
                B2K_TRY(render(n.members[i].value, depth + 1, out));
            }
            out.push_back('}');
        } else {
            out.push_back('[');
            for (std::size_t i = 0; i < n.elements.size(); ++i) {
                if (i > 0) out.append(", ");
                B2K_TRY(render(n.elements[i], depth + 1, out));
            }
            out.push_back(']');
        }
        return success();
    }

    bool charge(std::size_t n) {
        if (n > budget_) return false;
        budget_ -= n;
        return true;
    }
    Node root_;
    std::size_t budget_;
};

}  // namespace

std::string_view json_diff_op_name(JsonDiff::Op op) noexcept {
    switch (op) {
        case JsonDiff::Op::replace:
            return "replace";
        case JsonDiff::Op::insert:
            return "insert";
        case JsonDiff::Op::remove:
            return "remove";
    }
    return "unknown";
}

Result<std::vector<JsonDiff>> parse_json_diffs(wire::ByteReader& r) {
    const std::uint32_t length = r.u32le();
    wire::ByteReader list = r.sub(length);
    B2K_TRY(r.status("partial JSON column"));
    std::vector<JsonDiff> diffs;
    while (!list.empty()) {
        JsonDiff d;
        const std::uint8_t op = list.u8();
        if (op > static_cast<std::uint8_t>(JsonDiff::Op::remove)) {
            return failure(Errc::bad_value, "partial JSON diff " + std::to_string(diffs.size()) +
                                                " has unknown operation " + std::to_string(op));
        }
        d.op = static_cast<JsonDiff::Op>(op);
        d.path = list.lenenc_str();
        if (d.op != JsonDiff::Op::remove) d.value = list.lenenc_bytes();
        B2K_TRY(list.status("partial JSON diff"));
        B2K_TRY(parse_path(d.path));
        if (d.op != JsonDiff::Op::remove) {
            if (d.value.empty()) {
                return failure(
                    Errc::bad_value,
                    "partial JSON diff " + std::to_string(diffs.size()) + " has an empty value");
            }
            B2K_TRY(JsonbValue::parse_document(d.value));
        }
        diffs.push_back(d);
    }
    return diffs;
}

Result<void> apply_json_diffs(Bytes before_doc, std::span<const JsonDiff> diffs,
                              std::string& out_text) {
    if (diffs.empty()) return json_binary_to_text(before_doc, out_text);
    // Work bound for hostile input (see append_json_text): expanding and rendering each cost at
    // most the bytes they read, so twice all the input bytes is enough for any real document.
    std::size_t budget = before_doc.size() + 1;
    for (const JsonDiff& d : diffs)
        budget += d.value.size();
    Applier applier(2 * budget);
    const std::size_t mark = out_text.size();
    auto run = [&]() -> Result<void> {
        B2K_TRY(applier.load(before_doc));
        for (const JsonDiff& d : diffs)
            B2K_TRY(applier.apply(d));
        return applier.render(out_text);
    };
    auto result = run();
    if (!result) out_text.resize(mark);
    return result;
}

Result<void> json_diffs_to_text(std::span<const JsonDiff> diffs, std::string& out) {
    const std::size_t mark = out.size();
    auto run = [&]() -> Result<void> {
        out.append("{\"$json_diff\": [");
        for (std::size_t i = 0; i < diffs.size(); ++i) {
            const JsonDiff& d = diffs[i];
            if (i > 0) out.append(", ");
            out.append("{\"op\": ");
            format::append_json_string(out, json_diff_op_name(d.op));
            out.append(", \"path\": ");
            format::append_json_string(out, d.path);
            if (d.op != JsonDiff::Op::remove) {
                if (d.value.empty()) {
                    return failure(Errc::bad_value, "partial JSON diff " + std::to_string(i) +
                                                        " has an empty value");
                }
                out.append(", \"value\": ");
                B2K_TRY(json_binary_to_text(d.value, out));
            }
            out.push_back('}');
        }
        out.append("]}");
        return success();
    };
    auto result = run();
    if (!result) out.resize(mark);
    return result;
}

}  // namespace b2k::binlog
