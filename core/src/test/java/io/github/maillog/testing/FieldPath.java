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
 * {@code client.address}, {@code commands[1].total}, {@code commands[command=ehlo].total} (the
 * first element whose field has that value), {@code envelope.pid}. Optionals are unwrapped
 * (an empty one reads as {@code null}).
 */
public final class FieldPath {

    private FieldPath() {
    }

    /** The value at {@code path} in {@code root}; throws when a name is no accessor. */
    public static Object read(Object root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            String selector = null;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                selector = part.substring(bracket + 1, part.length() - 1);
                part = part.substring(0, bracket);
            }
            current = unwrap(call(current, part, path));
            if (selector != null) {
                current = select((List<?>) current, selector, path);
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** {@code [2]} picks by index; {@code [command=ehlo]} picks the first element whose field matches. */
    private static Object select(List<?> list, String selector, String path) {
        int eq = selector.indexOf('=');
        if (eq < 0) {
            int index = Integer.parseInt(selector);
            return index < list.size() ? unwrap(list.get(index)) : null;
        }
        String field = selector.substring(0, eq);
        String value = selector.substring(eq + 1);
        for (Object element : list) {
            if (value.equals(String.valueOf(unwrap(call(element, field, path))))) {
                return element;
            }
        }
        return null;
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
        if (expected instanceof String e && actual instanceof Number a && e.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return Double.compare(Double.parseDouble(e), a.doubleValue()) == 0;
        }
        if (actual instanceof Enum<?> en) {
            // enum constants by name; test data may write a logged form such as undeliverable-but-not-cached
            // or COMMAND TIME LIMIT
            return en.name().equalsIgnoreCase(String.valueOf(expected).replace('-', '_').replace(' ', '_'));
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
