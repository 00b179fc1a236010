#include "engine/model.h"

#include <array>
#include <filesystem>
#include <fstream>

#include "engine/llama_log.h"
#include "llama.h"

namespace r1tune::engine {

namespace {

// Checks what can be checked before llama.cpp sees the file, so the common mistakes get a
// precise sentence instead of llama.cpp's generic "failed to load model".
Status check_model_file(const std::string & path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return Status::model("model file " + path + " does not exist");
    }
    if (std::filesystem::is_directory(status)) {
        return Status::model("model path " + path + " is a folder, not a GGUF file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::model("model file " + path + " cannot be read (check its permissions)");
    std::array<char, 4> magic{};
    in.read(magic.data(), magic.size());
    if (in.gcount() < 4 || std::string_view(magic.data(), 4) != "GGUF") {
        return Status::model(path + " is not a GGUF model file (it does not start with the GGUF signature)");
    }
    return Status::ok();
}

} // namespace

Status Model::load(const ModelOptions & options, std::unique_ptr<Model> & out) {
    if (Status s = check_model_file(options.path); !s) return s;
    init_llama_backend(options.verbose);
    clear_llama_error();

    llama_model_params params = llama_model_default_params();
    if (options.use_mmap) {
        params.load_mode = options.use_mlock ? LLAMA_LOAD_MODE_MMAP_MLOCK : LLAMA_LOAD_MODE_MMAP;
    } else {
        params.load_mode = options.use_mlock ? LLAMA_LOAD_MODE_MLOCK : LLAMA_LOAD_MODE_NONE;
    }
    params.n_gpu_layers = 0; // r1tune is a CPU tool
    llama_model * model = llama_model_load_from_file(options.path.c_str(), params);
    if (!model) {
        std::string why = last_llama_error();
        return Status::model("could not load " + options.path + ": " +
                             (why.empty() ? "llama.cpp refused the file (truncated or corrupt GGUF?)" : why));
    }
    out.reset(new Model(model, options.path));
    return Status::ok();
}

Model::~Model() { llama_model_free(model_); }

const llama_vocab * Model::vocab() const { return llama_model_get_vocab(model_); }

std::string Model::description() const {
    std::array<char, 256> buf{};
    llama_model_desc(model_, buf.data(), buf.size());
    return buf.data();
}

int Model::vocab_size() const { return llama_vocab_n_tokens(vocab()); }

std::string Model::metadata(std::string_view key) const {
    const std::string k(key);
    const int32_t n = llama_model_meta_val_str(model_, k.c_str(), nullptr, 0);
    if (n < 0) return {};
    std::string value(static_cast<std::size_t>(n) + 1, '\0');
    llama_model_meta_val_str(model_, k.c_str(), value.data(), value.size());
    value.resize(static_cast<std::size_t>(n));
    return value;
}

Status Model::tokenize(std::string_view text, std::vector<Token> & out, bool parse_special) const {
    // A first call with no room returns minus the number of tokens needed.
    const int32_t len = static_cast<int32_t>(text.size());
    int32_t n = llama_tokenize(vocab(), text.data(), len, nullptr, 0, /*add_special=*/false, parse_special);
    if (n == INT32_MIN) return Status::input("the text is too long to tokenize");
    out.resize(static_cast<std::size_t>(n < 0 ? -n : n));
    n = llama_tokenize(vocab(), text.data(), len, out.data(), static_cast<int32_t>(out.size()), false, parse_special);
    if (n < 0) return Status::internal("llama.cpp could not tokenize the text");
    out.resize(static_cast<std::size_t>(n));
    return Status::ok();
}

std::string Model::token_text(Token token) const {
    std::array<char, 128> buf{};
    int32_t n = llama_token_to_piece(vocab(), token, buf.data(), static_cast<int32_t>(buf.size()), 0, /*special=*/true);
    if (n >= 0) return std::string(buf.data(), static_cast<std::size_t>(n));
    std::string big(static_cast<std::size_t>(-n), '\0');
    n = llama_token_to_piece(vocab(), token, big.data(), static_cast<int32_t>(big.size()), 0, true);
    big.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
    return big;
}

bool Model::is_end_of_generation(Token token) const { return llama_vocab_is_eog(vocab(), token); }

std::string Model::bos_text() const {
    const llama_token bos = llama_vocab_bos(vocab());
    if (bos == LLAMA_TOKEN_NULL) return {};
    return llama_vocab_get_text(vocab(), bos);
}

bool Model::adds_bos() const { return llama_vocab_get_add_bos(vocab()); }

} // namespace r1tune::engine
