package dev.sagebox.api.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How each record type's stored documents move from one format to the next. Every record type is at format 1 today.
 * To rename or retype a field of a stored record: add a step here (it receives a document of the previous format and
 * returns it in the next one), add the new shape's fixture ({@code RecordFormatTest} says how), and keep the old
 * fixtures, which every build must still read.
 */
final class DocumentUpgrades {
    static final Map<Class<?>, List<UnaryOperator<ObjectNode>>> ALL = Map.of();

    private DocumentUpgrades() {
    }
}
