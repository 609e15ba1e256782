package io.ferrymq.testsupport.amqp;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.transport.ConnectionContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What an {@link AmqpTestServer} saw of one connection, for the test to check: how it came (tcp or tls), the SASL
 * mechanisms offered and the one chosen, the identity, the client's container-id, the messages each way, and how it
 * ended. Written on the connection's event loop, read by the test's threads.
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

    void offered(List<String> mechanisms) {
        offered = List.copyOf(mechanisms);
    }

    /** The SASL mechanism the client chose, or null when it chose none. */
    public String mechanism() {
        return mechanism;
    }

    void mechanism(String chosen) {
        mechanism = chosen;
    }

    /** The identity SASL established ("anonymous" for ANONYMOUS). */
    public String principal() {
        return principal;
    }

    void principal(String identity) {
        principal = identity;
    }

    /** The container-id of the client's open. */
    public String containerId() {
        return containerId;
    }

    void containerId(String id) {
        containerId = id;
    }

    /** Messages the client sent that the server kept. */
    public long messagesIn() {
        return messagesIn;
    }

    /** Messages the server sent the client. */
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

    void failure(ErrorCondition error) {
        failure = error;
    }

    /** The error the client closed with, or null. */
    public ErrorCondition remoteError() {
        return remoteError;
    }

    /**
     * True once the client closed without an error, the server answered with its close, no protocol error happened,
     * and the engine is finished: its output is all written and the transport closes the socket.
     */
    public boolean endedCleanly() {
        return remoteClosed && remoteError == null && failure == null && closeSent && engineFinished();
    }

    /** Asks the connection's event loop whether the engine is finished (its socket closes then). */
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
        return "connection{" + kind + ", container-id=" + containerId + ", offered=" + offered + ", mechanism="
                + mechanism + ", principal=" + principal + ", in=" + messagesIn + ", out=" + messagesOut
                + ", mostFramesInOneMessage=" + mostFramesInOneMessage + ", remoteClosed=" + remoteClosed
                + ", remoteError=" + remoteError + ", failure=" + failure + ", closeSent=" + closeSent + "}";
    }

    void remoteClosed(ErrorCondition error) {
        remoteError = error;
        remoteClosed = true;
    }

    void closeSent() {
        closeSent = true;
    }

    /** Only the connection's event loop counts, so the volatile counters need no lock. */
    void messageIn(int frames) {
        messagesIn++;
        mostFramesInOneMessage = Math.max(mostFramesInOneMessage, frames);
    }

    void messageOut() {
        messagesOut++;
    }
}
