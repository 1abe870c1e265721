package dev.pagos.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pagos.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.util.Collections;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Local mode serves unauthenticated conveniences (dev tokens, the PayPal simulator, the Management API stand-in):
 * they must be reachable from this machine only.
 */
@QuarkusTest
class LoopbackBindingTest {

    @Test
    void theTestServerIsReachableOnLoopbackOnly() throws Exception {
        String host = ConfigProvider.getConfig().getValue("quarkus.http.host", String.class);
        assertTrue(InetAddress.getByName(host).isLoopbackAddress(), host);
        try (Socket loopback = new Socket(InetAddress.getLoopbackAddress(), Api.port())) {
            assertTrue(loopback.isConnected());
        }
        Optional<InetAddress> lan = nonLoopbackAddress();
        assumeTrue(lan.isPresent(), "this machine has no non-loopback address to try");
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(lan.get(), Api.port()), 2000);
            }
        });
    }

    @Test
    void devModeBindsLoopback() throws IOException {
        SmallRyeConfig dev = applicationProperties("dev");
        assertTrue(InetAddress.getByName(dev.getValue("quarkus.http.host", String.class)).isLoopbackAddress());
    }

    @Test
    void devModeReplacesTheMockEventServerWithALoopbackRuntime() throws IOException {
        SmallRyeConfig dev = applicationProperties("dev");
        assertEquals(Boolean.FALSE, dev.getValue("quarkus.lambda.mock-event-server.enabled", Boolean.class),
                "the mock event server binds every interface; dev mode must not start it");
        String runtimeApi = dev.getValue("quarkus-internal.aws-lambda.test-api", String.class);
        assertTrue(InetAddress.getByName(runtimeApi.substring(0, runtimeApi.lastIndexOf(':'))).isLoopbackAddress(), runtimeApi);
    }

    @Test
    void theLoopbackLambdaRuntimeListensOnLoopbackOnlyAndHoldsThePollLoop() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LoopbackLambdaRuntime runtime = new LoopbackLambdaRuntime(port);
        runtime.start(null, vertx);
        try {
            HttpURLConnection next = (HttpURLConnection) new URL("http://127.0.0.1:" + port
                    + "/2018-06-01/runtime/invocation/next").openConnection();
            next.setReadTimeout(500);
            assertThrows(java.net.SocketTimeoutException.class, next::getResponseCode, "no invocation ever comes");
            Optional<InetAddress> lan = nonLoopbackAddress();
            assumeTrue(lan.isPresent(), "this machine has no non-loopback address to try");
            int bound = port;
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(lan.get(), bound), 2000);
                }
            });
        } finally {
            runtime.stop(null);
        }
    }

    @jakarta.inject.Inject
    io.vertx.core.Vertx vertx;

    private static SmallRyeConfig applicationProperties(String profile) throws IOException {
        URL properties = LoopbackBindingTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder().withProfile(profile).withSources(new PropertiesConfigSource(properties))
                .build();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
