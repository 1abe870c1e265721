package dev.pagos.exchange;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The configured rate source, e.g. https://api.exchangerate-api.com/v4/latest/USD ({"rates":{"COP":...}}). */
@Produces(MediaType.APPLICATION_JSON)
public interface ExchangeRateApi {

    @GET
    Response latest();
}
