package io.github.maillog.cli;

import java.util.List;

/**
 * Short renderings of lists for tables: the first few items, then how many more.
 *
 * <pre>{@code
 * Lists.brief(List.of("a", "b", "c", "d"), 2);   // "a, b (+2)"
 * }</pre>
 */
final class Lists {

    private Lists() {
    }

    static String brief(List<?> items, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(max, items.size()); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(items.get(i));
        }
        if (items.size() > max) {
            b.append(" (+").append(items.size() - max).append(')');
        }
        return b.toString();
    }
}
