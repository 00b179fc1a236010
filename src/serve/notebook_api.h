// The notebook over HTTP, for the web page and for programs: GET /r1tune/notebook lists the
// entries (or, with ?q=, searches them, closest first), POST /r1tune/notebook adds one written by
// hand (question, mistake, correction; the router fills in its scene). The HTTP threads share one
// connection of their own to the notebook file, one request at a time; the worker keeps its own.
#pragma once

#include <memory>
#include <mutex>

#include "notebook/notebook_store.h"

namespace httplib {
class Server;
}

namespace r1tune::serve {

class NotebookApi {
public:
    // `store` may be null: the routes then answer that this server has no notebook.
    explicit NotebookApi(std::unique_ptr<notebook::NotebookStore> store) : store_(std::move(store)) {}

    // Registers the routes; this object must outlive `server`.
    void install(httplib::Server & server);

private:
    std::unique_ptr<notebook::NotebookStore> store_;
    std::mutex mutex_;
};

} // namespace r1tune::serve
