package dev.pagos.local;

import io.quarkus.arc.profile.UnlessBuildProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Local mode's stand-in for the frontend's checkout return and cancel pages, the URLs Pagos gives PayPal
 * (pagos.checkout.return-url / cancel-url, each with ?orderId=). On AWS a real frontend serves them; these two
 * static pages (META-INF/resources/checkout/) show what they must do. Served here so the extension-less URLs
 * PayPal redirects to resolve. Not part of production builds.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class LocalCheckoutPages {

    void registerRoutes(@Observes Router router) {
        serve(router, "/checkout/return", "META-INF/resources/checkout/return.html");
        serve(router, "/checkout/cancel", "META-INF/resources/checkout/cancel.html");
    }

    private static void serve(Router router, String path, String resource) {
        String page = read(resource);
        router.get(path).handler((RoutingContext rc) -> rc.response()
                .putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end(page));
    }

    private static String read(String resource) {
        try (InputStream in = LocalCheckoutPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
