package chat.loadtest;

/** The command line is wrong; the message says how. Leads to exit code 2 and the usage text. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
