package io.github.maillog.flink;

import io.github.maillog.LogInput;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out files oldest first within each rotated set ({@code mail.log.2.gz}, {@code mail.log.1},
 * {@code mail.log}), as the command-line tool reads them ({@link LogInput#rotationOrder}), and
 * otherwise in the order found. A reader that reads several files of a host one after the other
 * so goes forward in log time, and its watermark does not run ahead of an older file it has yet
 * to read. Splits added later (files found by monitoring) go last, in the same order among
 * themselves.
 */
final class RotationOrderAssigner implements FileSplitAssigner {

    private final Deque<FileSourceSplit> splits = new ArrayDeque<>();

    RotationOrderAssigner(Collection<FileSourceSplit> initial) {
        addSplits(initial);
    }

    /** The provider to give to the source's builder. */
    static Provider provider() {
        return RotationOrderAssigner::new;
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(splits.pollFirst());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> added) {
        Map<LogInput, FileSourceSplit> byInput = new IdentityHashMap<>();
        List<LogInput> inputs = new ArrayList<>(added.size());
        for (FileSourceSplit s : added) {
            LogInput in = LogInput.of(LogEventFormat.sourceName(s.path()), InputStream::nullInputStream, null);
            byInput.put(in, s);
            inputs.add(in);
        }
        for (LogInput in : LogInput.rotationOrder(inputs)) {
            splits.addLast(byInput.get(in));
        }
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(splits);
    }
}
