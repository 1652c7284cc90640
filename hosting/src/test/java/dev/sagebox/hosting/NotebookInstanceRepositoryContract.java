package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.core.Arn;
import dev.sagebox.core.NotebookInstanceStatus;
import dev.sagebox.core.ResourceRepositoryContract;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NotebookInstanceRepository} does, run against the in-memory double here and against the H2
 * repository in the api module.
 */
public abstract class NotebookInstanceRepositoryContract extends ResourceRepositoryContract<NotebookInstance> {
    @Override
    protected abstract NotebookInstanceRepository repository();

    @Override
    protected NotebookInstance created(String name, Instant created) {
        NotebookInstanceSpec spec = new NotebookInstanceSpec(name, "ml.t2.medium",
                "arn:aws:iam::123456789012:role/Role", 5, Optional.empty(), List.of(), Optional.empty(), "Enabled",
                "Enabled");
        Arn arn = Arn.parse("arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/"
                + name.toLowerCase(Locale.ROOT)).orElseThrow();
        return NotebookInstance.created(spec, arn, created);
    }

    @Override
    protected NotebookInstance moved(NotebookInstance notebook, Instant now) {
        return notebook.moved(NotebookInstanceStatus.FAILED, Optional.of("the image is gone"), now);
    }

    @Test
    void allIsEveryInstanceWhateverItsStatus() {
        NotebookInstanceRepository notebooks = (NotebookInstanceRepository) store();
        notebooks.insertIfAbsent(created("pending", T0));
        notebooks.insertIfAbsent(created("failed", T0.plusSeconds(1)));
        notebooks.update("failed", n -> moved(n, T0.plusSeconds(2)));
        notebooks.insertIfAbsent(created("gone", T0.plusSeconds(3)));
        notebooks.delete("gone");

        assertThat(notebooks.all()).extracting(NotebookInstance::name).containsExactlyInAnyOrder("pending", "failed");
        assertThat(notebooks.find("failed").orElseThrow().failureReason()).contains("the image is gone");
    }
}
