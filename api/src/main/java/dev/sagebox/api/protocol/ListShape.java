package dev.sagebox.api.protocol;

/** A list with optional length bounds (-1 when absent); its member shape is linked after every shape exists. */
final class ListShape implements Shape {
    private final String name;
    private final int minLength;
    private final int maxLength;
    private Shape member;

    ListShape(String name, int minLength, int maxLength) {
        this.name = name;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    @Override
    public String name() {
        return name;
    }

    int minLength() {
        return minLength;
    }

    int maxLength() {
        return maxLength;
    }

    Shape member() {
        return member;
    }

    /** Called once while the model loads; shapes may refer to each other, so they cannot all be built complete. */
    void link(Shape memberShape) {
        this.member = memberShape;
    }
}
