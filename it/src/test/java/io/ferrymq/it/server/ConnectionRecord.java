package io.ferrymq.it.server;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.transport.ConnectionContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the server saw of one connection, for the tests to check: how it came (tcp or tls),
 * which SASL mechanism and identity, the peer's container-id, and how it ended. Written on the
 * connection's event loop, read by test threads.
 */
public final class ConnectionRecord {
    private final ConnectionContext context;
    private final String kind;
    private volatile List<String> offered = List.of();
    private volatile String mechanism;
    private volatile String principal;
    private volatile String containerId;
    private volatile boolean remoteClosed;
    private volatile ErrorCondition remoteError;
    private volatile ErrorCondition failure;
    private volatile boolean closeSent;
    private volatile long messagesIn;
    private volatile long messagesOut;
    private volatile int mostFramesInOneMessage;

    ConnectionRecord(ConnectionContext context) {
        this.context = context;
        this.kind = context.kind();
    }

    /** "tcp" or "tls". */
    public String kind() {
        return kind;
    }

    /** The SASL mechanisms the server offered. */
    public List<String> offered() {
        return offered;
    }

    /** The SASL mechanism the client chose, or null when it chose none. */
    public String mechanism() {
        return mechanism;
    }

    /** The identity SASL established ("anonymous" for ANONYMOUS). */
    public String principal() {
        return principal;
    }

    /** The container-id of the client's open. */
    public String containerId() {
        return containerId;
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long messagesOut() {
        return messagesOut;
    }

    /** The most transfer frames one message the client sent came in. */
    public int mostFramesInOneMessage() {
        return mostFramesInOneMessage;
    }

    /** The error the server's engine closed the connection with, or null. */
    public ErrorCondition failure() {
        return failure;
    }

    /** The error the client closed with, or null. */
    public ErrorCondition remoteError() {
        return remoteError;
    }

    /**
     * True once the client closed without error, the server answered with its close, no
     * protocol error happened, and the engine is finished: all its output is written and the
     * transport closes the socket.
     */
    public boolean endedCleanly() {
        return remoteClosed && remoteError == null && failure == null && closeSent && engineFinished();
    }

    /** Asks the connection's event loop whether the engine is finished (its socket then closes). */
    public boolean engineFinished() {
        CompletableFuture<Boolean> finished = new CompletableFuture<>();
        context.execute(() -> finished.complete(context.engine().isFinished()));
        try {
            return finished.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "connection{" + kind + ", container-id=" + containerId + ", offered=" + offered + ", mechanism=" + mechanism + ", principal="
                + principal + ", in=" + messagesIn + ", out=" + messagesOut
                + ", mostFramesInOneMessage=" + mostFramesInOneMessage + ", remoteClosed=" + remoteClosed
                + ", remoteError=" + remoteError + ", failure=" + failure + ", closeSent=" + closeSent + "}";
    }

    void offered(List<String> mechanisms) {
        this.offered = List.copyOf(mechanisms);
    }

    void mechanism(String mechanism) {
        this.mechanism = mechanism;
    }

    void principal(String principal) {
        this.principal = principal;
    }

    void containerId(String containerId) {
        this.containerId = containerId;
    }

    void remoteClosed(ErrorCondition error) {
        this.remoteError = error;
        this.remoteClosed = true;
    }

    void failure(ErrorCondition failure) {
        this.failure = failure;
    }

    void closeSent() {
        this.closeSent = true;
    }

    void messageIn(int frames) {
        messagesIn++;
        mostFramesInOneMessage = Math.max(mostFramesInOneMessage, frames);
    }

    void countOut() {
        messagesOut++;
    }
}
