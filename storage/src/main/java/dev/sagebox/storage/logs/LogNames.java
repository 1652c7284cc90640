package dev.sagebox.storage.logs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Group and stream names as file names, reversibly: letters, digits, {@code -} and {@code _} stay, every other byte
 * of the UTF-8 name becomes {@code %XX} ({@code /} and {@code .} too, so no name can climb out of its directory).
 */
final class LogNames {
    private LogNames() {
    }

    static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    static String decode(String file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(file.length());
        for (int i = 0; i < file.length(); i++) {
            char c = file.charAt(i);
            if (c == '%' && i + 2 < file.length()) {
                bytes.write(HexFormat.fromHexDigits(file, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
