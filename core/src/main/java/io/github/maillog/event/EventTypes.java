package io.github.maillog.event;

import java.util.Locale;

/** Derives the documented type names of events from their record names. */
final class EventTypes {

    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return kebab(type.getSimpleName());
        }
    };

    private EventTypes() {
    }

    static String nameOf(Class<?> type) {
        return NAMES.get(type);
    }

    /** {@code SmtpdConnect} → {@code smtpd-connect}; {@code UnrecognizedLine} → {@code unrecognized}. */
    static String kebab(String simpleName) {
        String name = simpleName.endsWith("Line") ? simpleName.substring(0, simpleName.length() - 4) : simpleName;
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('-');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
