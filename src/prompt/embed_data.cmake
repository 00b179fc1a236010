# Turns data files into a C++ source file that returns them from
# r1tune::prompt::embedded_files(), each under its path relative to data/ ("scaffolds/math.en.md").
# Run as: cmake -DDATA_DIR=… -DFILES="a|b|…" -DOUTPUT=… -P this-file
string(REPLACE "|" ";" files "${FILES}")
set(delimiter "r1tune_data")
set(entries "")
foreach(name IN LISTS files)
  file(READ "${DATA_DIR}/${name}" text)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${DATA_DIR}/${name} contains the raw string terminator )${delimiter}\"")
  endif()
  string(APPEND entries "    {\"${name}\", R\"${delimiter}(${text})${delimiter}\"},\n")
endforeach()

file(WRITE "${OUTPUT}" "// Generated from ${DATA_DIR} by embed_data.cmake. Do not edit.
#include \"prompt/embedded_data.h\"

namespace r1tune::prompt {

namespace {

constexpr EmbeddedFile kFiles[] = {
${entries}};

} // namespace

std::span<const EmbeddedFile> embedded_files() {
    return kFiles;
}

} // namespace r1tune::prompt
")
