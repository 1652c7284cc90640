package dev.sagebox.storage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The path rules shared by packing and extraction: entry names and link targets that stay inside the archive root. */
final class ArchivePaths {
    private ArchivePaths() {}

    /**
     * The entry name as a clean relative path ("a/b", "" for the root itself), or the reason it is unsafe.
     * Inner ".." segments that stay inside are folded away, so later steps never see "..".
     */
    static Normalized normalize(String name) {
        if (name.isEmpty()) {
            return Normalized.unsafe("the name is empty");
        }
        if (name.indexOf('\0') >= 0) {
            return Normalized.unsafe("the name contains a NUL character");
        }
        if (name.startsWith("/")) {
            return Normalized.unsafe("absolute paths are not allowed");
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return Normalized.unsafe("'..' would leave the target directory");
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return new Normalized(Optional.of(String.join("/", segments)), "");
    }

    /**
     * Why a symbolic link at {@code entry} (a normalized name) pointing to {@code target} could lead outside the root,
     * or empty when it cannot. Only leading ".." segments are allowed: after a real segment, a ".." would be resolved
     * by the kernel relative to wherever that segment (perhaps itself a link) points, which a text check cannot see.
     */
    static Optional<String> linkProblem(String entry, String target) {
        if (target.isEmpty()) {
            return Optional.of("the symbolic link has an empty target");
        }
        if (target.startsWith("/")) {
            return Optional.of("the symbolic link points to the absolute path \"" + target + "\"");
        }
        if (target.indexOf('\0') >= 0) {
            return Optional.of("the symbolic link target contains a NUL character");
        }
        int ups = 0;
        boolean descended = false;
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (descended) {
                    return Optional.of("the symbolic link target \"" + target
                            + "\" uses '..' after a directory name; only leading '..' segments are allowed");
                }
                ups++;
            } else {
                descended = true;
            }
        }
        int depth = entry.isEmpty() ? 0 : List.of(entry.split("/")).size() - 1;
        if (ups > depth) {
            return Optional.of("the symbolic link points to \"" + target + "\", outside the target directory");
        }
        return Optional.empty();
    }

    /** A normalized entry name, or the reason there is none. */
    record Normalized(Optional<String> path, String problem) {
        static Normalized unsafe(String problem) {
            return new Normalized(Optional.empty(), problem);
        }
    }
}
