package dev.pagos.provider.paymentsway;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The ClientAPI calls Pagos makes. The {@code Authorization} header is the raw API key, without "Bearer" (as every
 * integration found sends it). Responses are returned whole so the caller decides what each status means.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface PaymentsWayApi {

    @GET
    @Path("/ObtenerTransaccion")
    Response transaction(@HeaderParam("Authorization") String apiKey, @QueryParam("id") String transactionId);

    @GET
    @Path("/ObtenerTransaccionByExternalOrder")
    Response transactionsOfOrder(@HeaderParam("Authorization") String apiKey,
            @QueryParam("external_order") String externalOrder);

    @POST
    @Path("/ReversarTransaccion")
    @Consumes(MediaType.APPLICATION_JSON)
    Response reverse(@HeaderParam("Authorization") String apiKey, String body);
}
