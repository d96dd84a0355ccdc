package io.grantgate.provision;

/** An admin change did not happen (or only partly, as the message says); the message says what to do. */
public final class ChangeFailedException extends Exception {

    public ChangeFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChangeFailedException(String message) {
        super(message);
    }
}
