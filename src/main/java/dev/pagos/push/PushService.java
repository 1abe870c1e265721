package dev.pagos.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.aws.AwsException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends an event to every open WebSocket of a user as {"event": name, "data": {...}}. A connection that
 * API Gateway reports gone (410) is forgotten; any other failure is logged and the other connections are
 * still served. A push is a courtesy: the order's status is already committed and can be polled.
 */
@ApplicationScoped
public class PushService {

    private static final Logger LOG = Logger.getLogger(PushService.class);
    /** API Gateway refuses larger WebSocket messages. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;

    private final ConnectionRegistry registry;
    private final ConnectionsApi connections;
    private final ObjectMapper json;

    PushService(ConnectionRegistry registry, ConnectionsApi connections, ObjectMapper json) {
        this.registry = registry;
        this.connections = connections;
        this.json = json;
    }

    /** @return how many connections received the event */
    public int sendToUser(String userId, String event, Map<String, Object> data) {
        byte[] message = encode(event, data);
        int delivered = 0;
        for (String connectionId : registry.connectionsOf(userId)) {
            try {
                switch (connections.post(connectionId, message)) {
                    case DELIVERED -> delivered++;
                    case GONE -> {
                        registry.disconnected(connectionId);
                        LOG.debugf("Connection %s is gone; removed", connectionId);
                    }
                }
            } catch (AwsException e) {
                LOG.warnf("Push of %s to connection %s of user %s failed: %s", event, connectionId, userId, e.getMessage());
            }
        }
        return delivered;
    }

    private byte[] encode(String event, Map<String, Object> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("data", data);
        try {
            byte[] bytes = json.writeValueAsBytes(envelope);
            if (bytes.length > MAX_MESSAGE_BYTES) {
                throw new IllegalArgumentException(event + " is " + bytes.length + " bytes; API Gateway takes at most "
                        + MAX_MESSAGE_BYTES);
            }
            return bytes;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Push event " + event + " cannot be encoded", e);
        }
    }
}
