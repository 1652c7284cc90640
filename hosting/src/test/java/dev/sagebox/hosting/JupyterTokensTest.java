package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JupyterTokensTest {
    @TempDir
    Path home;

    @Test
    void aRestartedServerDerivesTheSameTokenFromItsKeyFile() {
        String token = JupyterTokens.inHome(home).forNotebook("My-Notebook");

        assertThat(JupyterTokens.inHome(home).forNotebook("my-notebook")).isEqualTo(token);
        assertThat(token).matches("[0-9a-f]{64}");
    }

    @Test
    void eachNotebookAndEachServerHasItsOwnToken(@TempDir Path otherHome) {
        JupyterTokens tokens = JupyterTokens.inHome(home);

        assertThat(tokens.forNotebook("nb-1")).isNotEqualTo(tokens.forNotebook("nb-2"));
        assertThat(JupyterTokens.inHome(otherHome).forNotebook("nb-1")).isNotEqualTo(tokens.forNotebook("nb-1"));
    }

    @Test
    void theKeyFileIsReadableByItsOwnerOnly() throws IOException {
        JupyterTokens.inHome(home);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(JupyterTokens.KEY_FILE))))
                .isEqualTo("rw-------");
    }
}
