package dev.pagos.aws;

/**
 * Where the credentials that sign a request come from. {@link #lambda()} is the function role's (environment
 * variables, or Lambda's container credentials endpoint under SnapStart); {@link #fixed} is for the local
 * gateway and tests.
 */
@FunctionalInterface
public interface AwsCredentials {

    /**
     * @return credentials valid for at least a few minutes
     * @throws AwsException when there are none
     */
    Key get();

    /** An access key, its secret and, for temporary credentials, the session token (else null). */
    record Key(String accessKeyId, String secretAccessKey, String sessionToken) {

        public Key {
            if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
                throw new AwsException("AWS credentials need an access key id and a secret access key");
            }
            if (sessionToken != null && sessionToken.isBlank()) {
                sessionToken = null;
            }
        }

        /** Never shows the secret or the token. */
        @Override
        public String toString() {
            return "Key[" + accessKeyId + (sessionToken == null ? "" : ", with session token") + "]";
        }
    }

    static AwsCredentials fixed(String accessKeyId, String secretAccessKey, String sessionToken) {
        Key key = new Key(accessKeyId, secretAccessKey, sessionToken);
        return () -> key;
    }

    /** The function role's credentials: one source per process, forgotten after a SnapStart restore. */
    static AwsCredentials lambda() {
        return LambdaCredentials.shared();
    }
}
