package io.ferrymq.cli;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.ClientIOException;
import io.ferrymq.client.ClientTimeoutException;
import io.ferrymq.client.RemoteException;
import io.ferrymq.client.SaslException;

/** Error messages that say what went wrong and what to do about it. */
final class Errors {
    private Errors() {}

    /** What went wrong with {@code server}; any password in the client's message or the server's URL is masked. */
    static String explain(ClientException e, String server) {
        return Endpoint.mask(explainPlain(e, Endpoint.mask(server)));
    }

    private static String explainPlain(ClientException e, String server) {
        String what = e.getMessage();
        if (e instanceof SaslException) {
            return what + "; give --user and --password (or user:password@ in the URL)";
        }
        if (e instanceof RemoteException.NotFoundException) {
            return what + "; check the address, or create it on the server";
        }
        if (e instanceof RemoteException.UnauthorizedException) {
            return what + "; the user lacks the permission: check the server's configuration";
        }
        if (e instanceof ClientIOException) {
            return what + "; is a server running at " + server + "? ('ferry broker' starts one)";
        }
        if (e instanceof ClientTimeoutException) {
            return what + "; the server did not answer in time (raise --timeout?)";
        }
        return what;
    }
}
