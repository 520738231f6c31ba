package io.github.maillog.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower through every way a log file changes under its name. */
class FileFollowerTest {

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    private FileFollower follower(Path log) {
        return new FileFollower(log, "maillog", 2049);
    }

    private void poll(FileFollower f) throws IOException {
        f.poll((text, n) -> lines.add(text), Long.MAX_VALUE);
    }

    private static void append(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void startsAtTheEndByDefaultAndAtTheStartOnRequest() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "old 1\nold 2\n");
        try (FileFollower f = follower(log)) {
            f.start(null, false);
            poll(f);
            assertThat(lines).isEmpty();
            append(log, "new 1\n");
            poll(f);
            assertThat(lines).containsExactly("new 1");
        }
        lines.clear();
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            assertThat(lines).containsExactly("old 1", "old 2", "new 1");
        }
    }

    @Test
    void startingAtTheEndSkipsAHalfWrittenLastLineAsAWhole() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "old 1\nhalf");
        try (FileFollower f = follower(log)) {
            f.start(null, false);
            append(log, " written\nnew\n");
            poll(f);
            assertThat(lines).containsExactly("half written", "new");
        }
    }

    @Test
    void aPartialLineWaitsForItsNewline() throws IOException {
        Path log = dir.resolve("maillog");
        Files.createFile(log);
        try (FileFollower f = follower(log)) {
            f.start(null, false);
            append(log, "one\ntw");
            poll(f);
            assertThat(lines).containsExactly("one");
            assertThat(f.position().offset()).isEqualTo(4);
            append(log, "o\r\n");
            poll(f);
            assertThat(lines).containsExactly("one", "two");
            assertThat(f.position().offset()).isEqualTo(9);
            assertThat(f.position().line()).isEqualTo(2);
        }
    }

    @Test
    void rotationByRenameReadsTheOldFileToItsEndThenTheNewOne() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "a\n");
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            Files.move(log, dir.resolve("maillog.1"));
            append(dir.resolve("maillog.1"), "b (written to the old file before the reopen)\n");
            append(log, "c\n");
            poll(f); // reads b from the old file; it gave something, so it is not left yet
            poll(f); // the old file is quiet: on to the new one
            append(log, "d\n");
            poll(f);
            assertThat(lines).containsExactly("a", "b (written to the old file before the reopen)", "c", "d");
            assertThat(f.counters().get("rotations")).isEqualTo(1);
            assertThat(f.position().line()).isEqualTo(2);
        }
    }

    @Test
    void copytruncateReadsTheFileAgainFromItsStart() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "first line of the day\nsecond\n");
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            Files.copy(log, dir.resolve("maillog.1"));
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            append(log, "x\n");
            poll(f);
            assertThat(lines).containsExactly("first line of the day", "second", "x");
            assertThat(f.counters().get("truncations")).isEqualTo(1);
        }
    }

    @Test
    void copytruncateIsSeenEvenWhenTheFileRegrewPastTheOldOffset() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "aaaa\n");
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            Files.write(log, "bbbbbbbbbbbbbbbbbb\ncccc\n".getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.TRUNCATE_EXISTING);
            poll(f);
            assertThat(lines).containsExactly("aaaa", "bbbbbbbbbbbbbbbbbb", "cccc");
        }
    }

    @Test
    void aFileThatDisappearsAndComesBackIsReadFromItsStart() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "a\n");
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            Files.delete(log);
            poll(f);
            poll(f);
            append(log, "b\n");
            poll(f);
            poll(f);
            assertThat(lines).containsExactly("a", "b");
        }
    }

    @Test
    void aFileThatDoesNotExistYetIsReadFromItsStartOnceItDoes() throws IOException {
        Path log = dir.resolve("maillog");
        try (FileFollower f = follower(log)) {
            f.start(null, false);
            poll(f);
            assertThat(f.position()).isNull();
            append(log, "a\n");
            poll(f);
            assertThat(lines).containsExactly("a");
        }
    }

    @Test
    void aGzipFileUnderTheNameIsNeverRead() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "a\n");
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            Path rotated = dir.resolve("maillog.1.gz");
            gzip(log, rotated);
            Files.delete(log);
            Files.copy(rotated, log); // a misconfigured rotation puts the compressed file under the name
            poll(f);
            poll(f);
            assertThat(lines).containsExactly("a");
            assertThat(f.counters().get("gzipIgnored")).isEqualTo(1);
        }
    }

    @Test
    void resumeReadsOnFromTheSavedOffset() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "a\nb\n");
        FilePosition saved;
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            saved = f.position();
        }
        append(log, "c\n");
        lines.clear();
        try (FileFollower f = follower(log)) {
            f.start(saved, false);
            poll(f);
            assertThat(lines).containsExactly("c");
            assertThat(f.position().line()).isEqualTo(3);
        }
    }

    @Test
    void resumeAfterARotationWhileStoppedReadsTheRestOfTheOldFileFirst() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "a\nb\n");
        FilePosition saved;
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            saved = f.position();
        }
        append(log, "c\n");
        Files.move(log, dir.resolve("maillog.1"));
        gzip(dir.resolve("maillog.1"), dir.resolve("maillog.2.gz")); // an older compressed one: never read
        append(log, "d\n");
        lines.clear();
        try (FileFollower f = follower(log)) {
            f.start(saved, false);
            poll(f);
            poll(f);
            assertThat(lines).containsExactly("c", "d");
        }
    }

    @Test
    void resumeAfterACopytruncateWhileStoppedFindsTheCopyByItsFingerprint() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "a\nb\n");
        FilePosition saved;
        try (FileFollower f = follower(log)) {
            f.start(null, true);
            poll(f);
            saved = f.position();
        }
        append(log, "c\n");
        Files.copy(log, dir.resolve("maillog.1"));
        Files.write(log, "d\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
        lines.clear();
        try (FileFollower f = follower(log)) {
            f.start(saved, false);
            poll(f);
            poll(f);
            assertThat(lines).containsExactly("c", "d");
        }
    }

    @Test
    void aLongLineIsCutInBytesAndMarkedOneByteOver() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "x".repeat(100_000) + "\nshort\n");
        try (FileFollower f = new FileFollower(log, "maillog", 100)) {
            f.start(null, true);
            poll(f);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).hasSize(101);
            assertThat(lines.get(1)).isEqualTo("short");
        }
    }

    private static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
    }
}
