package dev.pagos.provider;

/** The provider refused the call for good (a 4xx with a reason); repeating it will not help. */
public class ProviderRejectedException extends RuntimeException {

    private final String providerCode;

    public ProviderRejectedException(String providerCode, String message) {
        super(message);
        this.providerCode = providerCode;
    }

    public String providerCode() {
        return providerCode;
    }
}
