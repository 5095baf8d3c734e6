// Checks that documentation pages quote their compiled snippets verbatim.
//
// Every code block in docs/*.md that follows a line
//   <!-- snippet: <family>/<file>.cpp -->
// must equal the lines between "// [doc]" and "// [/doc]" of
// docs/snippets/<family>/<file>.cpp (dedented by two spaces), which the test
// suite compiles and runs. So the docs can only show code that builds and passes.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

static std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

static std::vector<std::string> snippet_body(const fs::path& p, bool& ok) {
  std::vector<std::string> out;
  bool inside = false;
  ok = false;
  for (const auto& l : read_lines(p)) {
    const auto t = l.find_first_not_of(" \t");
    const std::string trimmed = t == std::string::npos ? "" : l.substr(t);
    if (trimmed.rfind("// [doc]", 0) == 0) {
      inside = true;
      continue;
    }
    if (trimmed.rfind("// [/doc]", 0) == 0) {
      ok = inside;
      break;
    }
    if (inside) out.push_back(l.rfind("  ", 0) == 0 ? l.substr(2) : l);
  }
  return out;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: check_doc_snippets <docs dir>\n";
    return 2;
  }
  const fs::path docs = argv[1];
  int failures = 0, checked = 0;
  for (const auto& entry : fs::directory_iterator(docs)) {
    if (entry.path().extension() != ".md") continue;
    const auto lines = read_lines(entry.path());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string marker = "<!-- snippet: ";
      const auto m = lines[i].find(marker);
      if (m == std::string::npos) continue;
      const auto end = lines[i].find(" -->", m);
      const std::string name = lines[i].substr(m + marker.size(), end - m - marker.size());
      std::vector<std::string> block;
      std::size_t j = i + 2;  // skip the ```cpp line
      for (; j < lines.size() && lines[j].rfind("```", 0) != 0; ++j) block.push_back(lines[j]);
      bool ok = false;
      const fs::path src = docs / "snippets" / name;
      const auto body = fs::exists(src) ? snippet_body(src, ok) : std::vector<std::string>{};
      ++checked;
      if (!ok) {
        std::cerr << entry.path() << ": snippet " << name << " is missing or has no // [doc] ... // [/doc] section\n";
        ++failures;
      } else if (body != block) {
        std::cerr << entry.path() << ": the block after 'snippet: " << name << "' differs from the compiled snippet\n";
        ++failures;
      }
      i = j;
    }
  }
  std::cout << checked << " documentation snippets checked, " << failures << " out of date\n";
  return failures == 0 ? 0 : 1;
}
