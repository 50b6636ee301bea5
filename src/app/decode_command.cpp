#include "app/decode_command.h"

#include <cstdio>
#include <filesystem>
#include <vector>

#include "app/json_lines_printer.h"
#include "binlog/binlog_decoder.h"

namespace b2k::app {

int decode_command(std::span<const std::string> args) {
    PrinterOptions popts;
    binlog::DecoderOptions dopts;
    std::vector<std::string> files;
    for (const auto& a : args) {
        if (a == "--transactions") {
            popts.transactions = true;
        } else if (a == "--skip-corrupt") {
            dopts.skip_corrupt = true;
        } else if (a == "--no-verify-checksum") {
            dopts.verify_checksums = false;
        } else if (a.starts_with("-")) {
            std::fprintf(stderr,
                         "binlog2kafka decode: unknown option %s\n"
                         "usage: binlog2kafka decode FILE... [--transactions] [--skip-corrupt]\n",
                         a.c_str());
            return 2;
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr,
                     "usage: binlog2kafka decode FILE... [--transactions] [--skip-corrupt]\n");
        return 2;
    }
    // Buffer stdout ourselves; stdio's default line buffering on a pipe costs a syscall a row.
    static char out_buf[1 << 16];
    std::setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
    JsonLinesPrinter printer(stdout, popts);
    int rc = 0;
    for (const auto& f : files) {
        auto src = binlog::FileEventSource::open(f);
        if (!src) {
            std::fprintf(stderr, "binlog2kafka decode: %s\n", src.error().message.c_str());
            rc = 1;
            break;
        }
        binlog::BinlogDecoder decoder(printer, dopts);
        decoder.parser().set_verify_checksums(dopts.verify_checksums);
        auto r = decoder.run(*src.value(), std::filesystem::path(f).filename().string());
        if (!r) {
            (void)printer.flush();
            std::fprintf(stderr, "binlog2kafka decode: %s\n", r.error().message.c_str());
            rc = 1;
            break;
        }
        if (decoder.skipped() > 0) {
            std::fprintf(stderr, "binlog2kafka decode: %s: skipped %llu corrupt events\n",
                         f.c_str(), static_cast<unsigned long long>(decoder.skipped()));
            rc = rc == 0 ? 3 : rc;
        }
    }
    if (auto r = printer.flush(); !r) {
        std::fprintf(stderr, "binlog2kafka decode: %s\n", r.error().message.c_str());
        return 1;
    }
    if (printer.incidents() > 0) {
        std::fprintf(
            stderr,
            "binlog2kafka decode: warning: %llu INCIDENT event(s): the server says changes "
            "may be missing from this binlog around those positions\n",
            static_cast<unsigned long long>(printer.incidents()));
    }
    return rc;
}

}  // namespace b2k::app
