package dev.pagos.support.contract;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * A rest-assured filter that holds every answer of the local API gateway to openapi.yaml: an undeclared status, an
 * unknown field, a wrong type or a path the contract lacks fails the request (an {@link AssertionError}), so it
 * fails the test that sent it. {@link OpenApiContractExtension} installs it once for the whole suite.
 *
 * <p>Only requests to the API's port are checked (other ports are the tests' fakes). Local mode's pages that are
 * not the API are skipped by an explicit list of prefixes ({@link #NOT_API}); any other path must be in the
 * contract.
 */
public final class OpenApiContractFilter implements Filter {

    /** Local mode's own pages and stand-ins, which API Gateway does not serve: not part of the contract. */
    public static final List<String> NOT_API = List.of(
            "/paypal-sim/", "/wompi-simulator/", // provider simulators
            "/dev/", // dev tokens, the billing run
            "/ws", "/ws-api/", // the WebSocket gateway and its @connections stand-in
            "/checkout/return", "/checkout/cancel", // the providers' return and cancel pages
            "/paymentsway-simulator/",
            "/api-docs", "/openapi.yaml", // the contract itself and its viewer
            "/operator/", // the operators' page (a static site on AWS)
            "/js/", "/pagos.css", "/index.html", "/favicon.ico", "/q/");

    /** Counts shared by every class loader of the run (Quarkus test profiles load this class again). */
    static final AtomicLong VALIDATED = counter("pagos.contract.validated");
    static final AtomicLong SKIPPED = counter("pagos.contract.skipped");

    private final OpenApiContract contract;
    private final IntSupplier apiPort;

    public OpenApiContractFilter(OpenApiContract contract, IntSupplier apiPort) {
        this.contract = contract;
        this.apiPort = apiPort;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = uriOf(request.getURI());
        if (uri == null || uri.getPort() != apiPort.getAsInt() || !isLoopback(uri.getHost())) {
            SKIPPED.incrementAndGet();
            return response;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (path.equals("/") || NOT_API.stream().anyMatch(path::startsWith)) {
            SKIPPED.incrementAndGet();
            return response;
        }
        String method = request.getMethod();
        String body = method.equalsIgnoreCase("HEAD") ? "" : response.asString();
        OpenApiContract.Verdict verdict = contract.check(method, path, response.statusCode(),
                response.getHeader("content-type"), body == null ? "" : body);
        if (!verdict.ok()) {
            throw new AssertionError("The answer is not what openapi.yaml says:\n  " + String.join("\n  ",
                    verdict.problems()));
        }
        VALIDATED.incrementAndGet();
        coverage().computeIfAbsent(verdict.operation() + " " + response.statusCode(), k -> new LongAdder()).increment();
        return response;
    }

    /** "GET /orders/{orderId} 200" -> how many such answers were validated, for the whole run. */
    @SuppressWarnings("unchecked")
    static Map<String, LongAdder> coverage() {
        return (Map<String, LongAdder>) System.getProperties().computeIfAbsent("pagos.contract.coverage",
                k -> new ConcurrentHashMap<String, LongAdder>());
    }

    private static AtomicLong counter(String name) {
        return (AtomicLong) System.getProperties().computeIfAbsent(name, k -> new AtomicLong());
    }

    /** rest-assured's URI, which a test may have made with characters java.net.URI refuses. */
    private static URI uriOf(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            // Keep scheme, host and port; the path up to the first character URI refuses is still checked.
            int q = text.indexOf('?');
            String head = q < 0 ? text : text.substring(0, q);
            try {
                URI base = URI.create(head.replaceAll("^(\\w+://[^/]+).*", "$1"));
                String rawPath = head.substring(base.toString().length());
                return new URI(base.getScheme(), null, base.getHost(), base.getPort(), null, null, null)
                        .resolve(new URI(null, null, rawPath.isEmpty() ? "/" : rawPath, null).getRawPath());
            } catch (Exception again) {
                return null;
            }
        }
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }
}
