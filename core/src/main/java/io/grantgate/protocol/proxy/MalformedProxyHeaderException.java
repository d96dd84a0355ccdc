package io.grantgate.protocol.proxy;

/**
 * Bytes that are not a valid PROXY protocol header. The specification has the receiver drop such a
 * connection: there is no way to tell the sender, whose protocol has no error message.
 */
public final class MalformedProxyHeaderException extends Exception {

    public MalformedProxyHeaderException(String message) {
        super(message);
    }
}
