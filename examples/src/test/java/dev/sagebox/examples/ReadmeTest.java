package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's walkthrough is the script CI runs, so the two cannot drift apart. */
class ReadmeTest {
    @Test
    void readmeShowsTheCliWalkthroughUnchanged() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String script = Files.readString(Path.of("cli", "walkthrough.sh"));
        assertThat(readme).contains("```bash\n" + script + "```");
    }

    @Test
    void readmeNamesTheExamplePrograms() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String file : new String[] {"examples/python/walkthrough.py",
                "examples/src/main/java/dev/sagebox/examples/IrisWalkthrough.java",
                "examples/src/main/java/dev/sagebox/examples/AbTestingExample.java", "examples/data/iris.csv",
                "examples/sdk/walkthrough.py", "examples/sdk/batch.py", "examples/sdk/prepare_iris.py",
                "examples/sdk/tuning.py"}) {
            assertThat(readme).contains(file);
            assertThat(Path.of("..", file)).exists();
        }
    }
}
