#include "fixture_model.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "ggml-cpp.h"
#include "gguf.h"

namespace r1tune::fixture {

namespace {

// Small weights keep every layer's contribution of the same order as the token embedding, so
// the next token depends on the whole prompt (not only its last token) and nothing overflows
// in F16.
constexpr float kWeightStd = 0.02f;

// Elements generated and written at a time: bounds memory for the 233M-element embedding.
constexpr size_t kChunkElements = size_t{1} << 20;

enum class Init { Normal, Ones };

struct TensorSpec {
    std::string name;
    int64_t ne0; // ggml order: ne0 is the input dimension of a matrix
    int64_t ne1; // 1 for vectors
    Init init;
};

// The tensors llama.cpp's qwen2 loader creates (src/models/qwen2.cpp): separate q/k/v with
// biases, an untied output matrix, RMS norms.
std::vector<TensorSpec> qwen2_tensors(const ModelShape & s) {
    const int64_t n_embd_kv = int64_t{s.n_embd} / s.n_head * s.n_head_kv;
    std::vector<TensorSpec> t;
    t.push_back({"token_embd.weight", s.n_embd, s.n_vocab, Init::Normal});
    for (uint32_t i = 0; i < s.n_layer; ++i) {
        const std::string blk = "blk." + std::to_string(i) + ".";
        t.push_back({blk + "attn_norm.weight", s.n_embd, 1, Init::Ones});
        t.push_back({blk + "attn_q.weight", s.n_embd, s.n_embd, Init::Normal});
        t.push_back({blk + "attn_q.bias", s.n_embd, 1, Init::Normal});
        t.push_back({blk + "attn_k.weight", s.n_embd, n_embd_kv, Init::Normal});
        t.push_back({blk + "attn_k.bias", n_embd_kv, 1, Init::Normal});
        t.push_back({blk + "attn_v.weight", s.n_embd, n_embd_kv, Init::Normal});
        t.push_back({blk + "attn_v.bias", n_embd_kv, 1, Init::Normal});
        t.push_back({blk + "attn_output.weight", s.n_embd, s.n_embd, Init::Normal});
        t.push_back({blk + "ffn_norm.weight", s.n_embd, 1, Init::Ones});
        t.push_back({blk + "ffn_gate.weight", s.n_embd, s.n_ff, Init::Normal});
        t.push_back({blk + "ffn_up.weight", s.n_embd, s.n_ff, Init::Normal});
        t.push_back({blk + "ffn_down.weight", s.n_ff, s.n_embd, Init::Normal});
    }
    t.push_back({"output_norm.weight", s.n_embd, 1, Init::Ones});
    t.push_back({"output.weight", s.n_embd, s.n_vocab, Init::Normal});
    return t;
}

// Each tensor gets its own generator, seeded from the run's seed and the tensor's name, so a
// tensor's values do not depend on which tensors come before it. FNV-1a rather than std::hash,
// whose values the standard leaves to the implementation.
std::mt19937_64 generator_for(uint64_t seed, const std::string & tensor_name) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : tensor_name) {
        h = (h ^ c) * 0x100000001b3ull;
    }
    std::seed_seq seq{uint32_t(seed), uint32_t(seed >> 32), uint32_t(h), uint32_t(h >> 32)};
    return std::mt19937_64(seq);
}

struct FileCloser {
    void operator()(std::FILE * f) const { std::fclose(f); }
};

class OutputFile {
public:
    explicit OutputFile(const std::filesystem::path & path)
        : path_(path), file_(std::fopen(path.c_str(), "wb")) {
        if (!file_) fail("cannot create");
    }

    void write(const void * data, size_t n) {
        if (std::fwrite(data, 1, n, file_.get()) != n) fail("cannot write");
        written_ += n;
    }

    // Zero bytes up to the next multiple of `alignment`, as gguf_write_to_file pads.
    void pad_to(size_t alignment) {
        static const char zeros[64] = {};
        while (written_ % alignment != 0) {
            write(zeros, std::min(sizeof(zeros), alignment - written_ % alignment));
        }
    }

    size_t written() const { return written_; }

    void close() {
        // fclose flushes the buffer, so a full disk shows up here.
        if (std::fclose(file_.release()) != 0) fail("cannot write");
    }

private:
    [[noreturn]] void fail(const char * what) const {
        throw std::runtime_error(std::string(what) + " " + path_.string() + ": " +
                                 std::strerror(errno));
    }

