package io.jvirt.daemon.rest;

import io.jvirt.api.ApiError;
import io.jvirt.api.ApiJson;
import io.jvirt.api.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty itself answers (a malformed request, an encoded '/' in a path) in the API's
 * {@code {code, message}} form instead of an HTML page, so every client gets a readable error.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int status = response.getStatus();
        Object detail = request.getAttribute(ERROR_MESSAGE);
        String said = detail == null ? "status " + status : detail.toString();
        ErrorCode code = switch (status / 100) {
            case 4 -> status == 404 ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_ARGUMENT;
            default -> ErrorCode.INTERNAL;
        };
        String message = said.contains("Ambiguous URI path separator")
                ? "The request path holds an encoded '/' (%2F); names of domains, networks, pools and volumes cannot "
                        + "contain '/'."
                : "jvirtd refused the request (HTTP " + status + ": " + said + ").";
        byte[] body = ApiJson.write(new ApiError(code.name(), message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
