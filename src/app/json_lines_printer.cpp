#include "app/json_lines_printer.h"

#include <cerrno>
#include <cstring>

#include "format/json_writer.h"
#include "format/schema_change_encoder.h"
#include "schema/ddl_statement.h"

namespace b2k::app {
namespace {
constexpr std::size_t kFlushAt = 1 << 20;
}

JsonLinesPrinter::JsonLinesPrinter(std::FILE* out, PrinterOptions opts)
    : out_(out), opts_(std::move(opts)), encoder_(format::EnvelopeOptions{opts_.name}) {
    buf_.reserve(kFlushAt + 64 * 1024);
}

JsonLinesPrinter::~JsonLinesPrinter() {
    (void)flush();
}

Result<void> JsonLinesPrinter::flush() {
    if (buf_.empty()) return success();
    const std::size_t n = std::fwrite(buf_.data(), 1, buf_.size(), out_);
    buf_.clear();
    if (n == 0 || std::fflush(out_) != 0) {
        return failure(Errc::io, std::string("writing output: ") + std::strerror(errno));
    }
    return success();
}

Result<void> JsonLinesPrinter::emit() {
    buf_.push_back('\n');
    if (buf_.size() >= kFlushAt) return flush();
    return success();
}

Result<void> JsonLinesPrinter::on_row(const binlog::RowChange& change) {
    ++rows_;
    const std::size_t mark = buf_.size();
    auto r = encoder_.encode_row(change, change.source.ts_ms, buf_);
    if (!r) {
        buf_.resize(mark);
        return r;
    }
    return emit();
}

Result<void> JsonLinesPrinter::on_statement(const binlog::StatementChange& st) {
    const auto ddl = schema::classify_ddl(st.query.query);
    if (!ddl.is_schema_change) return success();
    format::encode_schema_change(st, ddl, encoder_, buf_);
    return emit();
}

Result<void> JsonLinesPrinter::on_transaction(const binlog::TransactionMark& mark) {
    if (!opts_.transactions) return success();
    auto line = [&](std::string_view op) {
        buf_.append("{\"op\":\"");
        buf_.append(op);
        buf_.append("\",\"source\":");
        encoder_.encode_source(mark.source, "", "", 0, "", buf_);
        buf_.push_back('}');
        return emit();
    };
    if (mark.begins) B2K_TRY(line("begin"));
    switch (mark.ends) {
        case binlog::GroupEnd::none:
            break;
        case binlog::GroupEnd::commit:
        case binlog::GroupEnd::standalone:
            B2K_TRY(line("commit"));
            break;
        case binlog::GroupEnd::rollback:
            B2K_TRY(line("rollback"));
            break;
        case binlog::GroupEnd::xa_prepare:
            B2K_TRY(line("xa_prepare"));
            break;
    }
    return success();
}

Result<void> JsonLinesPrinter::on_incident(const binlog::ChangeSource& src,
                                           const binlog::IncidentEvent& inc) {
    ++incidents_;
    buf_.append("{\"op\":\"incident\",\"incident\":");
    format::append_int(buf_, inc.incident);
    buf_.append(",\"message\":");
    format::append_json_string(buf_, inc.message);
    buf_.append(",\"source\":");
    encoder_.encode_source(src, "", "", 0, "", buf_);
    buf_.push_back('}');
    return emit();
}

}  // namespace b2k::app
