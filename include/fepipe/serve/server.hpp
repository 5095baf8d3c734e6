#pragma once
/// @file
/// `fepipe serve`: the Service of serve/service.hpp behind an HTTP/1.1
/// server (cpp-httplib, Debian's libcpp-httplib-dev), with keep-alive,
/// request-size limits, socket timeouts, hot reload, and a graceful
/// shutdown on SIGTERM / SIGINT that lets in-flight requests finish.
/// docs/serving.md is the user's page.
///
/// An optional part: needs cpp-httplib (header and its compiled library),
/// libsodium and CLI11. Include it before fepipe/runtime/builtins.hpp.

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <signal.h>

// fepipe (Eigen) before httplib: httplib includes <resolv.h>, whose `_res`
// macro would rename a parameter in Eigen's product kernels.
#include "fepipe/serve/service.hpp"  // includes cli.hpp (spec hooks)

#include <httplib.h>

namespace fepipe::serve {

/// How the HTTP server runs.
struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0: any free port (HttpServer::port() says which)
  /// Worker threads: each serves one connection at a time, for as long as
  /// the client keeps it alive, so this is the number of connections
  /// served at once (more wait in the kernel's queue).
  std::size_t threads = 8;
  /// Socket read/write timeout, and how long an idle keep-alive connection is kept.
  std::chrono::milliseconds timeout{5000};
  std::chrono::seconds keep_alive{5};
};

/// A Service on a listening socket. bind() then serve() (blocks until
/// stop()); stop() may be called from any thread: the listening socket
/// closes, requests being read or answered finish, then serve() returns.
class HttpServer {
 public:
  HttpServer(Service& service, ServerOptions options) : service_(service), options_(std::move(options)) {
    const std::size_t threads = options_.threads == 0 ? 1 : options_.threads;
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_.set_tcp_nodelay(true);
    // A keep-alive connection serves any number of requests (httplib's
    // default closes it after 5, a new TCP handshake every 5 requests).
    server_.set_keep_alive_max_count(std::numeric_limits<std::size_t>::max());
    server_.set_keep_alive_timeout(static_cast<time_t>(options_.keep_alive.count()));
    const auto us = options_.timeout.count() * 1000;
    server_.set_read_timeout(static_cast<time_t>(us / 1000000), static_cast<time_t>(us % 1000000));
    server_.set_write_timeout(static_cast<time_t>(us / 1000000), static_cast<time_t>(us % 1000000));
    // Bodies above the limit are refused (413) before they are read.
    server_.set_payload_max_length(service_.limits().max_request_bytes);
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      const Reply r = service_.handle({req.method, req.path, req.body, header(req, "X-Request-Key")});
      res.status = r.status;
      res.set_content(r.body, r.content_type.c_str());
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    const httplib::Server::Handler not_allowed = [](const httplib::Request&, httplib::Response& res) {
      const Reply r = detail::error_reply(405, "method not allowed: use GET or POST");
      res.status = r.status;
      res.set_content(r.body, r.content_type.c_str());
    };
    server_.Put(".*", not_allowed);
    server_.Delete(".*", not_allowed);
    server_.Patch(".*", not_allowed);
    // httplib's own refusals (413 for a body over the limit, 400 for a bad
    // request line) get a JSON body too.
    server_.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      const std::string what = res.status == 413 ? "request body above the limit of " +
                                                       std::to_string(service_.limits().max_request_bytes) + " bytes"
                                                 : "HTTP error " + std::to_string(res.status);
      res.set_content(detail::error_reply(res.status, what).body, "application/json");
    });
    server_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      res.status = 500;
      res.set_content(detail::error_reply(500, "internal error").body, "application/json");
    });
  }

  /// Binds the listening socket; returns the port (the chosen one for
  /// port 0). fepipe::Error when the address cannot be bound.
  int bind() {
    if (options_.port == 0) {
      port_ = server_.bind_to_any_port(options_.host);
      if (port_ < 0) throw Error("serve: cannot listen on " + options_.host + " (any port)");
    } else {
      if (!server_.bind_to_port(options_.host, options_.port))
        throw Error("serve: cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                    " (in use, or not an address of this machine)");
      port_ = options_.port;
    }
    return port_;
  }
  /// Serves until stop(); returns once the in-flight requests are answered.
  void serve() { server_.listen_after_bind(); }
  void stop() { server_.stop(); }
  bool running() const { return server_.is_running(); }
  int port() const noexcept { return port_; }

 private:
  static std::string_view header(const httplib::Request& req, const char* name) {
    const auto it = req.headers.find(name);
    return it == req.headers.end() ? std::string_view() : std::string_view(it->second);
  }

  Service& service_;
  ServerOptions options_;
  httplib::Server server_;
  int port_ = -1;
};

