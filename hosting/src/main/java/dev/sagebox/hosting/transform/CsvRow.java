package dev.sagebox.hosting.transform;

/** A CSV row seen as a JSON array of its columns, in bytes: a filter copies column ranges, never parses values. */
final class CsvRow {
    private CsvRow() {
    }

    /** The columns of {@code row} that {@code path} selects, joined with ','. */
    static byte[] select(byte[] row, JsonPath path) {
        int[] bounds = bounds(row);
        int[] columns = path.columns(bounds.length / 2);
        int size = Math.max(0, columns.length - 1);
        for (int c : columns) {
            size += bounds[2 * c + 1] - bounds[2 * c];
        }
        byte[] out = new byte[size];
        int at = 0;
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            int start = bounds[2 * columns[i]];
            int length = bounds[2 * columns[i] + 1] - start;
            System.arraycopy(row, start, out, at, length);
            at += length;
        }
        return out;
    }

    /** Start and end offsets of each column, pairwise; a comma inside double quotes does not split. */
    static int[] bounds(byte[] row) {
        JsonPath.IntList bounds = new JsonPath.IntList();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < row.length; i++) {
            byte b = row[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (b == ',' && !quoted) {
                bounds.add(start);
                bounds.add(i);
                start = i + 1;
            }
        }
        bounds.add(start);
        bounds.add(row.length);
        return bounds.toArray();
    }

    /** {@code input + "," + answer}. */
    static byte[] join(byte[] input, byte[] answer) {
        byte[] out = new byte[input.length + 1 + answer.length];
        System.arraycopy(input, 0, out, 0, input.length);
        out[input.length] = ',';
        System.arraycopy(answer, 0, out, input.length + 1, answer.length);
        return out;
    }
}
