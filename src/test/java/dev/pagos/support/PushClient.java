package dev.pagos.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.support.contract.PushMessages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client, connected the way a browser is (token in the query string). */
public final class PushClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private PushClient(String token) {
        StringBuilder text = new StringBuilder();
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://localhost:" + Api.port() + "/ws?token=" + token), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                received.add(JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException("push message is not JSON: " + text, e);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();
    }

    public static PushClient connect(String user) {
        return new PushClient(Tokens.valid(user));
    }

    public static PushClient connectWithToken(String token) {
        return new PushClient(token);
    }

    /** The next message, or null after the timeout. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        PushMessages.check(message);
        return message;
    }

    public JsonNode nextEvent(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = next(Duration.ofNanos(deadline - System.nanoTime()));
            if (message != null && event.equals(message.path("event").asText())) {
                return message;
            }
        }
        return null;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