namespace detail {

/// Parses `NAME=PATH[:WEIGHT]`. The variant is named after the file's stem.
inline VariantConfig parse_model_flag(const std::string& flag) {
  const auto eq = flag.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == flag.size())
    throw ParameterError("--model " + flag + ": expected NAME=PATH[:WEIGHT]");
  VariantConfig c;
  c.model = flag.substr(0, eq);
  c.path = flag.substr(eq + 1);
  if (const auto colon = c.path.rfind(':'); colon != std::string::npos) {
    const std::string tail = c.path.substr(colon + 1);
    double w = 0;
    const auto [ptr, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), w);
    if (ec == std::errc() && ptr == tail.data() + tail.size() && !tail.empty()) {
      c.weight = w;
      c.path.resize(colon);
    }
  }
  c.variant = std::filesystem::path(c.path).stem().string();
  if (c.variant.empty()) c.variant = "default";
  return c;
}

/// Reads an A/B config file:
/// `{"models": [{"name": "house", "variants": [{"name": "a", "path": "a.fpm", "weight": 90}, ...]}]}`.
/// Relative paths are relative to the config file.
inline std::vector<VariantConfig> parse_config(const std::string& file) {
  const std::string text = cli::detail::read_text_file(file);
  auto fail = [&](const std::string& what) -> void { throw ParameterError("--config " + file + ": " + what); };
  JsonValue doc;
  try {
    doc = ::fepipe::detail::parse_spec_json(text);
  } catch (const Error& e) {
    fail(e.what());
  }
  auto member = [](const JsonValue& o, std::string_view key) -> const JsonValue* {
    for (std::size_t i = 0; i < o.keys.size(); ++i)
      if (o.keys[i] == key) return &o.items[i];
    return nullptr;
  };
  const JsonValue* models = doc.kind == JsonValue::Kind::object ? member(doc, "models") : nullptr;
  if (!models || models->kind != JsonValue::Kind::array) fail("expected {\"models\": [...]}");
  const auto base = std::filesystem::path(file).parent_path();
  std::vector<VariantConfig> out;
  for (const JsonValue& m : models->items) {
    const JsonValue* name = m.kind == JsonValue::Kind::object ? member(m, "name") : nullptr;
    const JsonValue* variants = name ? member(m, "variants") : nullptr;
    if (!name || name->kind != JsonValue::Kind::string || !variants || variants->kind != JsonValue::Kind::array)
      fail("each model is {\"name\": \"...\", \"variants\": [...]}");
    for (const JsonValue& v : variants->items) {
      const JsonValue* vname = v.kind == JsonValue::Kind::object ? member(v, "name") : nullptr;
      const JsonValue* path = vname ? member(v, "path") : nullptr;
      const JsonValue* weight = vname ? member(v, "weight") : nullptr;
      if (!vname || vname->kind != JsonValue::Kind::string || !path || path->kind != JsonValue::Kind::string)
        fail("model '" + name->text + "': each variant is {\"name\": \"...\", \"path\": \"...\", \"weight\": N}");
      VariantConfig c{name->text, vname->text, path->text, 1.0};
      if (weight && (!weight->is_number() || !weight->to_double(c.weight)))
        fail("model '" + name->text + "' variant '" + vname->text + "': the weight must be a number");
      if (std::filesystem::path(c.path).is_relative()) c.path = (base / c.path).string();
      out.push_back(std::move(c));
    }
  }
  return out;
}

/// Waits for SIGTERM or SIGINT (blocked in every thread by run()) and stops
/// the server; returns when the server stops for another reason too.
class SignalWatcher {
 public:
  explicit SignalWatcher(HttpServer& server) : thread_([this, &server] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    const timespec tick{0, 100 * 1000 * 1000};
    while (!done_.load()) {
      const int sig = sigtimedwait(&set, nullptr, &tick);
      if (sig == SIGTERM || sig == SIGINT) {
        signal_ = sig;
        server.stop();
        return;
      }
    }
  }) {}
  ~SignalWatcher() {
    done_.store(true);
    thread_.join();
  }
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;
  int signal() const noexcept { return signal_; }

 private:
  std::atomic<bool> done_{false};
  std::atomic<int> signal_{0};
  std::thread thread_;
};

}  // namespace detail

