package dev.pagos.provider.wompi;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The Wompi endpoints Pagos uses. Responses are returned whole so the caller decides what each status means. */
@Produces(MediaType.APPLICATION_JSON)
public interface WompiApi {

    @GET
    @Path("/transactions/{id}")
    Response transaction(@HeaderParam("Authorization") String bearer, @PathParam("id") String transactionId);

    // Recurring charges (issue 7): acceptance, card tokens, payment sources, transactions with a payment source.

    @GET
    @Path("/merchants/{publicKey}")
    Response merchant(@PathParam("publicKey") String publicKey);

    @POST
    @Path("/tokens/cards")
    @Consumes(MediaType.APPLICATION_JSON)
    Response tokenizeCard(@HeaderParam("Authorization") String publicBearer, String body);

    @POST
    @Path("/payment_sources")
    @Consumes(MediaType.APPLICATION_JSON)
    Response createPaymentSource(@HeaderParam("Authorization") String bearer, String body);

    @POST
    @Path("/transactions")
    @Consumes(MediaType.APPLICATION_JSON)
    Response createTransaction(@HeaderParam("Authorization") String bearer, String body);

    /** The transactions made with one reference (private key); {@code data} is a list, empty when there are none. */
    @GET
    @Path("/transactions")
    Response transactionsByReference(@HeaderParam("Authorization") String bearer, @QueryParam("reference") String reference);
}
