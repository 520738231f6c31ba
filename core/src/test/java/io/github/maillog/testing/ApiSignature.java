package io.github.maillog.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public API of a module as text, one line per public or protected type, constructor, method
 * and field of its exported packages, sorted; and the check that compares it with the signature
 * file committed beside the module ({@code api/NAME.api}).
 *
 * <p>There is no released version to compare against yet, so the committed file is the reference:
 * a change to the API fails the build until the file is regenerated, which makes every API change
 * a visible line in a review. To accept a change:
 *
 * <pre>{@code
 * mvn -B test -pl core,jackson -am -Dtest=ApiSignatureTest -Dsurefire.failIfNoSpecifiedTests=false -Dmaillog.api.update=true
 * }</pre>
 */
public final class ApiSignature {

    /** The system property that rewrites the signature file instead of failing. */
    public static final String UPDATE = "maillog.api.update";

    /** The command that regenerates every signature file. */
    public static final String UPDATE_COMMAND = "mvn -B test -pl core,jackson -am -Dtest=ApiSignatureTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE + "=true";

    private ApiSignature() {
    }

    /**
     * The API of the compiled module in {@code classes}: every public or protected type,
     * constructor, method and field of its unqualified exports, one per line, sorted.
     *
     * @param classes the module's compiled classes (with {@code module-info.class})
     * @return the lines
     */
    public static List<String> of(Path classes) {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>();
        lines.add("module " + descriptor.name());
        Map<String, List<String>> types = new TreeMap<>();
        for (ModuleDescriptor.Exports export : descriptor.exports()) {
            if (export.isQualified()) {
                continue;
            }
            lines.add("exports " + export.source());
            Path dir = classes.resolve(export.source().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = export.source() + "." + file.getFileName().toString().replace(".class", "");
                    if (name.endsWith(".package-info")) {
                        continue;
                    }
                    Class<?> type = load(name);
                    if (visible(type)) {
                        types.put(type.getName(), describe(type));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        lines.sort((a, b) -> a.startsWith("module") ? -1 : b.startsWith("module") ? 1 : a.compareTo(b));
        types.values().forEach(lines::addAll);
        return lines;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSignature.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    /** Whether a type can be named outside its package: public, and every enclosing type too. */
    private static boolean visible(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            int m = c.getModifiers();
            boolean nested = c.getDeclaringClass() != null;
            if (!(Modifier.isPublic(m) || (nested && Modifier.isProtected(m)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(Member member) {
        int m = member.getModifiers();
        return (Modifier.isPublic(m) || Modifier.isProtected(m)) && !member.isSynthetic()
                && !(member instanceof Method method && method.isBridge());
    }

    /** The type's declaration, then its members, sorted and indented, without the type's name. */
    private static List<String> describe(Class<?> type) {
        StringBuilder header = new StringBuilder(type.toGenericString());
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            header.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            header.append(type.isInterface() ? " extends " : " implements ");
            header.append(String.join(", ", Arrays.stream(interfaces).map(Type::getTypeName).toList()));
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null) {
            header.append(" permits ").append(String.join(", ",
                    Arrays.stream(permitted).map(Class::getName).sorted().toList()));
        }
        Set<String> members = new TreeSet<>();
        String owner = " " + type.getTypeName() + ".";
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c)) {
                members.add("  " + c.toGenericString());
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m)) {
                members.add("  " + m.toGenericString().replace(owner, " "));
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f)) {
                members.add("  " + f.toGenericString().replace(owner, " "));
            }
        }
        List<String> out = new ArrayList<>();
        out.add(header.toString());
        out.addAll(members);
        return out;
    }

    /**
     * Compares the module's API with its committed signature file. With
     * {@code -Dmaillog.api.update=true} the file is rewritten instead.
     *
     * @param classes the module's compiled classes
     * @param signatureFile the committed file, e.g. {@code api/maillog-core.api}
     * @throws AssertionError when they differ: the lines removed and added, and the command that
     *     accepts the change
     */
    public static void check(Path classes, Path signatureFile) {
        List<String> current = of(classes);
        String text = String.join("\n", current) + "\n";
        if (Boolean.getBoolean(UPDATE)) {
            try {
                Files.createDirectories(signatureFile.toAbsolutePath().getParent());
                Files.writeString(signatureFile, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        List<String> committed;
        try {
            committed = Files.exists(signatureFile)
                    ? Files.readAllLines(signatureFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (committed.equals(current)) {
            return;
        }
        Set<String> before = new LinkedHashSet<>(committed);
        Set<String> after = new LinkedHashSet<>(current);
        StringBuilder diff = new StringBuilder();
        diff.append("The public API differs from ").append(signatureFile).append(" (- committed, + compiled):\n");
        appendMissing(diff, "- ", committed, after);
        appendMissing(diff, "+ ", current, before);
        diff.append("If the change is meant, regenerate the signature files and commit them:\n  ")
                .append(UPDATE_COMMAND).append('\n');
        throw new AssertionError(diff.toString());
    }

    /** Appends each line of {@code lines} not in {@code other}, a member with its type's line above it. */
    private static void appendMissing(StringBuilder diff, String sign, List<String> lines, Set<String> other) {
        String type = null;
        for (String line : lines) {
            boolean member = line.startsWith("  ");
            if (!member) {
                type = line;
            }
            if (!other.contains(line)) {
                if (member && type != null) {
                    diff.append("  in ").append(type).append('\n');
                }
                diff.append(sign).append(line.strip()).append('\n');
            }
        }
    }
}
