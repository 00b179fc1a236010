#include "engine/chat_format.h"

#include <exception>
#include <string_view>

#include "chat.h"
#include "engine/model.h"
#include "llama.h"
#include "text/language.h"

namespace r1tune::engine {

namespace {

constexpr std::string_view kR1AssistantTag = "<｜Assistant｜>";
constexpr std::string_view kThinkOpening = "<think>\n";

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The R1 distills (and DeepSeek's own chat models) mark turns with full-width-bar tags; the
// family is a thinking one when its vocabulary has a single <think> token.
bool has_r1_turn_format(const Model & model, std::string_view template_source) {
    if (template_source.find(kR1AssistantTag) == std::string_view::npos) return false;
    std::vector<Token> tokens;
    return model.tokenize("<think>", tokens).is_ok() && tokens.size() == 1;
}

// The transcript labels for a base model, in the language of the conversation's first question.
struct TranscriptLabels {
    std::string_view question;
    std::string_view answer;
};
constexpr TranscriptLabels kEnglishLabels{"Question: ", "Answer:"};
constexpr TranscriptLabels kChineseLabels{"问题：", "解答："};

const TranscriptLabels & labels_for(const std::vector<ChatMessage> & messages) {
    for (const auto & m : messages) {
        if (m.role == "user") {
            return text::detect_language(m.content) == text::Language::kChinese ? kChineseLabels : kEnglishLabels;
        }
    }
    return kEnglishLabels;
}

} // namespace

void ChatFormat::TemplatesDeleter::operator()(common_chat_templates * t) const { common_chat_templates_free(t); }

Status ChatFormat::create(const Model & model, std::unique_ptr<ChatFormat> & out) {
    std::unique_ptr<ChatFormat> format(new ChatFormat());
    format->prepend_bos_ = model.adds_bos();
    format->bos_text_ = model.bos_text();
    if (llama_model_chat_template(model.raw(), nullptr) == nullptr) {
        format->transcript_ = true;
        out = std::move(format);
        return Status::ok();
    }
    try {
        format->templates_.reset(common_chat_templates_init(model.raw(), "").release());
    } catch (const std::exception & e) {
        return Status::model("the chat template in " + model.path() + " cannot be parsed: " + e.what());
    }
    if (!format->templates_) return Status::model("llama.cpp could not read the chat template of " + model.path());
    format->r1_family_ = has_r1_turn_format(model, common_chat_templates_source(format->templates_.get()));

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

std::string ChatFormat::render_transcript(const std::vector<ChatMessage> & messages) {
    const TranscriptLabels & labels = labels_for(messages);
    std::string out;
    for (const auto & m : messages) {
        if (m.role == "system") {
            out += m.content + "\n\n";
        } else if (m.role == "user") {
            out += std::string(labels.question) + m.content + "\n" + std::string(labels.answer);
        } else {
            out += " " + m.content + "\n\n";
        }
    }
    return out;
}

std::vector<std::string> ChatFormat::turn_stops() const {
    if (!transcript_) return {};
    // The transcript separates turns with a blank line, so one ends the answer; so does a new
    // label in either language (a base model asked in Chinese may go on in English), which it
    // often writes straight after a single line break.
    std::vector<std::string> stops = {"\n\n"};
    for (const TranscriptLabels & l : {kEnglishLabels, kChineseLabels}) {
        stops.push_back("\n" + std::string(l.question));
        stops.push_back("\n" + std::string(l.answer));
    }
    stops.push_back("\n答："); // the short form of 解答：
    return stops;
}

Status ChatFormat::render(const std::vector<ChatMessage> & messages, std::string & prompt) const {
    if (messages.empty()) return Status::input("the conversation is empty");
    if (transcript_) {
        prompt = render_transcript(messages);
    } else {
        try {
            prompt = render_raw(messages);
        } catch (const std::exception & e) {
            return Status::input(std::string("the model's chat template could not format this conversation: ") +
                                 e.what());
        }
    }
    // llama.cpp strips the template's BOS text when the vocabulary adds BOS itself (and a
    // transcript has none); r1tune tokenizes the whole prompt without adding special tokens,
    // so it puts the BOS text back.
    if (prepend_bos_ && !bos_text_.empty() && !prompt.starts_with(bos_text_)) prompt.insert(0, bos_text_);
    if (r1_family_ && ends_with(prompt, kR1AssistantTag)) prompt += kThinkOpening;
    return Status::ok();
}

Status ChatFormat::render_pieces(const std::vector<ChatMessage> & messages, std::vector<PromptPiece> & out) const {
    out.clear();
    // A transcript holds no markup but the BOS text: all of the rest is text.
    if (transcript_) {
        std::string prompt;
        if (Status s = render(messages, prompt); !s) return s;
        const bool bos = prepend_bos_ && !bos_text_.empty() && prompt.starts_with(bos_text_);
        if (bos) out.push_back({bos_text_, false});
        out.push_back({prompt.substr(bos ? bos_text_.size() : 0), true});
        return Status::ok();
    }
    // Each message's text is rendered as a marker no text holds (record separators around its
    // index), and put back as a piece of its own where the marker landed.
    std::vector<ChatMessage> marked = messages;
    std::vector<std::pair<std::string, const std::string *>> markers;
    for (std::size_t i = 0; i < marked.size(); ++i) {
        if (marked[i].role == "assistant" || marked[i].content.empty()) continue;
        std::string marker = "\x1e" + std::to_string(i) + "\x1e";
        markers.emplace_back(marker, &messages[i].content);
        marked[i].content = std::move(marker);
    }
    std::string prompt;
    if (Status s = render(marked, prompt); !s) return s;
    std::size_t at = 0;
    for (const auto & [marker, text] : markers) {
        const std::size_t found = prompt.find(marker, at);
        if (found == std::string::npos) {
            return Status::model("the model's chat template leaves out, moves or rewrites a message that holds a "
                                 "special token's text, so r1tune cannot keep that text apart from the template's markers");
        }
        if (prompt.find(marker, found + marker.size()) != std::string::npos) {
            return Status::input("a message's text repeats the marker r1tune renders it by (the byte 0x1e around a number)");
        }
        if (found > at) out.push_back({prompt.substr(at, found - at), false});
        out.push_back({*text, true});
        at = found + marker.size();
    }
    if (at < prompt.size()) out.push_back({prompt.substr(at), false});
    return Status::ok();
}

} // namespace r1tune::engine
