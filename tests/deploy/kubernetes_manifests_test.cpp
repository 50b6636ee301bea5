// deploy/kubernetes/: every manifest parses, and the fields that make the sidecar work agree
// with each other, with the image (Dockerfile) and with our config loader — images, args and
// the mounted config, probes and their port, volumes and mounts, Secret and ConfigMap
// references, the security context, memory and the termination grace period.
//
// No cluster or kubectl is involved: these are the mistakes a reviewer would have to find by
// reading (a renamed volume, a probe on the wrong port, a config that does not load).

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "app/run_command.h"
#include "config/config_loader.h"
#include "support/process.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kContainer = "binlog2kafka";

struct Manifest {
    std::string file;
    YAML::Node node;
};

std::vector<Manifest> load_manifests() {
    std::vector<Manifest> out;
    const fs::path dir = source_path("deploy/kubernetes");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() == ".yaml" || e.path().extension() == ".yml") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        for (const YAML::Node& doc : YAML::LoadAllFromFile(f.string())) {
            if (doc.IsNull()) continue;
            out.push_back({f.filename().string(), doc});
        }
    }
    return out;
}

std::string str(const YAML::Node& n) {
    return n && n.IsScalar() ? n.as<std::string>() : "";
}

// manifest[section][key] exists (indexing a missing node twice throws in yaml-cpp).
bool has_key(const YAML::Node& manifest, const std::string& section, const std::string& key) {
    const YAML::Node s = manifest[section];
    return s && s.IsMap() && s[key];
}

// The manifests, indexed; every lookup failure says what is missing.
class Manifests : public ::testing::Test {
  protected:
    void SetUp() override {
        all_ = load_manifests();
        ASSERT_FALSE(all_.empty()) << "no manifests in deploy/kubernetes";
        for (const auto& m : all_)
            by_kind_[str(m.node["kind"])].push_back(m);
    }

    std::vector<Manifest> of_kind(const std::string& kind) const {
        auto it = by_kind_.find(kind);
        return it == by_kind_.end() ? std::vector<Manifest>{} : it->second;
    }
    std::optional<Manifest> named(const std::string& kind, const std::string& name) const {
        for (const auto& m : of_kind(kind)) {
            if (str(m.node["metadata"]["name"]) == name) return m;
        }
        return std::nullopt;
    }
    YAML::Node deployment() const {
        auto d = of_kind("Deployment");
        if (d.size() != 1) throw std::runtime_error("expected one Deployment");
        return d.front().node;
    }
    YAML::Node pod_spec() const { return deployment()["spec"]["template"]["spec"]; }
    YAML::Node container() const {
        for (const auto& c : pod_spec()["containers"]) {
            if (str(c["name"]) == kContainer) return c;
        }
        throw std::runtime_error("no container named binlog2kafka in the Deployment");
    }
    YAML::Node volume(const std::string& name) const {
        for (const auto& v : pod_spec()["volumes"]) {
            if (str(v["name"]) == name) return v;
        }
        return {};
    }
    // The mount whose mountPath is `dir`, in the binlog2kafka container.
    YAML::Node mount_at(const fs::path& dir) const {
        for (const auto& m : container()["volumeMounts"]) {
            if (fs::path(str(m["mountPath"])) == dir) return m;
        }
        return {};
    }
    // A volume's item path for `key` (a ConfigMap or Secret volume): the file name it gets.
    static std::string item_path(const YAML::Node& source, const std::string& key) {
        if (!source["items"]) return key;
        for (const auto& i : source["items"]) {
            if (str(i["key"]) == key) return str(i["path"]);
        }
        return "";
    }
    // The text of the config the container's `-c` names, from its ConfigMap.
    std::string mounted_config(std::string* origin = nullptr) const;
    int container_port(const YAML::Node& port) const {
        if (port.IsScalar() && std::regex_match(str(port), std::regex("[0-9]+"))) {
            return port.as<int>();
        }
        for (const auto& p : container()["ports"]) {
            if (str(p["name"]) == str(port)) return p["containerPort"].as<int>();
        }
        return -1;
    }
    config::Config loaded_config() const {
        std::string origin;
        const std::string text = mounted_config(&origin);
        auto cfg = config::load_config_string(text, origin, config::ConfigUse::run);
        if (!cfg) throw std::runtime_error("config does not load:\n" + cfg.error().message);
        return std::move(cfg).value();
    }

