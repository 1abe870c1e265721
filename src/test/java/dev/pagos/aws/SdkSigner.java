package dev.pagos.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** The AWS SDK's own SigV4 signer (test scope only), the oracle {@link SigV4} is checked against. */
public final class SdkSigner {

    private SdkSigner() {
    }

    /** @return the Authorization header the SDK computes for the request, at the given time */
    public static String authorization(String method, URI uri, Map<String, String> headers, byte[] body, String region,
            String service, Instant time, AwsCredentials.Key key) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        AwsCredentialsIdentity identity = key.sessionToken() == null
                ? AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
        SignRequest<AwsCredentialsIdentity> sign = SignRequest.builder(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC))
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(sign).request();
        return signed.firstMatchingHeader("Authorization").orElseThrow();
    }
}
