package dev.sagebox.api.ops;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.api.wire.TagWire;
import dev.sagebox.core.Arn;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ResourceRepository;
import dev.sagebox.core.ResourceType;
import dev.sagebox.core.Tag;
import dev.sagebox.core.TagRepository;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Tags of every resource type: the rules SageMaker applies on top of the tag store. */
public final class TagService {
    static final int MAX_TAGS = 50;

    private final TagRepository tags;
    private final AwsScope scope;
    private final Map<ResourceType, ResourceRepository<?>> resources;

    public TagService(TagRepository tags, AwsScope scope, Map<ResourceType, ResourceRepository<?>> resources) {
        this.tags = tags;
        this.scope = scope;
        this.resources = new EnumMap<>(resources);
    }

    /** Refuses tags SageMaker refuses, before the resource they come with is created. */
    public List<Tag> checked(List<TagWire> wire) {
        if (wire == null) {
            return List.of();
        }
        List<Tag> out = wire.stream().map(t -> new Tag(t.key(), t.value())).toList();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Tag tag : out) {
            if (!keys.add(tag.key())) {
                throw validation("Duplicate tag key '%s': each key may appear once in a request.", tag.key());
            }
            if (tag.key().regionMatches(true, 0, "aws:", 0, 4)) {
                throw validation("Tag keys starting with 'aws:' are reserved for AWS use: '%s'.", tag.key());
            }
        }
        return out;
    }

    public void tagNew(Arn resource, List<Tag> initial) {
        if (!initial.isEmpty()) {
            tags.addTags(resource, initial, MAX_TAGS);
        }
    }

    public List<Tag> add(String resourceArn, List<TagWire> wire) {
        List<Tag> added = checked(wire);
        tags.addTags(existing(resourceArn), added, MAX_TAGS);
        return added;
    }

    public List<Tag> list(String resourceArn) {
        return tags.listTags(existing(resourceArn));
    }

    public void delete(String resourceArn, List<String> keys) {
        tags.deleteTags(existing(resourceArn), keys);
    }

    /** Drops the tags of a deleted resource, so one re-created under the same name starts untagged. */
    public void forget(Arn resource) {
        tags.deleteAll(resource);
    }

    private Arn existing(String resourceArn) {
        Arn arn = Arn.parse(resourceArn)
                .filter(a -> a.accountId().equals(scope.accountId()) && a.region().equals(scope.region()))
                .orElseThrow(TagService::noSuchResource);
        ResourceRepository<?> repository = resources.get(arn.type());
        if (repository == null || repository.find(arn.resourceName()).isEmpty()) {
            throw noSuchResource();
        }
        return arn;
    }

    private static RuntimeException noSuchResource() {
        return validation("Resource does not exist");
    }
}
