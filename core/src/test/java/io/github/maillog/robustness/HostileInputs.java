package io.github.maillog.robustness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The hostile input of {@code robustness/hostile-inputs.yaml}: fragments to insert into real lines,
 * envelopes and body pieces to build near-valid bodies from, and whole files with their expected
 * event types.
 */
public final class HostileInputs {

    /** A named piece of bytes. */
    public record Fragment(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A whole input and the type (and truncation flag, where given) of each of its lines. */
    public record File(String name, byte[] bytes, List<String> types, List<Boolean> truncated) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Map<String, Object> SPEC = load();

    private HostileInputs() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (InputStream in = HostileInputs.class.getResourceAsStream("/robustness/hostile-inputs.yaml")) {
            if (in == null) {
                throw new IllegalStateException("test resource robustness/hostile-inputs.yaml is missing");
            }
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fragments an attacker can put into a line. */
    @SuppressWarnings("unchecked")
    public static List<Fragment> fragments() {
        List<Fragment> out = new ArrayList<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) SPEC.get("fragments")) {
            out.add(new Fragment((String) f.get("name"), bytes(f)));
        }
        return out;
    }

    /** Envelopes of Postfix programs, each ending where the body starts. */
    @SuppressWarnings("unchecked")
    public static List<byte[]> envelopes() {
        return ((List<String>) SPEC.get("envelopes")).stream().map(HostileInputs::utf8).toList();
    }

    /** Tokens and near-tokens of the grammars. */
    @SuppressWarnings("unchecked")
    public static List<byte[]> bodyPieces() {
        return ((List<String>) SPEC.get("bodyPieces")).stream().map(HostileInputs::utf8).toList();
    }

    /** Whole inputs with their expected outcome. */
    @SuppressWarnings("unchecked")
    public static List<File> files() {
        List<File> out = new ArrayList<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) SPEC.get("files")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (Map<String, Object> part : (List<Map<String, Object>>) f.get("parts")) {
                b.writeBytes(bytes(part));
            }
            out.add(new File((String) f.get("name"), b.toByteArray(), (List<String>) f.get("types"),
                    (List<Boolean>) f.getOrDefault("truncated", List.of())));
        }
        return out;
    }

    private static byte[] bytes(Map<String, Object> piece) {
        if (piece.containsKey("text")) {
            return utf8((String) piece.get("text"));
        }
        if (piece.containsKey("hex")) {
            String[] hex = ((String) piece.get("hex")).trim().split("\\s+");
            byte[] b = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) {
                b[i] = (byte) Integer.parseInt(hex[i], 16);
            }
            return b;
        }
        if (piece.containsKey("repeat")) {
            return utf8(((String) piece.get("repeat")).repeat((Integer) piece.get("times")));
        }
        throw new IllegalArgumentException("a piece needs text, hex or repeat: " + piece);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