/// `fepipe serve ...`: `argv[0]` is the program name and `argv[1]` "serve".
/// Serves until SIGTERM or SIGINT; returns the CLI's exit codes (2 usage,
/// 3 a model file refused at start, 4 a file that cannot be read, 1 other).
inline int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"fepipe serve: answer predictions over HTTP (docs/serving.md).\n" + std::string(cli::exit_codes_help),
               "fepipe serve"};
  std::vector<std::string> models, trusted;
  std::string config;
  ServerOptions so;
  Limits limits;
  long poll_ms = 1000, timeout_ms = 5000;
  app.add_option("--model", models, "NAME=PATH[:WEIGHT], repeatable; several under one name share its traffic (A/B)");
  app.add_option("--config", config, "A/B config file (JSON, docs/serving.md)");
  app.add_option("--host", so.host, "Address to listen on (default 127.0.0.1)");
  app.add_option("--port", so.port, "Port (default 8080; 0: any free port, printed)")->check(CLI::Range(0, 65535));
  app.add_option("--threads", so.threads, "Worker threads = connections served at once (default 8)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--trusted-key", trusted, "Serve only files signed by one of these public key files");
  app.add_option("--poll-ms", poll_ms, "Check the model files for a replacement every N ms (default 1000; 0: never)")
      ->check(CLI::Range(0L, 86400000L));
  app.add_option("--max-request-bytes", limits.max_request_bytes, "Largest request body (default 1 MiB; more: 413)")
      ->check(CLI::Range(std::size_t{64}, std::size_t{1} << 30));
  app.add_option("--max-batch", limits.max_batch, "Most records per request (default 1000; more: 413)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app.add_option("--timeout-ms", timeout_ms, "Socket read/write timeout (default 5000)")
      ->check(CLI::Range(1L, 3600000L));
  app.footer(std::string(cli::exit_codes_help));
  try {
    app.parse(argc - 1, argv + 1);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return cli::ok;
  } catch (const CLI::ParseError& e) {
    err << "fepipe serve: " << e.what() << "\n(run with --help for usage)\n";
    return cli::usage_error;
  }
  so.timeout = std::chrono::milliseconds(timeout_ms);
  try {
    std::vector<VariantConfig> configs;
    if (!config.empty()) configs = detail::parse_config(config);
    for (const auto& m : models) configs.push_back(detail::parse_model_flag(m));
    // Unique variant names for --model flags naming files of the same stem.
    for (std::size_t i = 0; i < configs.size(); ++i)
      for (std::size_t j = 0, same = 1; j < i; ++j)
        if (configs[j].model == configs[i].model && configs[j].variant == configs[i].variant)
          configs[i].variant += "-" + std::to_string(++same);
    if (configs.empty()) {
      err << "fepipe serve: no model to serve: give --model NAME=PATH or --config FILE\n";
      return cli::usage_error;
    }
    // Block the stop signals before any thread starts: every thread
    // inherits the mask, and SignalWatcher takes them with sigtimedwait.
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    struct Restore {
      sigset_t mask;
      ~Restore() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore{old};

    Registry registry(configs, cli::detail::trusted_keys(trusted), err);
    Service service(registry, limits);
    HttpServer server(service, so);
    const int port = server.bind();
    if (poll_ms > 0) registry.start_watching(std::chrono::milliseconds(poll_ms));
    for (const auto& m : registry.models())
      for (const auto& v : m->variants)
        err << "fepipe serve: model '" << m->name << "' variant '" << v->config().variant << "' ("
            << v->config().path << ", weight " << v->config().weight << "): " << v->current()->hash << "\n";
    out << "fepipe serve: listening on http://" << so.host << ":" << port << std::endl;
    int signal = 0;
    {
      detail::SignalWatcher watcher(server);
      server.serve();
      signal = watcher.signal();
    }
    registry.stop_watching();
    err << "fepipe serve: stopped" << (signal ? signal == SIGTERM ? " (SIGTERM)" : " (SIGINT)" : "")
        << ", in-flight requests answered\n";
    return cli::ok;
  } catch (const cli::IoError& e) {
    err << "fepipe: " << e.what() << "\n";
    return cli::io_error;
  } catch (const ModelFormatError& e) {
    err << "fepipe: model file refused: " << e.what() << "\n";
    return cli::model_refused;
  } catch (const ParameterError& e) {
    err << "fepipe: " << e.what() << "\n";
    return cli::usage_error;
  } catch (const std::exception& e) {
    err << "fepipe: " << e.what() << "\n";
    return cli::data_error;
  }
}

}  // namespace fepipe::serve
