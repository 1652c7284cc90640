package dev.sagebox.api.protocol;

/** One compiled shape of the service model; the validator switches on the concrete type. */
sealed interface Shape permits StructureShape, ListShape, MapShape, StringShape, NumberShape, ScalarShape {
    /** The shape's name in the model, for diagnostics. */
    String name();
}
