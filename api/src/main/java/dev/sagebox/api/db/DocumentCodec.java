package dev.sagebox.api.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns domain records into the JSON documents the record store keeps, and back, with a format version in each
 * document ({@value #FORMAT}). A record type's format is 1 plus the number of its upgrades: a document of an older
 * format is upgraded step by step before it is read, so renaming or retyping a record's field needs an upgrade here,
 * not a silent loss in existing homes. Documents written before formats were recorded have none and are format 1.
 * {@code RecordFormatTest} holds every record type to its stored shapes (golden fixtures).
 */
public final class DocumentCodec {
    /** The member that holds a document's format; no record has a component of that name. */
    public static final String FORMAT = "_format";

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<Class<?>, List<UnaryOperator<ObjectNode>>> upgrades;

    /** The codec of this build, with every record type's upgrades ({@link DocumentUpgrades}). */
    public DocumentCodec() {
        this(DocumentUpgrades.ALL);
    }

    /**
     * @param upgrades per record type, the upgrade from format 1 to 2 first, then from 2 to 3, and so on; a type
     *     without upgrades is at format 1
     */
    DocumentCodec(Map<Class<?>, List<UnaryOperator<ObjectNode>>> upgrades) {
        this.upgrades = Map.copyOf(upgrades);
    }

    /** The format this build writes for {@code type}. */
    public int format(Class<?> type) {
        return upgrades.getOrDefault(type, List.of()).size() + 1;
    }

    public String write(Object value) {
        try {
            ObjectNode document = mapper.valueToTree(value);
            ObjectNode versioned = mapper.createObjectNode().put(FORMAT, format(value.getClass()));
            versioned.setAll(document);
            return mapper.writeValueAsString(versioned);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.treeToValue(upgraded(json, type), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }

    /** The stored document in this build's format for {@code type}, before it becomes a record. */
    ObjectNode upgraded(String json, Class<?> type) throws JsonProcessingException {
        JsonNode tree = mapper.readTree(json);
        if (!(tree instanceof ObjectNode document)) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not a JSON object");
        }
        int stored = document.path(FORMAT).asInt(1);
        int current = format(type);
        if (stored > current) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " has format " + stored
                    + ", newer than the " + current + " this Sagebox reads: it was written by a newer Sagebox");
        }
        List<UnaryOperator<ObjectNode>> steps = upgrades.getOrDefault(type, List.of());
        for (int format = stored; format < current; format++) {
            document = steps.get(format - 1).apply(document);
        }
        document.remove(FORMAT);
        return document;
    }
}
