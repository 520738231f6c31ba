package io.github.maillog.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table for terminals: columns padded to their widest cell, numbers right-aligned
 * and grouped by thousands as in the report,
 * every cell passed through {@link Escapes#visible} and cut at a maximum width so that one
 * attacker-made value cannot flood the screen.
 *
 * <pre>{@code
 * Table t = new Table("ip", "connections").right(1);
 * t.row("192.0.2.7", 12);
 * t.print(out);
 * }</pre>
 */
final class Table {

    /** The widest a cell is printed by default; longer text ends in {@code …}. */
    static final int MAX_CELL = 80;

    private final String[] headers;
    private int maxCell = MAX_CELL;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers.clone();
        this.right = new boolean[headers.length];
    }

    /** Right-aligns the given columns (numbers). */
    Table right(int... columns) {
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    /** Sets the widest a cell is printed (cells already added keep their width). */
    Table maxCell(int width) {
        this.maxCell = Math.max(8, width);
        return this;
    }

    /** Adds a row; values are shown with {@code String.valueOf}, null as empty. */
    Table row(Object... values) {
        if (values.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + values.length);
        }
        String[] cells = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = cell(values[i], maxCell);
        }
        rows.add(cells);
        return this;
    }

    /** A cell's text: escaped and cut to {@link #MAX_CELL}. */
    static String cell(Object value) {
        return cell(value, MAX_CELL);
    }

    /** A cell's text: escaped and cut to {@code max} characters; whole numbers grouped ({@code 12,345}). */
    static String cell(Object value, int max) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        String s = Escapes.visible(value == null ? "" : String.valueOf(value));
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never cut a character in two
        }
        return s.substring(0, end) + "…";
    }

    /** Prints the header, a rule and the rows. */
    void print(PrintWriter out) {
        print(out, "", true);
    }

    /**
     * Prints the table with every line indented, and the header and its rule only when asked.
     *
     * @param out where to print
     * @param indent the text before each line
     * @param header whether to print the header and its rule
     */
    void print(PrintWriter out, String indent, boolean header) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        if (header) {
            line(out, indent, headers, width);
            String[] rule = new String[headers.length];
            for (int i = 0; i < rule.length; i++) {
                rule[i] = "-".repeat(width[i]);
            }
            line(out, indent, rule, width);
        }
        for (String[] r : rows) {
            line(out, indent, r, width);
        }
    }

    private void line(PrintWriter out, String indent, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append("  ");
            }
            String c = cells[i];
            int pad = width[i] - c.length();
            if (right[i]) {
                b.append(" ".repeat(pad)).append(c);
            } else if (i == cells.length - 1) {
                b.append(c);
            } else {
                b.append(c).append(" ".repeat(pad));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
