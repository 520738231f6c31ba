package io.github.maillog.testing;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads a value out of an event by a dotted path of accessor names, as test data names fields:
 * {@code client.address}, {@code commands[1].total}, {@code envelope.pid}. Optionals are unwrapped
 * (an empty one reads as {@code null}).
 */
public final class FieldPath {

    private FieldPath() {
    }

    /** The value at {@code path} in {@code root}; throws when a name is no accessor. */
    public static Object read(Object root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            int index = -1;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                part = part.substring(0, bracket);
            }
            current = unwrap(call(current, part, path));
            if (index >= 0) {
                current = unwrap(((List<?>) current).get(index));
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static Object call(Object target, String name, String path) {
        if (target == null) {
            throw new IllegalArgumentException("null before '" + name + "' in " + path);
        }
        if (target instanceof Map<?, ?> map) {
            return map.get(name);
        }
        try {
            Method m = target.getClass().getMethod(name);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(target.getClass().getSimpleName() + " has no field '" + name
                    + "' (path " + path + ")", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object unwrap(Object value) {
        if (value instanceof Optional<?> o) {
            return o.orElse(null);
        }
        if (value instanceof OptionalInt o) {
            return o.isPresent() ? o.getAsInt() : null;
        }
        if (value instanceof OptionalLong o) {
            return o.isPresent() ? o.getAsLong() : null;
        }
        if (value instanceof OptionalDouble o) {
            return o.isPresent() ? o.getAsDouble() : null;
        }
        return value;
    }

    /** Whether an actual value matches what test data expects (numbers by value, enums by name). */
    public static boolean matches(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number e && actual instanceof Number a) {
            return Double.compare(e.doubleValue(), a.doubleValue()) == 0;
        }
        if (actual instanceof Enum<?> en) {
            return en.name().equalsIgnoreCase(String.valueOf(expected));
        }
        if (expected instanceof List<?> el && actual instanceof List<?> al) {
            if (el.size() != al.size()) {
                return false;
            }
            for (int i = 0; i < el.size(); i++) {
                if (!matches(el.get(i), unwrap(al.get(i)))) {
                    return false;
                }
            }
            return true;
        }
        return String.valueOf(expected).equals(String.valueOf(actual));
    }
}