    std::filesystem::path path_;
    std::unique_ptr<std::FILE, FileCloser> file_;
    size_t written_ = 0;
};

void write_tensor_data(OutputFile & out, const TensorSpec & spec, ggml_type type, uint64_t seed) {
    const size_t n = size_t(spec.ne0 * spec.ne1);
    // Starts at 1.0 for Init::Ones, which writes the buffer as it is; Init::Normal refills it.
    std::vector<float> values(std::min(n, kChunkElements), 1.0f);
    std::vector<ggml_fp16_t> halves(type == GGML_TYPE_F16 ? values.size() : 0);
    std::mt19937_64 rng = generator_for(seed, spec.name);
    std::normal_distribution<float> normal(0.0f, kWeightStd);

    for (size_t done = 0; done < n;) {
        const size_t m = std::min(values.size(), n - done);
        if (spec.init == Init::Normal) {
            std::generate_n(values.begin(), m, [&] { return normal(rng); });
        }
        if (type == GGML_TYPE_F16) {
            ggml_fp32_to_fp16_row(values.data(), halves.data(), int64_t(m));
            out.write(halves.data(), m * sizeof(ggml_fp16_t));
        } else {
            out.write(values.data(), m * sizeof(float));
        }
        done += m;
    }
}

} // namespace

void add_qwen2_metadata(gguf_context * gguf, const ModelShape & shape, uint32_t llama_ftype) {
    gguf_set_val_str(gguf, "general.architecture", "qwen2");
    gguf_set_val_str(gguf, "general.name", shape.name);
    gguf_set_val_u32(gguf, "general.file_type", llama_ftype);
    gguf_set_val_u32(gguf, "qwen2.block_count", shape.n_layer);
    gguf_set_val_u32(gguf, "qwen2.context_length", shape.n_ctx_train);
    gguf_set_val_u32(gguf, "qwen2.embedding_length", shape.n_embd);
    gguf_set_val_u32(gguf, "qwen2.feed_forward_length", shape.n_ff);
    gguf_set_val_u32(gguf, "qwen2.attention.head_count", shape.n_head);
    gguf_set_val_u32(gguf, "qwen2.attention.head_count_kv", shape.n_head_kv);
    gguf_set_val_f32(gguf, "qwen2.rope.freq_base", shape.rope_freq_base);
    gguf_set_val_f32(gguf, "qwen2.attention.layer_norm_rms_epsilon", shape.rms_norm_eps);
}

void write_random_qwen2(const std::filesystem::path & path, gguf_context * gguf,
                        const ModelShape & shape, ggml_type matrix_type, uint64_t seed) {
    const std::vector<TensorSpec> specs = qwen2_tensors(shape);

    // gguf_add_tensor takes a ggml_tensor; a no_alloc context gives the descriptors without
    // their data, which is generated only while writing.
    const ggml_init_params params{specs.size() * ggml_tensor_overhead(), nullptr, true};
    ggml_context_ptr ctx(ggml_init(params));
    std::vector<ggml_type> types;
    for (const TensorSpec & spec : specs) {
        const ggml_type type = spec.ne1 > 1 ? matrix_type : GGML_TYPE_F32;
        ggml_tensor * t = spec.ne1 > 1 ? ggml_new_tensor_2d(ctx.get(), type, spec.ne0, spec.ne1)
                                       : ggml_new_tensor_1d(ctx.get(), type, spec.ne0);
        ggml_set_name(t, spec.name.c_str());
        gguf_add_tensor(gguf, t);
        types.push_back(type);
    }

    OutputFile out(path);
    std::vector<uint8_t> meta(gguf_get_meta_size(gguf));
    gguf_get_meta_data(gguf, meta.data());
    out.write(meta.data(), meta.size());

    const size_t alignment = gguf_get_alignment(gguf);
    for (size_t i = 0; i < specs.size(); ++i) {
        // The metadata already records each tensor's offset; writing anywhere else would give a
        // file that loads garbage, so check rather than trust the padding arithmetic.
        if (out.written() - meta.size() != gguf_get_tensor_offset(gguf, int64_t(i))) {
            throw std::logic_error("tensor data of " + specs[i].name +
                                   " is not at the offset its metadata records");
        }
        write_tensor_data(out, specs[i], types[i], seed);
        out.pad_to(alignment);
    }
    out.close();
}

} // namespace r1tune::fixture
