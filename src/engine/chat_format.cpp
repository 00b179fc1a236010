#include "engine/chat_format.h"

#include <exception>
#include <string_view>

#include "chat.h"
#include "engine/model.h"
#include "llama.h"

namespace r1tune::engine {

namespace {

constexpr std::string_view kR1AssistantTag = "<｜Assistant｜>";
constexpr std::string_view kThinkOpening = "<think>\n";

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The R1 distills (and DeepSeek's own chat models) mark turns with full-width-bar tags; the
// family is a thinking one when its vocabulary has a single <think> token.
bool is_r1_family(const Model & model, std::string_view template_source) {
    if (template_source.find(kR1AssistantTag) == std::string_view::npos) return false;
    std::vector<Token> tokens;
    return model.tokenize("<think>", tokens).is_ok() && tokens.size() == 1;
}

} // namespace

void ChatFormat::TemplatesDeleter::operator()(common_chat_templates * t) const { common_chat_templates_free(t); }

Status ChatFormat::create(const Model & model, std::unique_ptr<ChatFormat> & out) {
    std::unique_ptr<ChatFormat> format(new ChatFormat());
    try {
        format->templates_.reset(common_chat_templates_init(model.raw(), "").release());
    } catch (const std::exception & e) {
        return Status::model("the chat template in " + model.path() + " cannot be parsed: " + e.what());
    }
    if (!format->templates_) return Status::model("llama.cpp could not read the chat template of " + model.path());
    format->source_ = common_chat_templates_source(format->templates_.get());
    // llama.cpp strips the template's BOS text when the vocabulary adds BOS itself; r1tune
    // tokenizes the whole prompt without adding special tokens, so it puts the BOS text back.
    format->prepend_bos_ = model.adds_bos();
    format->bos_text_ = model.bos_text();
    format->r1_family_ = is_r1_family(model, format->source_);

    // Probe once to learn whether prompts end inside a thinking block.
    std::string probe;
    if (Status s = format->render({{"user", "?"}}, probe); !s) return s;
    format->opens_thinking_ = ends_with(probe, kThinkOpening) || ends_with(probe, "<think>");
    out = std::move(format);
    return Status::ok();
}

ChatFormat::~ChatFormat() = default;

std::string ChatFormat::render_raw(const std::vector<ChatMessage> & messages) const {
    common_chat_templates_inputs inputs;
    for (const auto & m : messages) {
        common_chat_msg msg;
        msg.role = m.role;
        msg.content = m.content;
        inputs.messages.push_back(std::move(msg));
    }
    inputs.add_generation_prompt = true;
    inputs.use_jinja = true;
    inputs.enable_thinking = true;
    return common_chat_templates_apply(templates_.get(), inputs).prompt;
}

Status ChatFormat::render(const std::vector<ChatMessage> & messages, std::string & prompt) const {
    if (messages.empty()) return Status::input("the conversation is empty");
    try {
        prompt = render_raw(messages);
    } catch (const std::exception & e) {
        return Status::input(std::string("the model's chat template could not format this conversation: ") + e.what());
    }
    if (prepend_bos_ && !bos_text_.empty() && !prompt.starts_with(bos_text_)) prompt.insert(0, bos_text_);
    if (r1_family_ && ends_with(prompt, kR1AssistantTag)) prompt += kThinkOpening;
    return Status::ok();
}

} // namespace r1tune::engine
