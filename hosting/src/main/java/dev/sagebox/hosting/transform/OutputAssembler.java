package dev.sagebox.hosting.transform;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** Writes the outputs of one object in input order: AssembleWith Line puts a newline after each record's output (not doubling one already there); None concatenates. */
public final class OutputAssembler {
    private final AssemblyType type;
    private final OutputStream out;

    public OutputAssembler(AssemblyType type, OutputStream out) {
        this.type = Objects.requireNonNull(type, "type");
        this.out = Objects.requireNonNull(out, "out");
    }

    public void append(byte[] output) {
        try {
            out.write(output);
            if (type == AssemblyType.LINE && (output.length == 0 || output[output.length - 1] != '\n')) {
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes; the caller owns and closes the stream. */
    public void finish() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
