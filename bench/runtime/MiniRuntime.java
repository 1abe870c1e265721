import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the AWS Java runtime does with a function, and no more: load the handler class from the unzipped
 * function.zip (its root and lib/*.jar, as /var/task), create it during init, then poll the Runtime API
 * ({@code AWS_LAMBDA_RUNTIME_API}) for events and post each answer. Only stream handlers
 * ({@code QuarkusStreamHandler::handleRequest}) are needed here. Used by bench/lambda_bench.py only.
 */
public final class MiniRuntime {

    private static final String BASE = "/2018-06-01/runtime";

    public static void main(String[] args) throws Exception {
        File task = new File(args[0]);
        String handler = args[1];
        List<URL> urls = new ArrayList<>();
        urls.add(task.toURI().toURL());
        File[] jars = new File(task, "lib").listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars != null) {
            Arrays.sort(jars);
            for (File jar : jars) {
                urls.add(jar.toURI().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), MiniRuntime.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        String className = handler.substring(0, handler.indexOf("::"));
        RuntimeApiConnection api = new RuntimeApiConnection(System.getenv("AWS_LAMBDA_RUNTIME_API"));
        RequestStreamHandler function;
        try {
            function = (RequestStreamHandler) Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
        } catch (Throwable e) {
            api.exchange("POST", BASE + "/init/error", errorJson(e));
            throw e;
        }
        while (true) {
            RuntimeApiConnection.Answer next = api.exchange("GET", BASE + "/invocation/next", null);
            String requestId = next.headers().get("lambda-runtime-aws-request-id");
            long deadline = Long.parseLong(next.headers().get("lambda-runtime-deadline-ms"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                function.handleRequest(new ByteArrayInputStream(next.body()), out, new BenchContext(requestId, deadline));
                api.exchange("POST", BASE + "/invocation/" + requestId + "/response", out.toByteArray());
            } catch (Throwable e) {
                api.exchange("POST", BASE + "/invocation/" + requestId + "/error", errorJson(e));
            }
        }
    }

    private static byte[] errorJson(Throwable e) {
        String message = e.toString().replace("\\", "/").replace("\"", "'").replace("\n", " ");
        return ("{\"errorMessage\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One kept-alive HTTP/1.1 connection with TCP_NODELAY, as the real runtime client (libcurl) has:
     * HttpURLConnection writes headers and body in separate segments, and Nagle plus delayed ACKs would add
     * 40 ms to every answer.
     */
    private static final class RuntimeApiConnection {
        record Answer(Map<String, String> headers, byte[] body) {
        }

        private final String host;
        private final InputStream in;
        private final OutputStream out;

        RuntimeApiConnection(String hostAndPort) throws IOException {
            this.host = hostAndPort;
            int colon = hostAndPort.lastIndexOf(':');
            Socket socket = new Socket(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Answer exchange(String method, String path, byte[] body) throws IOException {
            byte[] payload = body == null ? new byte[0] : body;
            ByteArrayOutputStream request = new ByteArrayOutputStream(payload.length + 200);
            request.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: "
                    + payload.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(payload);
            out.write(request.toByteArray());
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 2")) {
                throw new IOException("Runtime API answered " + status + " to " + method + " " + path);
            }
            Map<String, String> headers = new HashMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            return new Answer(headers, in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("Runtime API closed the connection");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    private record BenchContext(String requestId, long deadline) implements Context {
        public String getAwsRequestId() { return requestId; }
        public String getLogGroupName() { return "/aws/lambda/bench"; }
        public String getLogStreamName() { return "bench"; }
        public String getFunctionName() { return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "bench"); }
        public String getFunctionVersion() { return "$LATEST"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:bench"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
        public int getMemoryLimitInMB() { return 512; }
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) { System.out.print(message); }
                public void log(byte[] message) { System.out.write(message, 0, message.length); }
            };
        }
    }
}
