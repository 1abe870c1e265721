package dev.pagos.local;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Local mode's Lambda runtime API, on loopback only. quarkus-amazon-lambda's poll loop needs a runtime API to
 * poll even in dev mode, and its own mock event server listens on every interface with no setting to change
 * that; local mode never invokes functions through it (the local gateways call the handlers directly), so this
 * stand-in only holds the poll loop's "next invocation" request open until the application stops.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class LoopbackLambdaRuntime {

    static final String LOOPBACK = "127.0.0.1";

    private final int port;
    private HttpServer server;

    LoopbackLambdaRuntime(@ConfigProperty(name = "pagos.local.lambda-runtime-port", defaultValue = "8082") int port) {
        this.port = port;
    }

    void start(@Observes StartupEvent started, Vertx vertx) throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(LOOPBACK).setPort(port))
                .requestHandler(request -> {
                    if (!request.path().endsWith("/runtime/invocation/next")) {
                        request.response().setStatusCode(404).end();
                    }
                    // The next invocation never comes: the request stays open until shutdown closes it.
                })
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
