#pragma once
// JsonLinesPrinter: a ChangeHandler that prints one JSON line per change (decode and tail).
// Rows use the Debezium envelope (DESIGN.md); DDL, transaction marks and incidents get small
// records of their own ("op":"ddl" / "begin" / "commit" / "rollback" / "xa_prepare" / "incident").

#include <cstdio>
#include <string>

#include "binlog/change_handler.h"
#include "format/debezium_encoder.h"

namespace b2k::app {

struct PrinterOptions {
    bool transactions = false;  // print begin/commit records
    std::string name = "decode";
};

class JsonLinesPrinter final : public binlog::ChangeHandler {
  public:
    JsonLinesPrinter(std::FILE* out, PrinterOptions opts);
    ~JsonLinesPrinter() override;
    JsonLinesPrinter(const JsonLinesPrinter&) = delete;
    JsonLinesPrinter& operator=(const JsonLinesPrinter&) = delete;

    Result<void> on_row(const binlog::RowChange& change) override;
    Result<void> on_statement(const binlog::StatementChange& st) override;
    Result<void> on_transaction(const binlog::TransactionMark& mark) override;
    Result<void> on_incident(const binlog::ChangeSource& src,
                             const binlog::IncidentEvent& inc) override;

    Result<void> flush();
    std::uint64_t rows() const noexcept { return rows_; }
    std::uint64_t incidents() const noexcept { return incidents_; }

  private:
    Result<void> emit();

    std::FILE* out_;
    PrinterOptions opts_;
    format::DebeziumEncoder encoder_;
    std::string buf_;
    std::uint64_t rows_ = 0;
    std::uint64_t incidents_ = 0;
};

}  // namespace b2k::app
