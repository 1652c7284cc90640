package dev.sagebox.api.ops;

import dev.sagebox.api.wire.TagWire;
import dev.sagebox.api.wire.TagsWire;
import dev.sagebox.core.Tag;
import java.util.List;
import java.util.Map;

/** AddTags, ListTags and DeleteTags on the wire. */
public final class TagOperations {
    private final TagService tags;

    public TagOperations(TagService tags) {
        this.tags = tags;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("AddTags", TagsWire.AddRequest.class,
                r -> new TagsWire.AddResponse(wire(tags.add(r.resourceArn(), r.tags()))));
        registry.add("ListTags", TagsWire.ListRequest.class, this::list);
        registry.add("DeleteTags", TagsWire.DeleteRequest.class, r -> {
            tags.delete(r.resourceArn(), r.tagKeys());
            return Map.of();
        });
    }

    /** A resource carries at most 50 tags, so one page of MaxResults (at least 50) holds them all. */
    private TagsWire.ListResponse list(TagsWire.ListRequest r) {
        return new TagsWire.ListResponse(wire(tags.list(r.resourceArn())), null);
    }

    static List<TagWire> wire(List<Tag> tags) {
        return tags.stream().map(t -> new TagWire(t.key(), t.value())).toList();
    }
}
