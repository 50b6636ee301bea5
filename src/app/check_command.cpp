#include "app/check_command.h"

#include <cstdio>

#include "app/preflight.h"
#include "config/config_loader.h"
#include "format/json_writer.h"

namespace b2k::app {
namespace {

constexpr const char* kUsage = "usage: binlog2kafka check -c CONFIG.yaml [--json]\n";

void print_text(const std::vector<CheckLine>& lines) {
    for (const auto& l : lines) {
        std::printf("%s  %-26s %s\n", std::string(to_string(l.status)).c_str(), l.name.c_str(),
                    l.detail.c_str());
        if (!l.fix.empty()) std::printf("      %-26s fix: %s\n", "", l.fix.c_str());
    }
}

void print_json(const std::vector<CheckLine>& lines, bool ok) {
    std::string out = "{\"ok\":";
    out.append(ok ? "true" : "false");
    out.append(",\"checks\":[");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        if (i) out.push_back(',');
        out.append("{\"status\":\"");
        out.append(to_string(l.status));
        out.append("\",\"name\":");
        format::append_json_string(out, l.name);
        out.append(",\"detail\":");
        format::append_json_string(out, l.detail);
        out.append(",\"fix\":");
        if (l.fix.empty()) {
            out.append("null");
        } else {
            format::append_json_string(out, l.fix);
        }
        out.push_back('}');
    }
    out.append("]}\n");
    std::fputs(out.c_str(), stdout);
}

}  // namespace

int check_command(std::span<const std::string> args) {
    std::string config_path;
    bool json = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-c" || args[i] == "--config") && i + 1 < args.size()) {
            config_path = args[++i];
        } else if (args[i] == "--json") {
            json = true;
        } else {
            std::fprintf(stderr, "binlog2kafka check: unexpected argument %s\n%s", args[i].c_str(),
                         kUsage);
            return 2;
        }
    }
    if (config_path.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    std::vector<CheckLine> lines;
    auto cfg = config::load_config_file(config_path, config::ConfigUse::run);
    if (!cfg) {
        lines.push_back(CheckLine{CheckStatus::fail, "config", cfg.error().message,
                                  "fix the config (config/reference.yaml documents every key)"});
    } else {
        lines.push_back(CheckLine{CheckStatus::pass, "config", config_path + " loads", {}});
        auto more = run_preflight(cfg.value());
        lines.insert(lines.end(), more.begin(), more.end());
    }
    bool ok = true;
    for (const auto& l : lines)
        ok = ok && l.status != CheckStatus::fail;
    if (json) {
        print_json(lines, ok);
    } else {
        print_text(lines);
        std::printf("%s\n", ok ? "check: ready to run" : "check: FAIL — fix the lines above");
    }
    return ok ? 0 : 1;
}

}  // namespace b2k::app
