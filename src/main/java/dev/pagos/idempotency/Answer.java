package dev.pagos.idempotency;

/** An operation's answer as the client sees it: a status and the encoded body, and whether it is a replay. */
public record Answer(int status, String body, boolean replayed) {

    public static Answer of(int status, String body) {
        return new Answer(status, body, false);
    }
}
