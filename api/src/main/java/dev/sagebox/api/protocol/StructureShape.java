package dev.sagebox.api.protocol;

import java.util.List;

/** A structure: its members in model order, linked after every shape exists. */
final class StructureShape implements Shape {
    private final String name;
    private List<Member> members = List.of();

    StructureShape(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    List<Member> members() {
        return members;
    }

    void link(List<Member> linked) {
        this.members = List.copyOf(linked);
    }

    /**
     * A member: its PascalCase wire name, the lowerCamelCase name AWS uses in validation paths, whether the model
     * requires it, and its shape.
     */
    record Member(String name, String pathName, boolean required, Shape shape) {
    }
}
