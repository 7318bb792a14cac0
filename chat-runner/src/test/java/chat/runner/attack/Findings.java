package chat.runner.attack;

import org.junit.jupiter.api.function.Executable;
import org.opentest4j.MultipleFailuresError;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts on one attack. Each {@link #check} runs at once and records its failure instead of
 * throwing it, so later checks (bystanders, heap, stack traces) still run and the report names
 * every way the server fell short, not only the first. {@link #report} throws them all together.
 * One thread.
 */
final class Findings {
    private final String attack;
    private final List<Throwable> failures = new ArrayList<>();

    Findings(String attack) {
        this.attack = attack;
    }

    /** Runs {@code check} now; a failure is recorded under {@code what} (the behaviour expected). */
    void check(String what, Executable check) {
        try {
            check.execute();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            failures.add(new AssertionError(what + ": " + failure.getMessage(), failure));
        }
    }

    /** Throws every recorded failure at once; does nothing when all checks passed. */
    void report() {
        if (!failures.isEmpty()) {
            throw new MultipleFailuresError(attack, failures);
        }
    }
}
