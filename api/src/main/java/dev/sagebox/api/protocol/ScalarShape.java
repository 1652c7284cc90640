package dev.sagebox.api.protocol;

/** A shape that only constrains the JSON type of its value: boolean, timestamp, blob. */
record ScalarShape(String name, Kind kind) implements Shape {
    /** What JSON the scalar travels as in AWS JSON 1.1. */
    enum Kind {
        /** A JSON true or false; the strings "true" and "false" are not accepted. */
        BOOLEAN("a Boolean"),
        /** Epoch seconds as a JSON number, integral or with a fraction. */
        TIMESTAMP("a Timestamp"),
        /** Base64 text. */
        BLOB("a Blob");

        private final String article;

        Kind(String article) {
            this.article = article;
        }

        String article() {
            return article;
        }
    }
}