    std::vector<Manifest> all_;
    std::map<std::string, std::vector<Manifest>> by_kind_;
};

std::string Manifests::mounted_config(std::string* origin) const {
    const YAML::Node args = container()["args"];
    std::vector<std::string> a;
    for (const auto& x : args)
        a.push_back(str(x));
    auto c = std::find(a.begin(), a.end(), "-c");
    if (c == a.end() || c + 1 == a.end()) throw std::runtime_error("no -c FILE in the args");
    const fs::path file = *(c + 1);
    const YAML::Node mount = mount_at(file.parent_path());
    if (!mount) throw std::runtime_error("nothing mounted at " + file.parent_path().string());
    const YAML::Node cm = volume(str(mount["name"]))["configMap"];
    if (!cm)
        throw std::runtime_error("the volume at " + file.parent_path().string() +
                                 " is not a ConfigMap");
    const auto manifest = named("ConfigMap", str(cm["name"]));
    if (!manifest) throw std::runtime_error("no ConfigMap " + str(cm["name"]));
    for (const auto& kv : manifest->node["data"]) {
        const std::string key = kv.first.as<std::string>();
        if (item_path(cm, key) == file.filename().string()) {
            // Errors name the line within the block; say where the block starts.
            if (origin) {
                *origin = manifest->file + " data." + key + " (block from line " +
                          std::to_string(kv.second.Mark().line + 2) + ")";
            }
            return kv.second.as<std::string>();
        }
    }
    throw std::runtime_error("ConfigMap " + str(cm["name"]) + " has no key mounted as " +
                             file.string());
}

// "96Mi", "1Gi", "128974848" → bytes.
std::uint64_t bytes_of(const std::string& quantity) {
    std::smatch m;
    if (!std::regex_match(quantity, m, std::regex("([0-9]+)(Ki|Mi|Gi)?"))) {
        throw std::runtime_error("memory quantity not understood by this test: " + quantity);
    }
    const std::uint64_t n = std::stoull(m[1]);
    const std::string unit = m[2];
    if (unit == "Ki") return n << 10;
    if (unit == "Mi") return n << 20;
    if (unit == "Gi") return n << 30;
    return n;
}

TEST_F(Manifests, EveryManifestHasItsKindAndNameAndIsInTheKustomization) {
    std::set<std::string> files;
    for (const auto& m : all_) {
        EXPECT_FALSE(str(m.node["apiVersion"]).empty()) << m.file;
        EXPECT_FALSE(str(m.node["kind"]).empty()) << m.file;
        if (str(m.node["kind"]) != "Kustomization") {
            EXPECT_FALSE(str(m.node["metadata"]["name"]).empty()) << m.file;
            files.insert(m.file);
        }
    }
    for (const char* kind : {"Deployment", "ConfigMap", "Secret", "Service", "Kustomization"}) {
        EXPECT_EQ(of_kind(kind).size(), 1u) << kind;
    }
    std::set<std::string> listed;
    for (const auto& r : of_kind("Kustomization").at(0).node["resources"])
        listed.insert(str(r));
    EXPECT_EQ(listed, files) << "kustomization.yaml resources vs the files in deploy/kubernetes";
}

TEST_F(Manifests, OnePodAtATime) {
    // One replica registration per server_id, and the Kafka checkpoint store cannot lock.
    EXPECT_EQ(deployment()["spec"]["replicas"].as<int>(), 1);
    EXPECT_EQ(str(deployment()["spec"]["strategy"]["type"]), "Recreate");
}

TEST_F(Manifests, ImageIsThisVersionAndArgsRunTheMountedConfig) {
    const YAML::Node c = container();
    EXPECT_EQ(str(c["image"]), std::string("binlog2kafka:") + B2K_VERSION);
    ASSERT_TRUE(c["args"] && c["args"].IsSequence());
    EXPECT_EQ(str(c["args"][0]), "run");
    // The Dockerfile's default CMD runs the same path.
    EXPECT_NE(read_text(source_path("Dockerfile"))
                  .find(R"(CMD ["run", "-c", "/etc/binlog2kafka/config.yaml"])"),
              std::string::npos);
    EXPECT_NO_THROW(mounted_config());
}

