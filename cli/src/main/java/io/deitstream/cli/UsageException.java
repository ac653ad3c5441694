package io.deitstream.cli;

/** A command line the user must fix; the launcher prints the message and usage, and exits 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
