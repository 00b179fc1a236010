// The web page `r1tune serve` shows at / : data/web (HTML, CSS and JavaScript, no build step),
// compiled in by the prompt library's embed script, so the server needs no files beside it.
#pragma once

#include <span>
#include <string_view>

#include "prompt/embedded_data.h"

namespace r1tune::serve {

// data/web's files, each under its path relative to data/ ("web/index.html").
std::span<const prompt::EmbeddedFile> web_files();

struct WebFile {
    std::string_view text;
    std::string_view content_type;
};

// The file a URL path names ("/" is index.html); false when there is none.
bool find_web_file(std::string_view url_path, WebFile & out);

} // namespace r1tune::serve
