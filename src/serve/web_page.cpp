#include "serve/web_page.h"

#include <string>

namespace r1tune::serve {

namespace {

std::string_view content_type_of(std::string_view path) {
    if (path.ends_with(".html")) return "text/html; charset=utf-8";
    if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (path.ends_with(".css")) return "text/css; charset=utf-8";
    return "application/octet-stream";
}

} // namespace

bool find_web_file(std::string_view url_path, WebFile & out) {
    const std::string wanted = "web/" + std::string(url_path == "/" ? "index.html" : url_path.substr(1));
    for (const prompt::EmbeddedFile & file : web_files()) {
        if (file.path == wanted) {
            out = {file.text, content_type_of(file.path)};
            return true;
        }
    }
    return false;
}

} // namespace r1tune::serve
