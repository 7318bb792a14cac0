package chat.loadtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand, {@code --name value} or {@code --name=value}. Only declared names
 * are accepted; every read is typed and range-checked and fails with a {@link UsageException} that
 * names the option.
 */
final class Options {
    private final Map<String, List<String>> values;

    private Options(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses {@code args}; {@code known} lists the accepted names without their dashes. */
    static Options parse(List<String> args, Set<String> known) throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return new Options(values);
    }

    /** The option's value, or {@code fallback}; giving it twice is an error. */
    String text(String name, String fallback) throws UsageException {
        List<String> given = values.get(name);
        if (given == null) {
            return fallback;
        }
        if (given.size() > 1) {
            throw new UsageException("--" + name + " is given more than once");
        }
        String value = given.get(0).trim();
        if (value.isEmpty()) {
            throw new UsageException("--" + name + " must not be empty");
        }
        return value;
    }

    /** Every value of a repeatable option, comma-separated values split; {@code fallback} when absent. */
    List<String> list(String name, String fallback) throws UsageException {
        List<String> given = values.getOrDefault(name, List.of(fallback));
        List<String> items = new ArrayList<>();
        for (String value : given) {
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
        }
        if (items.isEmpty()) {
            throw new UsageException("--" + name + " must not be empty");
        }
        return items;
    }

    int integer(String name, int fallback, int min, int max) throws UsageException {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new UsageException("--" + name + " must be " + min + "-" + max + ", got " + n);
        }
        return n;
    }

    double decimal(String name, double fallback, double min, double max) throws UsageException {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + value + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException("--" + name + " must be " + min + "-" + max + ", got " + value);
        }
        return d;
    }
}
