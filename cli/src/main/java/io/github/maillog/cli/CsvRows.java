package io.github.maillog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes the rows of {@code accounts --format csv} and {@code clients --format csv}: a header of
 * the view's JSON field names, then one row per view, written by Jackson's CSV writer (RFC 4180
 * quoting). Every cell is safe to open in a spreadsheet and to print on a terminal:
 *
 * <ul>
 *   <li>a cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage
 *       return (a formula to a spreadsheet) is prefixed with {@code '}, so it stays text;</li>
 *   <li>control and other unsafe characters are shown as visible escapes ({@link Escapes}), so no
 *       cell holds a line break or an escape sequence.</li>
 * </ul>
 *
 * <p>Values are written as in JSON (numbers, {@code true}/{@code false}, ISO-8601 instants, enum
 * names); an absent value is an empty cell; a list is its items joined by {@code ;}, an object in a
 * list its values joined by {@code :} ({@code example.com:3}).
 *
 * <pre>{@code
 * try (CsvRows csv = new CsvRows(out, Views.Client.class)) {
 *     csv.write(Views.Client.of(client));
 * }
 * }</pre>
 */
final class CsvRows implements AutoCloseable {

    private static final CsvMapper MAPPER = new CsvMapper();

    private final PrintWriter out;
    private final RecordComponent[] columns;
    private final SequenceWriter rows;

    CsvRows(PrintWriter out, Class<? extends Record> view) {
        this.out = out;
        this.columns = view.getRecordComponents();
        CsvSchema.Builder schema = CsvSchema.builder();
        for (RecordComponent c : columns) {
            schema.addColumn(c.getName());
        }
        try {
            this.rows = MAPPER.writerFor(String[].class).with(schema.build().withHeader()).writeValues(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one view as one row. */
    void write(Record view) {
        String[] cells = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            try {
                cells[i] = cell(columns[i].getAccessor().invoke(view));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + columns[i].getName(), e);
            }
        }
        try {
            rows.write(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            rows.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.checkError()) {
            throw new OutputClosedException();
        }
    }

    /** The cell of one value: as in JSON, lists joined, then made safe. */
    static String cell(Object value) {
        if (Json.absent(value)) {
            return "";
        }
        return safe(text(Json.MAPPER.valueToTree(value)));
    }

    private static String text(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>(node.size());
            node.forEach(n -> items.add(text(n)));
            return String.join(";", items);
        }
        if (node.isObject()) {
            List<String> values = new ArrayList<>(node.size());
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                values.add(text(it.next()));
            }
            return String.join(":", values);
        }
        return node.isNull() ? "" : node.asText();
    }

    /**
     * The text made safe for spreadsheets and terminals: a formula-leading cell gets a {@code '}
     * in front, unsafe characters become visible escapes.
     *
     * @param text the raw text
     * @return what the cell holds
     */
    static String safe(String text) {
        boolean formula = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
        String visible = Escapes.visible(text);
        return formula ? "'" + visible : visible;
    }
}
