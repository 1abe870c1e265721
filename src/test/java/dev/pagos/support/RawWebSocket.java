package dev.pagos.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket spoken by hand over a plain socket, so a test can do what a browser tab that loses its network
 * does: send frames of any size, and vanish without a close frame.
 */
public final class RawWebSocket implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Socket socket;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Opens the connection; returns the HTTP status line the gateway answered the upgrade with. */
    public static RawWebSocket open(String token) throws IOException {
        Socket socket = new Socket("localhost", Api.port());
        socket.setSoTimeout(10_000);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String request = "GET /ws?token=" + token + " HTTP/1.1\r\n"
                + "Host: localhost:" + Api.port() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String status = readHeaders(socket.getInputStream());
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        return new RawWebSocket(socket);
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    public void sendText(String text) throws IOException {
        frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBinary(byte[] data) throws IOException {
        frame(0x2, data);
    }

    /** A clean close: a close frame (1000), then the socket. */
    public void closeCleanly() throws IOException {
        try {
            frame(0x8, new byte[] {0x03, (byte) 0xE8});
        } finally {
            socket.close();
        }
    }

    /** Gone without a word: a TCP reset, as when a phone drops off the network. */
    public void drop() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Client frames are masked (RFC 6455 5.3). */
    private void frame(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        int length = payload.length;
        byte[] header;
        if (length < 126) {
            header = new byte[] {(byte) (0x80 | opcode), (byte) (0x80 | length)};
        } else if (length < 65536) {
            header = new byte[] {(byte) (0x80 | opcode), (byte) (0x80 | 126), (byte) (length >>> 8), (byte) length};
        } else {
            header = new byte[10];
            header[0] = (byte) (0x80 | opcode);
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                header[9 - i] = (byte) (((long) length) >>> (8 * i));
            }
        }
        byte[] masked = new byte[length];
        for (int i = 0; i < length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(header);
        out.write(mask);
        out.write(masked);
        out.flush();
    }
}
