package dev.pagos.provider;

import java.util.UUID;

public record CaptureRequest(UUID orderId, String providerOrderId) {
}
