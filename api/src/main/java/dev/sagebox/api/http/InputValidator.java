package dev.sagebox.api.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks an operation's JSON input against the service model before it is read into a wire record. */
@FunctionalInterface
public interface InputValidator {
    void validate(String operation, JsonNode input);
}
