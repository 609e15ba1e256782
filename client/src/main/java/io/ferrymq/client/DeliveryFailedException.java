package io.ferrymq.client;

/**
 * A sent message was not accepted: the receiver rejected, released or modified it. {@link #state()}
 * is the outcome it gave.
 */
public class DeliveryFailedException extends ClientException {
    private final DeliveryState state;

    public DeliveryFailedException(DeliveryState state) {
        super("the message was not accepted: " + state);
        this.state = state;
    }

    public DeliveryState state() {
        return state;
    }
}
