package dev.sagebox.hosting.transform;

import static dev.sagebox.hosting.transform.Bytes.all;
import static dev.sagebox.hosting.transform.Bytes.bodies;
import static dev.sagebox.hosting.transform.Bytes.csv;
import static dev.sagebox.hosting.transform.Bytes.in;
import static dev.sagebox.hosting.transform.Bytes.json;
import static dev.sagebox.hosting.transform.Bytes.processing;
import static dev.sagebox.hosting.transform.Bytes.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FiltersTest {
    private static List<String> csvInput(String filter, String object) {
        return bodies(all(csv(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0, processing(filter, null, JoinSource.NONE))
                .payloads(in(object))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$|a,b,c,d,e,f,g",
        "$[1:]|b,c,d,e,f,g",
        "$[0,2]|a,c",
        "$[0,5:]|a,f,g",
        "$[-1]|g",
        "$[1:3]|b,c",
        "$[*]|a,b,c,d,e,f,g",
        "$[-2:]|f,g",
    })
    void csvInputFiltersSelectColumns(String filter, String expected) {
        assertThat(csvInput(filter, "a,b,c,d,e,f,g\n")).containsExactly(expected);
    }

    @Test
    void csvColumnsInQuotesKeepTheirCommas() {
        assertThat(csvInput("$[1:]", "1,\"x, y\",3\n")).containsExactly("\"x, y\",3");
    }

    @Test
    void csvIsAssumedForLineSplitWithoutContentType() {
        TransformRecords records = new TransformRecords(SplitType.LINE, BatchStrategy.MULTI_RECORD, 0,
                processing("$[1:]", null, JoinSource.NONE), Optional.empty(), Optional.empty());

        List<Payload> payloads = all(records.payloads(in("id1,1,2\nid2,3,4\n")));

        assertThat(bodies(payloads)).containsExactly("1,2\n3,4\n");
        assertThat(records(payloads.get(0))).containsExactly("id1,1,2", "id2,3,4");
    }

    @Test
    void aCsvIndexOutsideTheRowFailsTheRecord() {
        assertThatThrownBy(() -> csvInput("$[5]", "a,b\n")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("index 5");
    }

    @Test
    void jsonInputFiltersSelectMembersAndElements() {
        String object = "{\"id\":7,\"features\":[1,2,3],\"meta\":{\"a\":{\"b\":\"x\"}}}\n";

        assertThat(jsonInput("$.features", object)).containsExactly("[1,2,3]");
        assertThat(jsonInput("$.features[0]", object)).containsExactly("1");
        assertThat(jsonInput("$.features[1:]", object)).containsExactly("[2,3]");
        assertThat(jsonInput("$.meta.a.b", object)).containsExactly("\"x\"");
        assertThat(jsonInput("$['id','features']", object)).containsExactly("{\"id\":7,\"features\":[1,2,3]}");
        assertThat(jsonInput("$[\"features\"][-1]", object)).containsExactly("3");
        assertThat(jsonInput("$", object)).containsExactly("{\"id\":7,\"features\":[1,2,3],\"meta\":{\"a\":{\"b\":\"x\"}}}");
    }

    @Test
    void jsonArrayRecordsTakeIndexUnions() {
        assertThat(jsonInput("$[0,2:]", "[10,11,12,13]\n")).containsExactly("[10,12,13]");
        assertThat(jsonInput("$[1]", "[10,11,12,13]\n")).containsExactly("11");
    }

    @Test
    void aMissingJsonMemberFailsTheRecord() {
        assertThatThrownBy(() -> jsonInput("$.nope", "{\"id\":1}\n")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("$.nope");
    }

    @Test
    void splitNoneFiltersTheWholeJsonDocument() {
        TransformRecords records = json(SplitType.NONE, BatchStrategy.SINGLE_RECORD, 0,
                processing("$.instances", null, JoinSource.NONE));

        assertThat(bodies(all(records.payloads(in("{\n \"instances\": [[1, 2]],\n \"x\": 1\n}")))))
                .containsExactly("[[1,2]]");
    }

    @Test
    void splitNoneCsvFiltersEachRow() {
        TransformRecords records = csv(SplitType.NONE, BatchStrategy.SINGLE_RECORD, 0,
                processing("$[1:]", null, JoinSource.NONE));

        List<Payload> payloads = all(records.payloads(in("a,1\nb,2\n")));

        assertThat(bodies(payloads)).containsExactly("1\n2\n");
        assertThat(records(payloads.get(0))).containsExactly("a,1\nb,2\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$", "$[1:]", "$[0,2]", "$[0,5:]", "$[-1]", "$[1:3]", "$.features", "$.a.b",
        "$['a','b']", "$.a[0]", "$[*]", "$.*", "$[ 0 , 2 ]", "$['SageMakerOutput']"})
    void validFiltersHaveNoProblem(String filter) {
        assertThat(processing(filter, filter, JoinSource.INPUT).problem()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"features", "$[", "$[1", "$[a]", "$..a", "$[?(@.a)]", "$[1:2:3]", "$.", "$['a", "$x"})
    void invalidFiltersAreNamed(String filter) {
        assertThat(processing(filter, null, JoinSource.NONE).problem()).get().asString()
                .contains("InputFilter").contains(filter);
        assertThat(processing(null, filter, JoinSource.NONE).problem()).get().asString()
                .contains("OutputFilter");
        assertThatThrownBy(() -> csv(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0,
                processing(filter, null, JoinSource.NONE))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void absentEmptyAndDollarFiltersAreIdentity() {
        assertThat(DataProcessing.NONE.problem()).isEmpty();
        assertThat(processing("", "$", JoinSource.NONE).problem()).isEmpty();
        assertThat(processing(null, "$", JoinSource.NONE).outputPath()).isEmpty();
    }

    @Test
    void aFilterLongerThanTheApiAllowsIsAProblem() {
        assertThat(processing("$." + "a".repeat(70), null, JoinSource.NONE).problem()).get().asString()
                .contains("63");
    }

    @Test
    void csvFiltersMustUseIndexes() {
        assertThatThrownBy(() -> csv(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0,
                processing("$.features", null, JoinSource.NONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("indexes");
    }

    @Test
    void processingNeedsCsvOrJsonRecords() {
        assertThatThrownBy(() -> new TransformRecords(SplitType.RECORD_IO, BatchStrategy.SINGLE_RECORD, 0,
                processing("$[1:]", null, JoinSource.NONE), Optional.of("application/x-recordio"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RecordIO");
        assertThatThrownBy(() -> new TransformRecords(SplitType.NONE, BatchStrategy.SINGLE_RECORD, 0,
                processing(null, null, JoinSource.INPUT), Optional.of("image/png"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ContentType");
    }

    @Test
    void wireNamesRoundTrip() {
        assertThat(SplitType.fromWire("TFRecord")).contains(SplitType.TF_RECORD);
        assertThat(SplitType.fromWire("RecordIO")).contains(SplitType.RECORD_IO);
        assertThat(BatchStrategy.fromWire("MultiRecord")).contains(BatchStrategy.MULTI_RECORD);
        assertThat(AssemblyType.fromWire("Line")).contains(AssemblyType.LINE);
        assertThat(JoinSource.fromWire("Input")).contains(JoinSource.INPUT);
        assertThat(JoinSource.fromWire("input")).isEmpty();
    }

    private static List<String> jsonInput(String filter, String object) {
        return bodies(all(json(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0, processing(filter, null, JoinSource.NONE))
                .payloads(in(object))));
    }
}
