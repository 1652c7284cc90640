package dev.sagebox.core;

import java.util.List;

/** Tags of any resource, keyed by its ARN. */
public interface TagRepository {
    /** Adds or overwrites; refuses (ValidationException) when the resource would carry more than {@code limit} tags. */
    void addTags(Arn resource, List<Tag> tags, int limit);

    List<Tag> listTags(Arn resource);

    void deleteTags(Arn resource, List<String> keys);

    void deleteAll(Arn resource);
}
