// `r1tune doctor` from the outside: the facts it prints and its errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_process.h"

using r1tune::process::run_process;

namespace {
const std::string kBinary = R1TUNE_BINARY;
}

TEST(Doctor, JsonHasTheMachineTheModelsBoundAndTheVariables) {
    auto r = run_process({kBinary, "doctor", "--json", "-m", R1TUNE_TINY_FIXTURE, "-t", "1"},
                         "", {"KMP_AFFINITY=compact"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_GE(doc["cpu"]["physical_cores"].get<int>(), 1);
    EXPECT_GE(doc["cpu"]["logical_cores"].get<int>(), doc["cpu"]["physical_cores"].get<int>());
    EXPECT_GT(doc["read_bandwidth_bytes_per_second"].get<double>(), 0.0);
    EXPECT_EQ(doc["bandwidth_threads"], 1);
    EXPECT_GT(doc["model"]["bytes"].get<double>(), 1e6);
    // The bound is the bandwidth over the bytes each token reads.
    EXPECT_NEAR(doc["model"]["decode_upper_bound_tokens_per_second"].get<double>(),
                doc["read_bandwidth_bytes_per_second"].get<double>() / doc["model"]["bytes"].get<double>(), 1e-6);
    EXPECT_EQ(doc["settings"]["threads"], doc["cpu"]["physical_cores"]);
    // One CPU per physical core, as --cpus takes it.
    const std::string pin = doc["settings"]["pin_cpus"];
    EXPECT_FALSE(pin.empty());
    auto again = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "1", "--retries", "0", "--cpus", pin, "2+2?"});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    for (const char * name : {"OMP_NUM_THREADS", "KMP_AFFINITY", "GOMP_CPU_AFFINITY", "OMP_WAIT_POLICY"}) {
        EXPECT_FALSE(doc["environment"][name]["effect"].get<std::string>().empty()) << name;
    }
    EXPECT_EQ(doc["environment"]["KMP_AFFINITY"]["value"], "compact");
    EXPECT_TRUE(doc["environment"]["OMP_NUM_THREADS"]["value"].is_null());
}

TEST(Doctor, ANamedModelThatIsNotThereIsAModelError) {
    auto r = run_process({kBinary, "doctor", "-m", "/nonexistent/model.gguf"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(r.err.rfind("r1tune: ", 0), 0u) << r.err;
}

TEST(Doctor, TextNamesEverySection) {
    auto r = run_process({kBinary, "doctor", "-m", R1TUNE_TINY_FIXTURE, "-t", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char * section : {"cpu: ", "ggml features: ", "memory: ", "read bandwidth: ", "model: ", "r1tune will use: ",
                                 "environment variables"}) {
        EXPECT_NE(r.out.find(section), std::string::npos) << section << " missing from:\n" << r.out;
    }
}
