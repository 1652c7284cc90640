package dev.sagebox.docker;

/** A running log follow; closing it stops following. */
public interface LogFollow extends AutoCloseable {
    @Override
    void close();
}
