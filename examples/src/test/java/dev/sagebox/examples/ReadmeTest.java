package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's walkthrough is the script CI runs, so the two cannot drift apart; the README and the pages in docs/ name
 * programs that exist, link to pages and headings that exist, and every page is reachable from the README.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void readmeShowsTheCliWalkthroughUnchanged() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String script = Files.readString(Path.of("cli", "walkthrough.sh"));
        assertThat(readme).contains("```bash\n" + script + "```");
    }

    @Test
    void readmeShowsTheTestCommandCiRuns() throws Exception {
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("./sagebox test");
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("./sagebox test");
    }

    @Test
    void readmeNamesTheWalkthroughsInEveryClient() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String file : new String[] {"examples/python/walkthrough.py",
                "examples/src/main/java/dev/sagebox/examples/IrisWalkthrough.java",
                "examples/src/main/java/dev/sagebox/examples/AbTestingExample.java", "examples/data/iris.csv",
                "examples/sdk/walkthrough.py", "examples/sdk/batch.py", "examples/sdk/prepare_iris.py",
                "examples/sdk/tuning.py", "examples/sdk3/train_deploy.py", "examples/sdk3/script_mode.py",
                "examples/sdk3/core_resources.py"}) {
            assertThat(readme).contains(file);
            assertThat(ROOT.resolve(file)).exists();
        }
    }

    @Test
    void docsShowTheExampleProgramsTheyName() throws Exception {
        String clients = Files.readString(ROOT.resolve("docs/clients.md"));
        for (String file : new String[] {"examples/python/walkthrough.py",
                "examples/src/main/java/dev/sagebox/examples/IrisWalkthrough.java", "examples/sdk/walkthrough.py",
                "examples/sdk/batch.py", "examples/sdk/prepare_iris.py", "examples/sdk/tuning.py",
                "examples/sdk3/train_deploy.py", "examples/sdk3/script_mode.py", "examples/sdk3/core_resources.py"}) {
            assertThat(clients).contains(file);
        }
        Pattern path = Pattern.compile("`((?:examples|api|bench|core|docker|hosting)/[^`*…<> ]+\\.(?:java|py|sh|csv|md))`");
        for (Path page : pages()) {
            Matcher m = path.matcher(Files.readString(page));
            while (m.find()) {
                assertThat(ROOT.resolve(m.group(1))).as("%s names %s", page, m.group(1)).exists();
            }
        }
    }

    @Test
    void everyDocsPageIsLinkedFromTheReadmeAndSaysWhatItCovers() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Path page : pages()) {
            if (page.getFileName().toString().equals("README.md")) {
                continue;
            }
            assertThat(readme).contains("](docs/" + page.getFileName() + ")");
            List<String> lines = Files.readAllLines(page);
            assertThat(lines.get(0)).as("%s starts with its title", page).startsWith("# ");
            assertThat(lines.get(1)).as("%s: a blank line after the title", page).isEmpty();
            assertThat(lines.get(2)).as("%s: one line on what it covers", page).isNotBlank().doesNotStartWith("#");
        }
    }

    @Test
    void linksLeadToFilesAndHeadingsThatExist() throws Exception {
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                int hash = target.indexOf('#');
                Path file = hash == 0 ? page : page.getParent().resolve(hash < 0 ? target : target.substring(0, hash));
                assertThat(file).as("%s links to %s", page, target).exists();
                if (hash >= 0) {
                    assertThat(anchors(file)).as("%s links to %s", page, target).contains(target.substring(hash + 1));
                }
            }
        }
    }

    /** README.md and every page in docs/. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).hasSizeGreaterThan(1);
        return pages;
    }

    /** GitHub's anchors for a page's headings (outside code blocks). */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (!code && line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
