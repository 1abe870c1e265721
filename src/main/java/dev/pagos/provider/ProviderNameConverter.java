package dev.pagos.provider;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link ProviderName} as its lowercase code ("paypal"), as the database has always spelled it. */
@Converter(autoApply = true)
public class ProviderNameConverter implements AttributeConverter<ProviderName, String> {

    @Override
    public String convertToDatabaseColumn(ProviderName provider) {
        return provider == null ? null : provider.code();
    }

    @Override
    public ProviderName convertToEntityAttribute(String code) {
        return code == null ? null : ProviderName.fromCode(code)
                .orElseThrow(() -> new IllegalStateException("Unknown provider in the database: " + code));
    }
}
