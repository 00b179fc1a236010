#include "serve/notebook_api.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "notebook/entry_json.h"
#include "pipeline/notebook_consult.h"
#include "serve/openai_json.h"

namespace r1tune::serve {

namespace {

using nlohmann::json;

constexpr int kMostListed = 200;

void send(httplib::Response & res, int status, const json & body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void refuse(httplib::Response & res, int status, const std::string & message, const std::string & code) {
    send(res, status, error_body(message, status == 400 ? "invalid_request_error" : "server_error", code));
}

// An entry written by hand: its text fields from the body, its scene from the router.
Status entry_from_body(const std::string & body, notebook::Entry & out) {
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Status::input("the body must be a JSON object");
    static const char * const kFields[] = {"question", "mistake", "correction", "wrong_output"};
    std::string * const targets[] = {&out.question, &out.mistake, &out.correction, &out.wrong_output};
    for (const auto & [key, value] : doc.items()) {
        bool known = key == "tags";
        for (const char * f : kFields) known = known || key == f;
        if (!known) {
            return Status::input("\"" + key + "\" is not a field of a hand-written entry (question, mistake, "
                                 "correction, wrong_output, tags)");
        }
    }
    for (std::size_t i = 0; i < std::size(kFields); ++i) {
        const auto it = doc.find(kFields[i]);
        if (it == doc.end()) continue;
        if (!it->is_string()) return Status::input(std::string("\"") + kFields[i] + "\" must be a string");
        *targets[i] = it->get<std::string>();
    }
    if (const auto tags = doc.find("tags"); tags != doc.end()) {
        if (!tags->is_array()) return Status::input("\"tags\" must be an array of strings");
        for (const json & t : *tags) {
            if (!t.is_string()) return Status::input("\"tags\" must be an array of strings");
            out.tags.push_back(t.get<std::string>());
        }
    }
    if (out.question.empty() || out.mistake.empty() || out.correction.empty()) {
        return Status::input("an entry needs a question, a mistake and a correction");
    }
    pipeline::fill_from_router(out);
    return notebook::validate(out);
}

} // namespace

void NotebookApi::install(httplib::Server & server) {
    server.Get("/r1tune/notebook", [this](const httplib::Request & req, httplib::Response & res) {
        if (!store_) return refuse(res, 404, "this server has no notebook (start it with --notebook)", "no_notebook");
        json entries = json::array();
        std::lock_guard lock(mutex_);
        const std::string query = req.get_param_value("q");
        if (query.empty()) {
            std::vector<notebook::Entry> all;
            if (Status s = store_->list(all); !s) return refuse(res, 500, s.message(), "notebook_error");
            for (const notebook::Entry & e : all) {
                if (static_cast<int>(entries.size()) == kMostListed) break;
                entries.push_back(notebook::entry_to_json(e));
            }
        } else {
            std::vector<notebook::Hit> hits;
            if (Status s = store_->search(query, kMostListed, hits); !s) {
                return refuse(res, s.kind() == ErrorKind::kInput ? 400 : 500, s.message(), "notebook_error");
            }
            for (const notebook::Hit & h : hits) {
                json e = notebook::entry_to_json(h.entry);
                e["score"] = h.score;
                entries.push_back(std::move(e));
            }
        }
        send(res, 200, {{"entries", std::move(entries)}});
    });
    server.Post("/r1tune/notebook", [this](const httplib::Request & req, httplib::Response & res) {
        if (!store_) return refuse(res, 404, "this server has no notebook (start it with --notebook)", "no_notebook");
        notebook::Entry entry;
        if (Status s = entry_from_body(req.body, entry); !s) return refuse(res, 400, s.message(), "invalid_entry");
        std::lock_guard lock(mutex_);
        bool added = false;
        if (Status s = store_->add_if_new(entry, added); !s) return refuse(res, 500, s.message(), "notebook_error");
        send(res, added ? 201 : 200, added ? json{{"id", entry.id}, {"added", true}} : json{{"added", false}});
    });
}

} // namespace r1tune::serve
