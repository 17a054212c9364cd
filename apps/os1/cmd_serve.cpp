// os1 serve: the companion for your phone, tablet and other programs: the
// web app, its API, and an OpenAI-compatible door (a thin adapter over
// server/server.h).
#include <cstdio>

#include "command.h"
#include "core/args.h"
#include "server/server.h"

namespace os1::cli {
namespace {

int serve(std::span<const std::string> args) {
    ArgParser p("os1 serve", "Serve the web app, the app API and an OpenAI-compatible API to the people of 'os1 user'.");
    server::ServerOptions options;
    brain::add_brain_flags(p, &options.brain);
    std::string cert, key, web;
    p.option("listen", 0, "ADDR:PORT", "where to listen (default 127.0.0.1:8470; port 0 picks a free one)", &options.listen);
    p.option("tls-cert", 0, "FILE", "TLS certificate chain (PEM): serve https", &cert);
    p.option("tls-key", 0, "FILE", "TLS private key (PEM)", &key);
    p.flag("insecure-lan", 0, "allow plain http on a non-loopback address (anyone on the network can read it)",
           &options.insecure_lan);
    p.option("web", 0, "DIR", "the web app's folder (default: the installed share/os1/web)", &web);
    p.option("workers", 0, "N", "threads for turns and requests (default 4)", &options.workers);
    p.epilog(
        "People sign in with a name and password ('os1 user add NAME --password-stdin'); programs use\n"
        "'Authorization: Bearer KEY' ('os1 user key NAME'). Each person talks to their own companion.\n"
        "SIGTERM or Ctrl-C stops it gracefully: replies being made finish and are stored.\n\n"
        "examples:\n"
        "  os1 serve\n"
        "  os1 serve --listen 0.0.0.0:8470 --tls-cert cert.pem --tls-key key.pem\n"
        "  os1 serve --brain none --listen 127.0.0.1:0");
    return run_parsed(p, args, [&] {
        if (options.workers < 1 || options.workers > 64) {
            std::fprintf(stderr, "os1 serve: --workers must be 1..64\n");
            return 2;
        }
        options.tls_cert = cert;
        options.tls_key = key;
        options.web_dir = web;
        auto started = server::Server::start(options);
        if (!started) return report_error(started.error());
        auto& srv = **started;
        std::printf("os1 is listening: open %s\n", srv.url().c_str());
        std::printf("(sign in as someone from 'os1 user list'; Ctrl-C stops)\n");
        std::fflush(stdout);
        srv.run_until_signal();
        std::printf("os1 serve stopped.\n");
        return 0;
    });
}

OS1_COMMAND("serve", "the web app and an OpenAI-compatible API for your phone and other programs", serve);

}  // namespace
}  // namespace os1::cli