TEST_F(Manifests, TheMountedConfigLoadsWithOurLoader) {
    const config::Config cfg = loaded_config();
    // Pods are ephemeral: the checkpoint must not live on their disk.
    EXPECT_EQ(cfg.checkpoint.store, config::CheckpointStore::kafka);
    // Probes come from the kubelet to the pod IP: not loopback.
    EXPECT_EQ(cfg.http.host, "0.0.0.0");
}

TEST_F(Manifests, ProbesReachTheHealthEndpointsOnTheHttpListenPort) {
    const config::Config cfg = loaded_config();
    const YAML::Node c = container();
    const struct {
        const char* probe;
        const char* path;
    } probes[] = {{"livenessProbe", "/healthz"}, {"readinessProbe", "/readyz"}};
    for (const auto& p : probes) {
        const YAML::Node get = c[p.probe]["httpGet"];
        ASSERT_TRUE(get) << p.probe << " has no httpGet";
        EXPECT_EQ(str(get["path"]), p.path) << p.probe;
        EXPECT_EQ(container_port(get["port"]), cfg.http.port) << p.probe;
    }
}

TEST_F(Manifests, EveryMountHasAVolumeAndEveryVolumeIsMounted) {
    std::set<std::string> volumes;
    for (const auto& v : pod_spec()["volumes"])
        volumes.insert(str(v["name"]));
    std::set<std::string> mounted;
    for (const auto& c : pod_spec()["containers"]) {
        for (const auto& m : c["volumeMounts"]) {
            EXPECT_TRUE(volumes.count(str(m["name"])))
                << "container " << str(c["name"]) << " mounts unknown volume " << str(m["name"]);
            mounted.insert(str(m["name"]));
        }
    }
    for (const auto& v : volumes)
        EXPECT_TRUE(mounted.count(v)) << "volume " << v << " unused";
    // Mounted read-only: nothing in the container writes there.
    for (const auto& m : container()["volumeMounts"]) {
        EXPECT_TRUE(m["readOnly"] && m["readOnly"].as<bool>()) << str(m["name"]);
    }
}

TEST_F(Manifests, SecretAndConfigMapReferencesExist) {
    for (const auto& v : pod_spec()["volumes"]) {
        for (const char* kind : {"Secret", "ConfigMap"}) {
            const bool secret = std::string(kind) == "Secret";
            const YAML::Node src = v[secret ? "secret" : "configMap"];
            if (!src) continue;
            const std::string name = str(src[secret ? "secretName" : "name"]);
            const auto manifest = named(kind, name);
            ASSERT_TRUE(manifest) << "volume " << str(v["name"]) << ": no " << kind << " " << name;
            for (const auto& item : src["items"]) {
                const std::string key = str(item["key"]);
                EXPECT_TRUE(has_key(manifest->node, "data", key) ||
                            has_key(manifest->node, "stringData", key))
                    << kind << " " << name << " has no key " << key;
            }
        }
    }
    for (const auto& c : pod_spec()["containers"]) {
        for (const auto& e : c["env"]) {
            const YAML::Node ref = e["valueFrom"]["secretKeyRef"];
            if (!ref) continue;
            const auto manifest = named("Secret", str(ref["name"]));
            ASSERT_TRUE(manifest) << "env " << str(e["name"]) << ": no Secret " << str(ref["name"]);
        }
    }
}

TEST_F(Manifests, ThePasswordIsTheMountedSecretFile) {
    const config::Config cfg = loaded_config();
    ASSERT_EQ(cfg.source.password.kind(), config::SecretRef::Kind::file)
        << "source.password should be ${file:…} from the mounted Secret";
    const fs::path file(std::string(cfg.source.password.reference()));
    const YAML::Node mount = mount_at(file.parent_path());
    ASSERT_TRUE(mount) << "nothing mounted at " << file.parent_path();
    const YAML::Node secret = volume(str(mount["name"]))["secret"];
    ASSERT_TRUE(secret) << "the volume at " << file.parent_path() << " is not a Secret";
    const auto manifest = named("Secret", str(secret["secretName"]));
    ASSERT_TRUE(manifest);
    bool found = false;
    for (const char* section : {"data", "stringData"}) {
        for (const auto& kv : manifest->node[section]) {
            found |= item_path(secret, kv.first.as<std::string>()) == file.filename().string();
        }
    }
    EXPECT_TRUE(found) << "Secret " << str(secret["secretName"]) << " mounts no file "
                       << file.filename();
    // The files are root-owned with the pod's fsGroup: readable through the group.
    const std::string mode = str(secret["defaultMode"]);
    EXPECT_TRUE(mode == "0440" || mode == "288") << "defaultMode " << mode;
    EXPECT_EQ(str(pod_spec()["securityContext"]["fsGroup"]),
              str(container()["securityContext"]["runAsGroup"]));
}

