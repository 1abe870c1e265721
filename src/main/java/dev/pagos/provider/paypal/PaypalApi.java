package dev.pagos.provider.paypal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The PayPal REST endpoints Pagos uses (OAuth2 and Orders v2). Responses are returned whole so the
 * caller decides what each status means and can keep the provider's words.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface PaypalApi {

    @POST
    @Path("/v1/oauth2/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response token(@HeaderParam("Authorization") String basicCredentials, @FormParam("grant_type") String grantType);

    @POST
    @Path("/v2/checkout/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    Response createOrder(@HeaderParam("Authorization") String bearer, @HeaderParam("PayPal-Request-Id") String requestId,
            @HeaderParam("Prefer") String prefer, String body);

    @POST
    @Path("/v2/checkout/orders/{id}/capture")
    @Consumes(MediaType.APPLICATION_JSON)
    Response captureOrder(@HeaderParam("Authorization") String bearer, @HeaderParam("PayPal-Request-Id") String requestId,
            @HeaderParam("Prefer") String prefer, @PathParam("id") String orderId, String emptyBody);

    /** Payments v2 captures.refund: an empty body refunds the whole capture. */
    @POST
    @Path("/v2/payments/captures/{capture_id}/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    Response refundCapture(@HeaderParam("Authorization") String bearer, @HeaderParam("PayPal-Request-Id") String requestId,
            @HeaderParam("Prefer") String prefer, @PathParam("capture_id") String captureId, String body);

    @GET
    @Path("/v2/checkout/orders/{id}")
    Response getOrder(@HeaderParam("Authorization") String bearer, @PathParam("id") String orderId);
}
