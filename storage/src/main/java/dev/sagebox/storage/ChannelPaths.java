package dev.sagebox.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where channel objects land below the channel directory, and the checks that keep them there. */
final class ChannelPaths {
    private ChannelPaths() {}

    /**
     * The path of {@code key} below the channel directory for an S3Prefix channel on {@code prefix}:
     * the last segment when the key is the prefix itself; the rest after the prefix when the prefix ends a folder
     * ("data/" or "data" followed by '/'); otherwise the key relative to the prefix's folder, so that prefix
     * "data/tr" delivers "data/train.csv" as "train.csv".
     */
    static String relativeToPrefix(String prefix, String key) {
        if (key.equals(prefix)) {
            return key.substring(key.lastIndexOf('/') + 1);
        }
        String rest = key.substring(prefix.length());
        if (prefix.isEmpty() || prefix.endsWith("/") || rest.startsWith("/")) {
            return stripLeadingSlashes(rest);
        }
        return key.substring(prefix.lastIndexOf('/') + 1);
    }

    /** Returns {@code relative} when it stays below the channel directory, else a user-facing error naming it. */
    static String checkInside(S3Location object, String relative) {
        if (relative.startsWith("/") || canonical(relative).isEmpty()) {
            throw new ChannelResolutionException("ClientError: S3 object \"" + object + "\" cannot be delivered: its"
                    + " path \"" + relative + "\" in the channel is not a relative file name.");
        }
        for (String segment : relative.split("/")) {
            if (segment.equals("..")) {
                throw new ChannelResolutionException("ClientError: S3 object \"" + object + "\" cannot be delivered:"
                        + " its path \"" + relative + "\" contains '..' and would leave the channel directory.");
            }
        }
        return relative;
    }

    /**
     * Refuses two objects landing on one file, or one object landing where another needs a directory: in File mode
     * either would silently lose data.
     */
    static void checkNoCollisions(List<ChannelObject> objects) {
        Map<String, ChannelObject> byPath = new LinkedHashMap<>();
        for (ChannelObject object : objects) {
            ChannelObject earlier = byPath.putIfAbsent(canonical(object.relativePath()), object);
            if (earlier == null) {
                continue;
            }
            if (earlier.location().equals(object.location())) {
                throw new ChannelResolutionException(
                        "ClientError: S3 object \"" + object.location() + "\" is listed more than once in the channel.");
            }
            throw new ChannelResolutionException("ClientError: S3 objects \"" + earlier.location() + "\" and \""
                    + object.location() + "\" would both be delivered as \"" + object.relativePath()
                    + "\" in the channel.");
        }
        for (Map.Entry<String, ChannelObject> entry : byPath.entrySet()) {
            String path = entry.getKey();
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                ChannelObject parent = byPath.get(path.substring(0, slash));
                if (parent != null) {
                    throw new ChannelResolutionException("ClientError: S3 objects \"" + parent.location()
                            + "\" and \"" + entry.getValue().location() + "\" cannot both be delivered: \""
                            + parent.relativePath() + "\" would have to be both a file and a directory.");
                }
            }
        }
    }

    /** The file the path names: empty and "." segments do not change it. */
    private static String canonical(String relative) {
        StringBuilder out = new StringBuilder();
        for (String segment : relative.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        return out.toString();
    }

    private static String stripLeadingSlashes(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) == '/') {
            i++;
        }
        return text.substring(i);
    }
}