TEST_F(Manifests, RunsAsTheImagesNonRootUserWithNothingWritableOrPrivileged) {
    const YAML::Node sc = container()["securityContext"];
    EXPECT_TRUE(sc["runAsNonRoot"].as<bool>(false));
    EXPECT_TRUE(sc["readOnlyRootFilesystem"].as<bool>(false));
    EXPECT_FALSE(sc["allowPrivilegeEscalation"].as<bool>(true));
    bool drops_all = false;
    for (const auto& cap : sc["capabilities"]["drop"])
        drops_all |= str(cap) == "ALL";
    EXPECT_TRUE(drops_all) << "capabilities.drop: [ALL]";
    // The uid the Dockerfile creates.
    std::smatch m;
    const std::string dockerfile = read_text(source_path("Dockerfile"));
    ASSERT_TRUE(std::regex_search(dockerfile, m, std::regex("useradd[^\\n]*--uid ([0-9]+)")));
    EXPECT_EQ(str(sc["runAsUser"]), m[1].str());
}

TEST_F(Manifests, MemoryAndGracePeriodFitTheConfig) {
    const config::Config cfg = loaded_config();
    const YAML::Node res = container()["resources"];
    const std::uint64_t request = bytes_of(str(res["requests"]["memory"]));
    const std::uint64_t limit = bytes_of(str(res["limits"]["memory"]));
    // Sized from what the daemon was measured to use: every peak RSS bench/RESULTS.md records
    // ("… 94 MiB |" in its tables, "peak RSS 76.6 MiB" in its text), with 20 % to spare.
    const std::string results = read_text(source_path("bench/RESULTS.md"));
    const std::regex mib(R"(\| ([0-9]+(\.[0-9]+)?) MiB \||peak RSS ([0-9]+(\.[0-9]+)?) MiB)");
    double highest_mib = 0;
    int figures = 0;
    for (std::sregex_iterator it(results.begin(), results.end(), mib), end; it != end; ++it) {
        const std::string n = (*it)[1].matched ? (*it)[1].str() : (*it)[3].str();
        highest_mib = std::max(highest_mib, std::stod(n));
        ++figures;
    }
    ASSERT_GE(figures, 3) << "no peak RSS figures found in bench/RESULTS.md";
    EXPECT_GE(static_cast<double>(request), highest_mib * 1.2 * 1024 * 1024)
        << "requests.memory is below the measured peak RSS (" << highest_mib << " MiB) plus 20 %";
    EXPECT_LE(request, limit);
    // Whatever the daemon may buffer must fit under the limit, with room for the process.
    EXPECT_GT(limit, cfg.pipeline.ring_bytes + app::kProducerMemoryBudget)
        << "raise limits.memory with pipeline.ring_bytes";
    // The kubelet SIGKILLs after the grace period: the drain must end before it.
    EXPECT_GT(pod_spec()["terminationGracePeriodSeconds"].as<unsigned>(),
              cfg.pipeline.shutdown_timeout_s);
}

TEST_F(Manifests, TheMetricsServiceSelectsThePodAndIsScraped) {
    const YAML::Node svc = of_kind("Service").at(0).node;
    const YAML::Node labels = deployment()["spec"]["template"]["metadata"]["labels"];
    for (const auto& kv : svc["spec"]["selector"]) {
        EXPECT_EQ(str(labels[kv.first.as<std::string>()]), str(kv.second))
            << "selector " << kv.first.as<std::string>();
    }
    const config::Config cfg = loaded_config();
    ASSERT_TRUE(svc["spec"]["ports"].IsSequence());
    const YAML::Node port = svc["spec"]["ports"][0];
    EXPECT_EQ(container_port(port["targetPort"]), cfg.http.port);
    const YAML::Node a = svc["metadata"]["annotations"];
    EXPECT_EQ(str(a["prometheus.io/scrape"]), "true");
    EXPECT_EQ(str(a["prometheus.io/port"]), std::to_string(cfg.http.port));
    EXPECT_EQ(str(a["prometheus.io/path"]), "/metrics");
}

}  // namespace
}  // namespace b2k::test
