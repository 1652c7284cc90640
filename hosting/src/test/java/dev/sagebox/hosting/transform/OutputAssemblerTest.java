package dev.sagebox.hosting.transform;

import static dev.sagebox.hosting.transform.Bytes.b;
import static dev.sagebox.hosting.transform.Bytes.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class OutputAssemblerTest {
    @Test
    void lineAssemblyEndsEachOutputWithOneNewline() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputAssembler assembler = new OutputAssembler(AssemblyType.LINE, out);

        assembler.append(b("a"));
        assembler.append(b("b\n"));
        assembler.append(b("c\nd\n"));
        assembler.append(b(""));
        assembler.finish();

        assertThat(s(out.toByteArray())).isEqualTo("a\nb\nc\nd\n\n");
    }

    @Test
    void noneAssemblyConcatenates() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputAssembler assembler = new OutputAssembler(AssemblyType.NONE, out);

        assembler.append(b("[1]"));
        assembler.append(b("[2]\n"));
        assembler.finish();

        assertThat(s(out.toByteArray())).isEqualTo("[1][2]\n");
    }
}
