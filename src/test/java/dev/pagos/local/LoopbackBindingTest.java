package dev.pagos.local;

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
