package dev.sagebox.api.wire;

import java.util.List;

/** Wire records of AddTags, ListTags and DeleteTags. */
public final class TagsWire {
    private TagsWire() {
    }

    /** AddTags input and output. */
    public record AddRequest(String resourceArn, List<TagWire> tags) {
    }

    /** AddTags output. */
    public record AddResponse(List<TagWire> tags) {
    }

    /** ListTags input. */
    public record ListRequest(String resourceArn, String nextToken, Integer maxResults) {
    }

    /** ListTags output. */
    public record ListResponse(List<TagWire> tags, String nextToken) {
    }

    /** DeleteTags input. */
    public record DeleteRequest(String resourceArn, List<String> tagKeys) {
    }
}
