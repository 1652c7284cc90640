package dev.sagebox.hosting;

import dev.sagebox.core.ResourceRepository;
import java.util.List;

/** The record store of notebook instances. */
public interface NotebookInstanceRepository extends ResourceRepository<NotebookInstance> {
    /** Every notebook instance, whatever its status (each one owns a volume that must outlive restarts). */
    List<NotebookInstance> all();
}
